package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Identifier;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.PageException;

/**
 * {@code GET /authorize} (OIDC Core 3.1.2): checks the request, keeps it as a pending login and
 * shows the login form. Until client and redirect URI are known to belong together nothing is
 * redirected anywhere (OIDC Core 3.1.2.6, RFC 6749 section 4.1.2.1); after that, errors go back
 * to the client with {@code state} and {@code iss} (RFC 9207).
 */
interface AuthorizeHandler extends Handler<RoutingContext> {
  /** How long the citizen has to fill in the form. */
  Duration PENDING_TTL = Duration.ofMinutes(10);

  static AuthorizeHandler create(MockVneidConfig config, ProviderMetadata metadata, EphemeralStore store, LoginPage page) {
    return new Impl(config, metadata, store, page);
  }

  final class Impl implements AuthorizeHandler {
    private final MockVneidConfig config;
    private final ProviderMetadata metadata;
    private final EphemeralStore store;
    private final LoginPage page;

    Impl(MockVneidConfig config, ProviderMetadata metadata, EphemeralStore store, LoginPage page) {
      this.config = config;
      this.metadata = metadata;
      this.store = store;
      this.page = page;
    }

    @Override
    public void handle(RoutingContext ctx) {
      Lang lang = Lang.of(ctx, Lang.fromTags(ctx.request().getParam("ui_locales")));
      ctx.put(MockVneidFailureHandler.LANG_KEY, lang);
      String query = ctx.request().query();
      AuthenticationRequest request;
      try {
        request = AuthenticationRequest.parse(query == null ? "" : query);
      } catch (ParseException e) {
        requireRegistered(e.getClientID(), e.getRedirectionURI());
        ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
        Reply.redirect(errorLocation(e.getRedirectionURI(), error, e.getState())).send(ctx);
        return;
      }
      requireRegistered(request.getClientID(), request.getRedirectionURI());
      ErrorObject refusal = refusal(request);
      if (refusal != null) {
        Reply.redirect(errorLocation(request.getRedirectionURI(), refusal, request.getState())).send(ctx);
        return;
      }
      String requestId = new Identifier().getValue();
      store.put(PendingLogin.key(requestId), new PendingLogin(request, lang).toJson(), PENDING_TTL)
          .map(v -> Reply.page(200, page.render(lang, requestId, request.getClientID().getValue(), loginHint(request), null)))
          .onSuccess(reply -> reply.send(ctx))
          .onFailure(ctx::fail);
    }

    private void requireRegistered(ClientID clientId, URI redirectUri) {
      if (clientId == null || config.client(clientId.getValue()).isEmpty()) {
        throw new PageException(400, "unknown_client", clientId == null ? null : "client_id: " + clientId.getValue());
      }
      if (redirectUri == null || !config.client(clientId.getValue()).orElseThrow().allowsRedirect(redirectUri)) {
        throw new PageException(400, "redirect_uri", redirectUri == null ? null : "redirect_uri: " + redirectUri);
      }
    }

    /** What the mock does not do, answered as OIDC Core 3.1.2.6 says; {@code null} when the request is acceptable. */
    private static ErrorObject refusal(AuthenticationRequest request) {
      if (!ResponseType.CODE.equals(request.getResponseType())) {
        return OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("Only the authorization code flow (response_type=code) is supported");
      }
      if (request.getResponseMode() != null && !ResponseMode.QUERY.equals(request.getResponseMode())) {
        return OAuth2Error.INVALID_REQUEST.setDescription("Only response_mode=query is supported");
      }
      if (request.getRequestObject() != null) return OAuth2Error.REQUEST_NOT_SUPPORTED;
      if (request.getRequestURI() != null) return OAuth2Error.REQUEST_URI_NOT_SUPPORTED;
      // PKCE with S256 for every client (RFC 7636; RFC 9700 section 2.1.1); plain is refused.
      if (request.getCodeChallenge() == null || !CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())) {
        return OAuth2Error.INVALID_REQUEST.setDescription("PKCE is required: code_challenge with code_challenge_method=S256");
      }
      // The mock keeps no session, so it can never log anyone in without the form (OIDC Core 3.1.2.6).
      if (request.getPrompt() != null && request.getPrompt().contains(Prompt.Type.NONE)) {
        return OIDCError.LOGIN_REQUIRED;
      }
      return null;
    }

    private URI errorLocation(URI redirectUri, ErrorObject error, State state) {
      return new AuthenticationErrorResponse(redirectUri, error, state, metadata.issuer(), ResponseMode.QUERY).toURI();
    }

    /** OIDC Core 3.1.2.1: login_hint may pre-fill the identifier; only a well-formed ID number is used. */
    private static String loginHint(AuthenticationRequest request) {
      String hint = request.getLoginHint();
      return hint != null && LoginPage.USERNAME.matcher(hint).matches() ? hint : "";
    }
  }
}
