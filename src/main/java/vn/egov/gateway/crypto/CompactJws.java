package vn.egov.gateway.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Compact JWS serialisation (RFC 7515 section 7.1) of JSON claims under one fixed header, for the
 * signatures made on every request (prefill, every delivery attempt). The same bytes as Nimbus's
 * {@code SignedJWT} would give for the same claims, without its costs on this path: the header is
 * encoded once, the claims are written by Jackson instead of Nimbus's Gson, and Base64url is the
 * JDK's (the signature's input is public, so Nimbus's constant-time codec buys nothing here). The
 * signature itself is the signer's ({@link Es256}). Verifiers see an ordinary JWS.
 */
public final class CompactJws {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final JWSSigner signer;
  private final JWSHeader header;
  private final String encodedHeader;

  public CompactJws(JWSSigner signer, JWSHeader header) {
    this.signer = signer;
    this.header = header;
    this.encodedHeader = header.toBase64URL().toString();
  }

  /** The compact JWS of {@code claims} (plain maps and lists or Vert.x JSON values, as Jackson writes them). */
  public String sign(JsonObject claims) {
    String input = encodedHeader + '.' + BASE64URL.encodeToString(claims.toBuffer().getBytes());
    try {
      return input + '.' + signer.sign(header, input.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
    }
  }
}
