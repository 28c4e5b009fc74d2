package vn.egov.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * What one virtual user does in one iteration of each scenario. Every step checks the status and
 * the shape of the answer it expects; anything else fails the iteration with a named error kind.
 */
final class Scenarios {
  static final String PORTAL_CLIENT = "demo-portal";
  static final String PORTAL_SECRET = "demo-portal-secret";
  static final String PORTAL_REDIRECT = "http://localhost:8081/callback";
  static final String GATEWAY_CLIENT = "egov-gateway";
  static final String GATEWAY_SECRET = "egov-gateway-dev-secret";

  /** One iteration: true when it is a measured operation, false for bookkeeping (a refresh chain re-login). */
  interface Scenario {
    String name();

    Future<Boolean> once(VirtualUser vu);

    /** Before the clock starts: e.g. one login per virtual user to start a refresh chain. */
    default Future<Void> prepare(VirtualUser vu) {
      return Future.succeededFuture();
    }

    /** Fresh accounts this scenario will need for {@code seconds} at most at {@code rate} per second. */
    default int freshAccountsNeeded(double rate, int seconds) {
      return 0;
    }

    /** Whether iterations may overlap on one virtual user (open loop): false when it keeps per-user state. */
    default boolean openLoop() {
      return true;
    }
  }

  /** A failed expectation; the kind names the step and what went wrong, the detail helps debugging. */
  static final class Failure extends RuntimeException {
    final String kind;

    Failure(String kind, String detail) {
      super(detail, null, false, false);
      this.kind = kind;
    }
  }

  private final Target t;
  private final Accounts accounts;
  private final String portalBasic;
  private final String gatewayBasic;
  private final String scope;
  private final PrefillPool prefill;

  /** {@code register}: the mock population register's base URL (https), or null when not measured. */
  record Target(String gateway, String vneid, String register) {
  }

  Scenarios(Target t, Accounts accounts, String scope, PrefillPool prefill) {
    this.t = t;
    this.accounts = accounts;
    this.scope = scope;
    this.prefill = prefill;
    this.portalBasic = basic(PORTAL_CLIENT, PORTAL_SECRET);
    this.gatewayBasic = basic(GATEWAY_CLIENT, GATEWAY_SECRET);
  }

  Scenario byName(String name) {
    return switch (name) {
      case "login-returning" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Boolean> once(VirtualUser vu) {
          return brokeredLogin(vu, accounts.nextReturning(), false).map(body -> true);
        }
      };
      case "login-first-time" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Boolean> once(VirtualUser vu) {
          Accounts.Account a = accounts.nextFresh();
          if (a == null) return Future.failedFuture(new Failure("bench: fresh accounts exhausted", "raise --max-login-rate"));
          return brokeredLogin(vu, a, true).map(body -> true);
        }

        public int freshAccountsNeeded(double rate, int seconds) {
          return (int) Math.ceil(rate * seconds) + 2000;
        }
      };
      case "mock-code-flow" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Boolean> once(VirtualUser vu) {
          return mockCodeFlow(vu, accounts.nextReturning()).map(body -> true);
        }
      };
      case "refresh" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Void> prepare(VirtualUser vu) {
          return startChain(vu);
        }

        public boolean openLoop() {
          return false;
        }

        public Future<Boolean> once(VirtualUser vu) {
          // A broken chain (an error was counted) is restarted with a login that is not a measured refresh.
          if (vu.refreshToken == null) return startChain(vu).map(v -> false);
          return refresh(vu).map(v -> true);
        }
      };
      case "jwks" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Boolean> once(VirtualUser vu) {
          String url = t.gateway() + "/jwks";
          return step(vu, "jwks", () -> vu.lane.client.getAbs(url).send()).map(r -> {
            expectStatus("jwks", r, 200);
            if (!r.bodyAsString().contains("\"keys\"")) throw new Failure("jwks: no keys", r.bodyAsString());
            return true;
          });
        }
      };
      case "prefill" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Boolean> once(VirtualUser vu) {
          return prefill(vu, prefill.next()).map(body -> true);
        }
      };
      case "register-direct" -> new Scenario() {
        public String name() {
          return name;
        }

        public Future<Boolean> once(VirtualUser vu) {
          return registerDirect(vu, prefill.next()).map(body -> true);
        }
      };
      default -> throw new IllegalArgumentException("unknown scenario " + name
          + " (login-returning, login-first-time, mock-code-flow, refresh, jwks, prefill, register-direct)");
    };
  }

  /**
   * The complete brokered login, as a portal and a new browser do it: portal /authorize at the
   * gateway, the mock's login form, the credentials, the gateway's callback (upstream code
   * exchange, ID token check, userinfo, SSO session), consent when expected, and the portal's
   * code redemption at /token. Returns the token response body. {@code expectConsent}: true, the
   * consent page must come; false, it must not; null, either (a citizen who may have consented before).
   */
  Future<String> brokeredLogin(VirtualUser vu, Accounts.Account a, Boolean expectConsent) {
    return brokeredLogin(vu, a, expectConsent, scope);
  }

  /** As {@link #brokeredLogin(VirtualUser, Accounts.Account, Boolean)}, asking for {@code scope}. */
  Future<String> brokeredLogin(VirtualUser vu, Accounts.Account a, Boolean expectConsent, String scope) {
    Browser b = new Browser(vu.lane.client);
    String verifier = randomToken();
    String state = randomToken();
    String authorize = t.gateway() + "/authorize?client_id=" + PORTAL_CLIENT + "&redirect_uri=" + Browser.enc(PORTAL_REDIRECT)
        + "&response_type=code&scope=" + Browser.enc(scope) + "&state=" + state + "&nonce=" + randomToken()
        + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
    return step(vu, "gw-authorize", () -> b.get(authorize))
        .compose(r -> {
          String idp = redirect("gw-authorize", r, authorize, t.vneid() + "/authorize");
          return idpLogin(vu, b, idp, a, t.gateway() + "/login/callback");
        })
        .compose(callback -> step(vu, "gw-callback", () -> b.get(callback)).map(r -> {
          String consentPage = t.gateway() + "/consent?";
          if (expectConsent == null) {
            String loc = Browser.location(r, callback);
            return redirect("gw-callback", r, callback, loc != null && loc.startsWith(consentPage) ? consentPage : PORTAL_REDIRECT);
          }
          return redirect("gw-callback", r, callback, expectConsent ? consentPage : PORTAL_REDIRECT);
        }))
        .compose(next -> next.startsWith(PORTAL_REDIRECT) ? Future.succeededFuture(next) : consent(vu, b, next))
        .compose(portal -> {
          Map<String, String> q = Browser.query(portal);
          if (!state.equals(q.get("state"))) throw new Failure("portal redirect: state mismatch", portal);
          if (!t.gateway().equals(q.get("iss"))) throw new Failure("portal redirect: iss missing or wrong", portal);
          String code = q.get("code");
          if (code == null) throw new Failure("portal redirect: no code", portal);
          return tokenRequest(vu, "gw-token", t.gateway() + "/token", portalBasic, Browser.form("grant_type", "authorization_code",
              "code", code, "redirect_uri", PORTAL_REDIRECT, "code_verifier", verifier));
        });
  }

  /** The mock's form: GET it, fill it, POST it; returns the redirect back to the relying party. */
  private Future<String> idpLogin(VirtualUser vu, Browser b, String formUrl, Accounts.Account a, String expectedRedirect) {
    return step(vu, "idp-form", () -> b.get(formUrl)).compose(r -> {
      expectStatus("idp-form", r, 200);
      String html = r.bodyAsString();
      String requestId = Browser.inputValue(html, "request_id");
      String lang = Browser.inputValue(html, "lang");
      if (requestId == null) throw new Failure("idp-form: no request_id", html);
      String post = t.vneid() + "/authorize/login";
      String body = Browser.form("request_id", requestId, "lang", lang == null ? "vi" : lang,
          "username", a.identityNumber(), "password", a.password(), "otp", a.otp());
      return step(vu, "idp-login", () -> b.postForm(post, body)).map(p -> redirect("idp-login", p, post, expectedRedirect));
    });
  }

  private Future<String> consent(VirtualUser vu, Browser b, String page) {
    return step(vu, "gw-consent-page", () -> b.get(page)).compose(r -> {
      expectStatus("gw-consent-page", r, 200);
      String html = r.bodyAsString();
      String tx = Browser.inputValue(html, "tx");
      String csrf = Browser.inputValue(html, "csrf");
      String lang = Browser.inputValue(html, "lang");
      if (tx == null || csrf == null || !html.contains("name=\"decision\" value=\"approve\"")) {
        throw new Failure("gw-consent-page: not the consent form", html);
      }
      String post = t.gateway() + "/consent";
      String body = Browser.form("tx", tx, "csrf", csrf, "lang", lang == null ? "vi" : lang, "decision", "approve");
      return step(vu, "gw-consent-approve", () -> b.postForm(post, body))
          .map(p -> redirect("gw-consent-approve", p, post, PORTAL_REDIRECT));
    });
  }

  /**
   * Baseline: the same code flow straight at the mock VNeID, as the client the gateway itself is
   * there (its id, secret and callback URL), without calling the gateway: authorize, form, POST,
   * code from the 302, /token with PKCE.
   */
  Future<String> mockCodeFlow(VirtualUser vu, Accounts.Account a) {
    Browser b = new Browser(vu.lane.client);
    String verifier = randomToken();
    String state = randomToken();
    String callback = t.gateway() + "/login/callback";
    String authorize = t.vneid() + "/authorize?client_id=" + GATEWAY_CLIENT + "&redirect_uri=" + Browser.enc(callback)
        + "&response_type=code&scope=openid&state=" + state + "&nonce=" + randomToken()
        + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
    return idpLogin(vu, b, authorize, a, callback).compose(back -> {
      Map<String, String> q = Browser.query(back);
      if (!state.equals(q.get("state"))) throw new Failure("idp redirect: state mismatch", back);
      String code = q.get("code");
      if (code == null) throw new Failure("idp redirect: no code", back);
      return tokenRequest(vu, "idp-token", t.vneid() + "/token", gatewayBasic, Browser.form("grant_type", "authorization_code",
          "code", code, "redirect_uri", callback, "code_verifier", verifier));
    });
  }

  /**
   * The portal's prefill call: {@code GET /api/v1/procedures/{code}/prefill} with the citizen's
   * bearer token. The gateway verifies the token, looks the standing consent up in its store,
   * reads the register over mutual TLS, signs the released values (ES256) and appends the release
   * to the access log before it answers. Returns the body.
   */
  Future<String> prefill(VirtualUser vu, PrefillPool.Holder h) {
    String url = t.gateway() + "/api/v1/procedures/" + h.procedure() + "/prefill";
    return step(vu, "gw-prefill", () -> vu.lane.client.getAbs(url)
        .putHeader("Authorization", "Bearer " + h.accessToken())
        .putHeader("Accept", "application/json")
        .send())
        .map(r -> {
          expectStatus("gw-prefill", r, 200);
          String body = r.bodyAsString();
          if (body == null || !body.contains("\"signature\"") || !body.contains("\"" + h.procedure() + "\"")) {
            throw new Failure("gw-prefill: not a signed prefill of the procedure", String.valueOf(body));
          }
          return body;
        });
  }

  /**
   * Baseline: the register read the gateway makes for the same citizen and procedure, straight at
   * the mock register over mutual TLS with the gateway's client certificate: the same path,
   * {@code fields=} list, {@code Accept} and a {@code traceparent} (see prefill/RegisterClient).
   */
  Future<String> registerDirect(VirtualUser vu, PrefillPool.Holder h) {
    if (vu.lane.register == null) return Future.failedFuture(new Failure("bench: no register client", "pass --register URL"));
    List<String> fields = prefill.fields(h.procedure());
    String id = h.account().identityNumber();
    String url = t.register() + "/api/v1/citizens/" + id;
    return step(vu, "register", () -> {
      var request = vu.lane.register.getAbs(url)
          .putHeader("Accept", "application/json")
          .putHeader("traceparent", "00-" + hex(16) + "-" + hex(8) + "-01");
      if (!fields.isEmpty()) request.addQueryParam("fields", String.join(",", fields));
      return request.send();
    }).map(r -> {
      expectStatus("register", r, 200);
      String body = r.bodyAsString();
      if (body == null || !body.startsWith("{") || (fields.contains("identityNumber") && !body.contains(id))) {
        throw new Failure("register: not this citizen's record", String.valueOf(body));
      }
      return body;
    });
  }

  private static String hex(int bytes) {
    StringBuilder b = new StringBuilder(bytes * 2);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < bytes; i++) b.append(Character.forDigit(r.nextInt(16), 16)).append(Character.forDigit(r.nextInt(16), 16));
    return b.toString();
  }

  private Future<Void> startChain(VirtualUser vu) {
    return brokeredLogin(vu, accounts.nextReturning(), false).map(body -> {
      vu.refreshToken = Browser.jsonString(body, "refresh_token");
      if (vu.refreshToken == null) throw new Failure("gw-token: no refresh_token", body);
      return null;
    });
  }

  private Future<Void> refresh(VirtualUser vu) {
    String body = Browser.form("grant_type", "refresh_token", "refresh_token", vu.refreshToken);
    vu.refreshToken = null;
    return tokenRequest(vu, "gw-refresh", t.gateway() + "/token", portalBasic, body).map(json -> {
      String next = Browser.jsonString(json, "refresh_token");
      if (next == null) throw new Failure("gw-refresh: no refresh_token", json);
      vu.refreshToken = next;
      return null;
    });
  }

  private Future<String> tokenRequest(VirtualUser vu, String step, String url, String authorization, String form) {
    return step(vu, step, () -> vu.lane.client.requestAbs(HttpMethod.POST, url)
        .putHeader("Authorization", authorization)
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer(form)))
        .map(r -> {
          expectStatus(step, r, 200);
          String json = r.bodyAsString();
          // An ID token is due for a code (OIDC Core 3.1.3.3); on a refresh it is optional (12.2).
          boolean idTokenDue = form.startsWith("grant_type=authorization_code");
          if (json == null || !json.contains("\"access_token\"") || (idTokenDue && !json.contains("\"id_token\""))) {
            throw new Failure(step + ": no tokens", json);
          }
          return json;
        });
  }

  /** Times one HTTP exchange under its step name. */
  private static Future<HttpResponse<Buffer>> step(VirtualUser vu, String name, Supplier<Future<HttpResponse<Buffer>>> call) {
    long start = System.nanoTime();
    return call.get()
        .recover(e -> Future.failedFuture(e instanceof Failure ? e : new Failure(name + ": " + e.getClass().getSimpleName(),
            String.valueOf(e.getMessage()))))
        .onSuccess(r -> vu.lane.recorder.step(name, start, System.nanoTime()));
  }

  private static void expectStatus(String step, HttpResponse<Buffer> r, int status) {
    if (r.statusCode() != status) {
      String body = r.bodyAsString();
      throw new Failure(step + ": HTTP " + r.statusCode(), body == null ? "" : body);
    }
  }

  /** A 302 whose Location starts with {@code prefix}; returns the absolute Location. */
  private static String redirect(String step, HttpResponse<Buffer> r, String requestUrl, String prefix) {
    expectStatus(step, r, 302);
    String loc = Browser.location(r, requestUrl);
    if (loc == null || !loc.startsWith(prefix)) {
      String where = loc == null ? "none" : loc.length() > 40 ? loc.substring(0, loc.indexOf('?') > 0 ? loc.indexOf('?') : 40) : loc;
      throw new Failure(step + ": redirect to " + where + " instead of " + prefix, String.valueOf(loc));
    }
    return loc;
  }

  static String randomToken() {
    byte[] b = new byte[32];
    ThreadLocalRandom.current().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((Browser.enc(id) + ":" + Browser.enc(secret)).getBytes(StandardCharsets.UTF_8));
  }
}
