package vn.egov.gateway.dev.portal;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import vn.egov.gateway.web.Lang;

/**
 * One browser's state at the portal, kept server side: the login in progress, the citizen's tokens
 * after it, and the forms being filled. Only the portal's event loop touches it.
 */
final class PortalSession {
  final String id;
  /** Sent back by every form of the portal: a POST without it is refused (defence in depth beside SameSite=Lax). */
  final String csrf;
  Lang lang = Lang.VI;
  Instant lastSeen;

  OidcClient.PendingLogin pendingLogin;
  /** Where to go after the login (a path of the portal). */
  String afterLogin;
  OidcClient.Login login;
  /** The state sent with the logout request; the return to the portal carries it. */
  String logoutState;
  final Map<String, FormState> forms = new HashMap<>();
  /** The gateway's answers to this session's submissions, by receipt code: shown on the result page. */
  final Map<String, JsonObject> receipts = new HashMap<>();

  PortalSession(String id, String csrf, Instant now) {
    this.id = id;
    this.csrf = csrf;
    this.lastSeen = now;
  }

  boolean loggedIn() {
    return login != null;
  }

  String accessToken() {
    return login == null ? null : login.accessToken().getValue();
  }

  /**
   * A procedure's form while the citizen fills it: the prefilled values and the gateway's signature
   * over them, which locked fields must come back unchanged, and the idempotency key of the submission.
   */
  record FormState(JsonObject prefilled, Set<String> locked, Map<String, String> registerFields, String signature,
                   String idempotencyKey) {
  }
}
