package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the gateway signs on every prefill and delivery is an ordinary compact JWS: Nimbus parses
 * it, verifies it with its own verifier on the JDK's provider, and reads back exactly the claims
 * that were signed; a changed byte anywhere fails.
 */
class CompactJwsTest {
  private static final ECKey KEY = key();
  private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dossier+jwt"))
      .keyID(KEY.getKeyID()).build();

  private static ECKey key() {
    try {
      return SigningKeys.loadEcJwk(Path.of("certs-dev/gateway-signing-1.jwk"));
    } catch (SigningKeys.KeyLoadException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject claims() {
    return new JsonObject()
        .put("iss", "https://gateway.test")
        .put("aud", "000.21.30.H26")
        .put("iat", 1_795_000_000L)
        .put("form", new JsonObject()
            .put("applicant", Map.of("fullName", "Nguyễn Thị Hoà", "note", "<b>&=\"'\\/</b>"))
            .put("children", new JsonArray().add(new JsonObject().put("age", 7)).add(List.of("a", 1.5, true))))
        .put("warnings", new JsonArray());
  }

  @Test
  void itIsAJwsThatNimbusVerifiesWithTheJdkProviderAndReadsBackExactly() throws Exception {
    String jws = new CompactJws(Es256.signer(KEY), HEADER).sign(claims());

    assertThat(jws.split("\\.", -1)).hasSize(3).allSatisfy(part -> assertThat(part).matches("[A-Za-z0-9_-]+"));
    SignedJWT parsed = SignedJWT.parse(jws);
    assertThat(parsed.verify(new ECDSAVerifier(KEY.toECPublicKey()))).isTrue();
    assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(parsed.getHeader().getType()).isEqualTo(new JOSEObjectType("dossier+jwt"));
    assertThat(parsed.getHeader().getKeyID()).isEqualTo(KEY.getKeyID());
    assertThat(new JsonObject(parsed.getJWTClaimsSet().toJSONObject())).isEqualTo(claims());
    assertThat(parsed.getJWTClaimsSet().getAudience()).containsExactly("000.21.30.H26");
    assertThat(parsed.getJWTClaimsSet().getIssueTime().toInstant().getEpochSecond()).isEqualTo(1_795_000_000L);
  }

  @Test
  void aChangedByteInTheHeaderThePayloadOrTheSignatureFails() throws Exception {
    String jws = new CompactJws(Es256.signer(KEY), HEADER).sign(claims());
    ECDSAVerifier verifier = new ECDSAVerifier(KEY.toECPublicKey());
    int[] positions = {1, jws.indexOf('.') + 5, jws.lastIndexOf('.') - 3, jws.lastIndexOf('.') + 7};
    for (int at : positions) {
      char c = jws.charAt(at);
      String changed = jws.substring(0, at) + (c == 'A' ? 'B' : 'A') + jws.substring(at + 1);
      boolean verified;
      try {
        verified = SignedJWT.parse(changed).verify(verifier);
      } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
        verified = false;
      }
      assertThat(verified).as("a change at " + at).isFalse();
    }
  }
}
