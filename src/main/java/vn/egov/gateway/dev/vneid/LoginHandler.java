package vn.egov.gateway.dev.vneid;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;
import vn.egov.gateway.web.PageException;

/**
 * {@code POST /authorize/login}: checks ID number, password and one-time code of a pending
 * login. A failure shows the form again (401) and counts towards the lock (423); success
 * answers the relying party with a single-use code, {@code state} and {@code iss} (RFC 9207).
 */
interface LoginHandler extends Handler<RoutingContext> {

  static LoginHandler create(MockVneidConfig config, ProviderMetadata metadata, EphemeralStore store, CitizenGenerator citizens,
                             LoginAttempts attempts, LoginPage page, Messages messages, Clock clock) {
    return new Impl(config.codeTtl(), metadata, store, citizens, attempts, page, messages, clock);
  }

  final class Impl implements LoginHandler {

    /** The form's fields, read once. */
    private record Submission(String requestId, String username, String password, String otp, Lang lang) {
    }

    private final Duration codeTtl;
    private final ProviderMetadata metadata;
    private final EphemeralStore store;
    private final CitizenGenerator citizens;
    private final LoginAttempts attempts;
    private final LoginPage page;
    private final Messages messages;
    private final Clock clock;

    Impl(Duration codeTtl, ProviderMetadata metadata, EphemeralStore store, CitizenGenerator citizens, LoginAttempts attempts,
         LoginPage page, Messages messages, Clock clock) {
      this.codeTtl = codeTtl;
      this.metadata = metadata;
      this.store = store;
      this.citizens = citizens;
      this.attempts = attempts;
      this.page = page;
      this.messages = messages;
      this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
      MultiMap form = ctx.request().formAttributes();
      String requestId = form.get(LoginPage.REQUEST_ID);
      String langField = form.get("lang");
      ctx.put(MockVneidFailureHandler.LANG_KEY, Lang.fromTags(langField));
      if (requestId == null || requestId.isBlank()) throw new PageException(400, "login_expired", null);
      store.get(PendingLogin.key(requestId))
          .compose(json -> {
            if (json == null) return Future.failedFuture(new PageException(400, "login_expired", null));
            PendingLogin pending = PendingLogin.fromJson(json);
            Lang lang = langField != null ? Lang.fromTags(langField) : pending.lang();
            Submission s = new Submission(requestId, trimmed(form.get("username")), nonNull(form.get("password")),
                trimmed(form.get("otp")), lang);
            return attempt(pending.request(), s);
          })
          .onSuccess(reply -> reply.send(ctx))
          .onFailure(ctx::fail);
    }

    private Future<Reply> attempt(AuthenticationRequest request, Submission s) {
      if (!LoginPage.USERNAME.matcher(s.username()).matches()) {
        return Future.succeededFuture(form(401, request, s, messages.get(s.lang(), "login.error.username")));
      }
      return attempts.lockedUntil(s.username()).compose(locked -> {
        if (locked.isPresent()) return Future.succeededFuture(lockedForm(request, s, locked.get()));
        Optional<Citizen> citizen = citizens.findByIdentityNumber(s.username()).filter(c -> credentialsMatch(c, s));
        if (citizen.isEmpty()) {
          return attempts.recordFailure(s.username()).map(outcome -> outcome.lockedUntil()
              .map(until -> lockedForm(request, s, until))
              .orElseGet(() -> form(401, request, s, messages.get(s.lang(), "login.error.credentials", outcome.remaining()))));
        }
        return attempts.recordSuccess(s.username())
            // take, not get: of two concurrent submissions of one pending login, only one gets a code.
            .compose(v -> store.take(PendingLogin.key(s.requestId())))
            .compose(taken -> taken == null
                ? Future.failedFuture(new PageException(400, "login_expired", null))
                : issueCode(request, citizen.get()));
      });
    }

    /**
     * RFC 6749 section 4.1.2: a short-lived, single-use code bound to the client and redirect URI,
     * here also to the PKCE challenge and nonce. Every login is fresh, so auth_time is now and any
     * max_age is met. acr reports the account's level whatever acr_values asked for: acr_values is
     * voluntary (OIDC Core 3.1.2.1) and the relying party checks the acr it gets.
     */
    private Future<Reply> issueCode(AuthenticationRequest request, Citizen citizen) {
      AuthorizationCode code = new AuthorizationCode();
      Instant authTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      IssuedCode issued = new IssuedCode(request.getClientID(), request.getRedirectionURI(), request.getCodeChallenge().getValue(),
          request.getNonce(), request.getScope(), VneidClaims.acr(citizen), citizen.index(), authTime);
      return store.put(IssuedCode.key(code.getValue()), issued.toJson(), codeTtl)
          .map(v -> Reply.redirect(new AuthenticationSuccessResponse(request.getRedirectionURI(), code, null, null,
              request.getState(), null, metadata.issuer(), ResponseMode.QUERY).toURI()));
    }

    private Reply form(int status, AuthenticationRequest request, Submission s, String error) {
      return Reply.page(status, page.render(s.lang(), s.requestId(), request.getClientID().getValue(), s.username(), error));
    }

    /** 423 Locked (RFC 4918 section 11.3) with the form, so another account can still be used. */
    private Reply lockedForm(AuthenticationRequest request, Submission s, Instant until) {
      long minutes = Math.max(1, (Duration.between(clock.instant(), until).getSeconds() + 59) / 60);
      return form(423, request, s, messages.get(s.lang(), "login.error.locked", attempts.maxFailures(), minutes));
    }

    /** Both compared in constant time, and both always, so timing does not tell which one was wrong. */
    private static boolean credentialsMatch(Citizen c, Submission s) {
      boolean password = MessageDigest.isEqual(c.password().getBytes(StandardCharsets.UTF_8), s.password().getBytes(StandardCharsets.UTF_8));
      boolean otp = MessageDigest.isEqual(c.otp().getBytes(StandardCharsets.UTF_8), s.otp().getBytes(StandardCharsets.UTF_8));
      return password & otp;
    }

    private static String trimmed(String s) {
      return s == null ? "" : s.trim();
    }

    private static String nonNull(String s) {
      return s == null ? "" : s;
    }
  }
}
