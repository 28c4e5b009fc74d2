package vn.egov.gateway.oidc;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.upstream.CitizenIdentity;
import vn.egov.gateway.web.PageException;
import vn.egov.gateway.web.RedirectFailure;

/**
 * Turns raw authorization request parameters into a {@link PendingAuthorization}, or fails.
 * Until client and redirect URI are known to be registered, failures are error pages: the gateway
 * must never become an open redirector (RFC 6749 section 4.1.2.1, RFC 9700 section 4.1).
 * After that, failures go back to the portal with {@code error}, {@code state} and {@code iss}.
 */
public final class AuthorizationRequests {
  private final Function<String, ClientConfig> clients;
  private final Issuer issuer;

  public AuthorizationRequests(Function<String, ClientConfig> clients, String issuer) {
    this.clients = clients;
    this.issuer = new Issuer(issuer);
  }

  public ClientConfig client(Map<String, List<String>> params) {
    String clientId = single(params, "client_id");
    if (clientId == null) throw new PageException(400, "missing_client", null);
    ClientConfig client = clients.apply(clientId);
    if (client == null) throw new PageException(400, "unknown_client", null);
    return client;
  }

  /** Validates the parameters of {@code client}'s request (already looked up with {@link #client}). */
  public PendingAuthorization validate(ClientConfig client, Map<String, List<String>> params, String id, String csrf) {
    String redirect = single(params, "redirect_uri");
    if (redirect == null) throw new PageException(400, "missing_redirect_uri", null);
    URI redirectUri;
    try {
      redirectUri = new URI(redirect);
    } catch (Exception e) {
      throw new PageException(400, "unregistered_redirect_uri", null);
    }
    // Exact string comparison (RFC 9700 section 2.1): no prefix, wildcard or normalisation tricks.
    if (client.redirectUris().stream().noneMatch(u -> u.toString().equals(redirect))) {
      throw new PageException(400, "unregistered_redirect_uri", null);
    }
    String rawState = single(params, "state");
    State state = rawState == null ? null : new State(rawState);

    AuthenticationRequest req;
    try {
      req = AuthenticationRequest.parse(params);
    } catch (ParseException e) {
      ErrorObject err = e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
      throw redirect(redirectUri, err.setDescription(e.getMessage()), state);
    }
    if (!ResponseType.CODE.equals(req.getResponseType())) {
      throw redirect(redirectUri, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("only response_type=code is supported"), state);
    }
    if (req.getResponseMode() != null && !ResponseMode.QUERY.equals(req.getResponseMode())) {
      throw redirect(redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("only response_mode=query is supported"), state);
    }
    if (req.getRequestObject() != null) {
      throw redirect(redirectUri, OAuth2Error.REQUEST_NOT_SUPPORTED, state);
    }
    if (params.containsKey("request_uri")) {
      throw redirect(redirectUri, OAuth2Error.INVALID_REQUEST_URI.setDescription("request_uri must come from this gateway's PAR endpoint"), state);
    }
    // PKCE with S256 is required of every client (RFC 9700 section 2.1.1); plain is refused.
    if (req.getCodeChallenge() == null) {
      throw redirect(redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("code_challenge is required (PKCE, S256)"), state);
    }
    if (!CodeChallengeMethod.S256.equals(req.getCodeChallengeMethod())) {
      throw redirect(redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("code_challenge_method must be S256"), state);
    }
    Set<String> scopes = new LinkedHashSet<>(req.getScope().toStringList());
    for (String s : scopes) {
      if (Scope.of(s).isEmpty() || !client.scopes().contains(s)) {
        throw redirect(redirectUri, OAuth2Error.INVALID_SCOPE.setDescription("scope '" + s + "' is not allowed for this client"), state);
      }
    }
    Set<String> prompt = new LinkedHashSet<>();
    if (req.getPrompt() != null) {
      if (req.getPrompt().contains(Prompt.Type.NONE) && req.getPrompt().size() > 1) {
        throw redirect(redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("prompt=none cannot be combined"), state);
      }
      req.getPrompt().forEach(t -> prompt.add(t.toString()));
      if (prompt.contains("create")) {
        throw redirect(redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("prompt=create is not supported"), state);
      }
    }
    Long maxAge = req.getMaxAge() >= 0 ? (long) req.getMaxAge() : null;
    CitizenIdentity.Level level = null;
    if (req.getACRValues() != null) {
      for (ACR acr : req.getACRValues()) {
        CitizenIdentity.Level l = CitizenIdentity.Level.fromAcr(acr.getValue());
        if (l != null && (level == null || l.ordinal() > level.ordinal())) level = l;
      }
      // OIDC Core 3.1.2.1: acr_values are preferences; only values we know can be honoured.
      if (level == null) {
        throw redirect(redirectUri, OIDCError.UNMET_AUTHENTICATION_REQUIREMENTS.setDescription("acr_values must include LoA1 or LoA2"), state);
      }
    }
    String uiLocales = single(params, "ui_locales");
    String loginHint = req.getLoginHint();
    if (loginHint != null && !loginHint.matches("^[0-9]{12}$")) loginHint = null;
    return new PendingAuthorization(id, client.clientId(), redirectUri, scopes, rawState,
        req.getNonce() == null ? null : req.getNonce().getValue(), req.getCodeChallenge().getValue(), prompt, maxAge,
        level, uiLocales, loginHint, csrf);
  }

  public RedirectFailure redirect(URI redirectUri, ErrorObject error, State state) {
    var response = new AuthorizationErrorResponse(redirectUri, error, state, issuer, ResponseMode.QUERY);
    return new RedirectFailure(response.toURI(), error.getCode());
  }

  public RedirectFailure redirect(PendingAuthorization p, ErrorObject error) {
    return redirect(p.redirectUri(), error, p.state() == null ? null : new State(p.state()));
  }

  static String single(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    if (v == null || v.isEmpty()) return null;
    // RFC 6749 section 3.1: parameters must not be repeated; a repeated one is treated as absent
    // where that is safe (client_id, redirect_uri lead to the error page).
    if (v.size() > 1) return null;
    String s = v.get(0);
    return s == null || s.isEmpty() ? null : s;
  }
}
