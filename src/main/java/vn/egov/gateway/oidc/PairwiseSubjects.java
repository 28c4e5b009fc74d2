package vn.egov.gateway.oidc;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pairwise subject identifiers (OIDC Core 8.1): a keyed hash of the sector and the citizen, so
 * two portals in different sectors cannot correlate a citizen, and no portal can recover the
 * identity number from {@code sub}.
 */
public final class PairwiseSubjects {
  private final SecretKeySpec key;

  public PairwiseSubjects(String salt) {
    this.key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String subject(String sector, String identityNumber) {
    return hash("sub|" + sector + "|" + identityNumber);
  }

  /** A stable internal key for the citizen (consent records, logs) that is not the identity number. */
  public String citizenKey(String identityNumber) {
    return hash("citizen|" + identityNumber);
  }

  private String hash(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
