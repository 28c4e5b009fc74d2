package vn.egov.gateway.ops;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password: PBKDF2 with HMAC-SHA-256 (RFC 8018 section 5.2), written as
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<derived key, base64>}. Checking one costs
 * tens to hundreds of milliseconds on purpose: call {@link #matches} on a worker thread, never on
 * an event loop.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] derived) {
  public static final String SCHEME = "pbkdf2-sha256";
  /** The floor accepted in config; OWASP's 2023 guidance for PBKDF2-HMAC-SHA256 is 600,000. */
  public static final int MIN_ITERATIONS = 100_000;
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 256;

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static PasswordHash parse(String text) {
    if (text == null) throw new IllegalArgumentException("is missing");
    String[] parts = text.trim().split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("must be " + SCHEME + "$<iterations>$<salt>$<hash> (make one with"
          + " `java -cp target/egov-gateway.jar vn.egov.gateway.ops.OpsAuth`)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations must be a whole number (got '" + parts[1] + "')");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("needs at least " + MIN_ITERATIONS + " iterations (got " + iterations + ")");
    }
    byte[] salt;
    byte[] derived;
    try {
      salt = Base64.getDecoder().decode(parts[2]);
      derived = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt and hash must be base64");
    }
    if (salt.length < 16 || derived.length != KEY_BITS / 8) {
      throw new IllegalArgumentException("needs a salt of at least 16 bytes and a 32-byte hash");
    }
    return new PasswordHash(iterations, salt, derived);
  }

  /** A new hash of {@code password} with a fresh random salt. Blocking (CPU). */
  public static PasswordHash of(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Constant-time comparison of the derived keys. Blocking (CPU). */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(derived, derive(password, salt, iterations));
  }

  public String format() {
    return SCHEME + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(derived);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}
