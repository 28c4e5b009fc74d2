package vn.egov.gateway.ops;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.Console;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.OpsConfig;
import vn.egov.gateway.web.Problem;

/**
 * HTTP Basic authentication (RFC 7617) of ops users against the PBKDF2 hashes in config. Mount it
 * in front of every {@code /ops} route; the authenticated user name is then {@link #user(RoutingContext)}.
 * Checking a password is slow on purpose, so it runs on a worker thread; a successful check is
 * remembered for a few minutes (keyed by a SHA-256 of the credentials, never the password itself),
 * so that a dashboard polling every few seconds does not cost a PBKDF2 per request. An unknown
 * user costs as much as a known one, so timing does not tell which user names exist.
 */
public interface OpsAuth extends Handler<RoutingContext> {
  String REALM = "egov-gateway ops";
  String USER_KEY = "ops.user";

  static OpsAuth create(Vertx vertx, OpsConfig config) {
    return new Impl(vertx, config);
  }

  /** The authenticated ops user of the request. */
  static String user(RoutingContext ctx) {
    return ctx.get(USER_KEY);
  }

  /**
   * Prints a password hash for {@code ops.users[].password-hash}. The password is read from the
   * console (or standard input), not from the command line, so it stays out of shell history.
   */
  static void main(String[] args) throws Exception {
    Console console = System.console();
    char[] password;
    if (console != null) {
      password = console.readPassword("ops password: ");
    } else {
      String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password == null || password.length < 12) {
      System.err.println("the password must have at least 12 characters");
      System.exit(2);
    }
    System.out.println(PasswordHash.of(password, PasswordHash.DEFAULT_ITERATIONS).format());
  }

  final class Impl implements OpsAuth {
    private static final Logger LOG = LoggerFactory.getLogger(OpsAuth.class);
    private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;
    private static final int MAX_REMEMBERED = 256;
    /** Longer credentials are refused before any hashing: nobody types a 1 KB password. */
    private static final int MAX_CREDENTIALS = 1024;

    private final Vertx vertx;
    private final Map<String, PasswordHash> users = new HashMap<>();
    private final PasswordHash decoy;
    private final Map<String, Long> remembered = new ConcurrentHashMap<>();

    Impl(Vertx vertx, OpsConfig config) {
      this.vertx = vertx;
      List<OpsConfig.User> list = config == null ? List.of() : config.users();
      for (OpsConfig.User u : list) users.put(u.username(), PasswordHash.parse(u.passwordHash()));
      this.decoy = users.values().stream().findFirst().orElse(null);
    }

    @Override
    public void handle(RoutingContext ctx) {
      Credentials c = Credentials.parse(ctx.request().getHeader("Authorization"));
      if (c == null) {
        refuse(ctx);
        return;
      }
      String memo = memoKey(c);
      Long until = remembered.get(memo);
      if (until != null && until - System.nanoTime() > 0) {
        accept(ctx, c.username());
        return;
      }
      vertx.executeBlocking(() -> check(c), false).onComplete(ar -> {
        if (ar.succeeded() && ar.result()) {
          if (remembered.size() >= MAX_REMEMBERED) remembered.clear();
          remembered.put(memo, System.nanoTime() + REMEMBER_NANOS);
          accept(ctx, c.username());
        } else {
          // The user name may be a mistyped password: it is not logged.
          LOG.warn("ops authentication failed path={}", ctx.request().path());
          refuse(ctx);
        }
      });
    }

    private boolean check(Credentials c) {
      PasswordHash hash = users.get(c.username());
      if (hash == null) {
        if (decoy != null) decoy.matches(c.password());
        return false;
      }
      return hash.matches(c.password());
    }

    private static void accept(RoutingContext ctx, String username) {
      ctx.put(USER_KEY, username);
      ctx.next();
    }

    private static void refuse(RoutingContext ctx) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
      ctx.fail(Problem.of(401, "ops-unauthorized", "Cần đăng nhập bằng tài khoản vận hành",
          "Ops credentials are required").exception());
    }

    private static String memoKey(Credentials c) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(c.username().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(new String(c.password()).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** {@code Authorization: Basic base64(user:password)}, UTF-8 (RFC 7617 section 2.1); null when malformed. */
  record Credentials(String username, char[] password) {
    static Credentials parse(String header) {
      if (header == null || header.length() > Impl.MAX_CREDENTIALS * 2) return null;
      String[] parts = header.trim().split(" +", 2);
      if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) return null;
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(parts[1].trim());
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (raw.length > Impl.MAX_CREDENTIALS) return null;
      CharBuffer text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw));
      } catch (CharacterCodingException e) {
        return null;
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
      String all = text.toString();
      int colon = all.indexOf(':');
      if (colon <= 0) return null;
      return new Credentials(all.substring(0, colon), all.substring(colon + 1).toCharArray());
    }
  }
}
