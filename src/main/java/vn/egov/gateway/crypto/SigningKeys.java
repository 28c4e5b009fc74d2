package vn.egov.gateway.crypto;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's ES256 token-signing keys. The first key signs; all are published in the JWKS so
 * that relying parties can verify tokens signed by a key being rolled in or out.
 * Files hold a private EC P-256 JWK (JSON); keys are loaded once at start-up.
 */
public final class SigningKeys {
  /** Key ids of the committed development keys start with this, and production refuses them. */
  public static final String DEV_KID_PREFIX = "dev-";

  private final List<ECKey> keys;

  public SigningKeys(List<ECKey> keys) {
    if (keys.isEmpty()) throw new IllegalArgumentException("at least one signing key is required");
    this.keys = List.copyOf(keys);
  }

  public static SigningKeys load(List<Path> files) throws KeyLoadException {
    List<ECKey> keys = new ArrayList<>();
    for (Path file : files) keys.add(loadEcJwk(file));
    return new SigningKeys(keys);
  }

  public static ECKey loadEcJwk(Path file) throws KeyLoadException {
    JWK jwk = loadJwk(file);
    if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
      throw new KeyLoadException(file + ": must be an EC P-256 key (ES256)");
    }
    if (!ec.isPrivate()) throw new KeyLoadException(file + ": holds no private key");
    if (ec.getKeyID() == null) throw new KeyLoadException(file + ": the key has no kid");
    return ec;
  }

  public static JWK loadJwk(Path file) throws KeyLoadException {
    try {
      return JWK.parse(Files.readString(file));
    } catch (IOException e) {
      throw new KeyLoadException(file + ": cannot be read (" + e.getMessage() + ")");
    } catch (ParseException e) {
      throw new KeyLoadException(file + ": is not a JWK (" + e.getMessage() + ")");
    }
  }

  public ECKey active() {
    return keys.get(0);
  }

  /** A signer with the active key ({@link Es256}). Every ES256 signature of the gateway goes through one. */
  public com.nimbusds.jose.JWSSigner signer() {
    return Es256.signer(active());
  }

  /** Compact JWS of the given type ({@code typ}), signed with the active key, its {@code kid} in the header. */
  public CompactJws jws(com.nimbusds.jose.JOSEObjectType type) {
    return new CompactJws(signer(), new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256).type(type)
        .keyID(active().getKeyID()).build());
  }

  public List<ECKey> all() {
    return keys;
  }

  public Optional<ECKey> byKid(String kid) {
    for (ECKey k : keys) if (k.getKeyID().equals(kid)) return Optional.of(k);
    return Optional.empty();
  }

  public JWSAlgorithm algorithm() {
    return JWSAlgorithm.ES256;
  }

  /** The public JWKS: public parts only, each marked for signatures with ES256. */
  public JWKSet publicJwks() {
    List<JWK> pub = new ArrayList<>();
    for (ECKey k : keys) {
      pub.add(new ECKey.Builder(k.toPublicJWK()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build());
    }
    return new JWKSet(pub);
  }

  public boolean anyDevKey() {
    return keys.stream().anyMatch(k -> k.getKeyID().startsWith(DEV_KID_PREFIX));
  }

  public static final class KeyLoadException extends Exception {
    public KeyLoadException(String message) {
      super(message);
    }
  }

}
