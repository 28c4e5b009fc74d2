package vn.egov.gateway.crypto;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Keeps the committed development PKI out of production. Its keys are public (they are in the
 * repository), so production mode calls {@link #devMaterialProblems} at start-up and refuses to
 * start when it reports anything.
 */
public final class ProductionGuard {
  private ProductionGuard() {}

  /**
   * Every use of development material among the signing keys and the PEM certificate files
   * (server, client and trust certificates alike), one human-readable line each; empty when none.
   * A file that cannot be read counts as a problem: a guard that cannot look must not let it pass.
   */
  public static List<String> devMaterialProblems(SigningKeys keys, List<Path> certificateFiles) {
    List<String> problems = new ArrayList<>();
    for (ECKey key : keys.all()) {
      if (key.getKeyID().startsWith(SigningKeys.DEV_KID_PREFIX)) {
        problems.add("signing key '" + key.getKeyID() + "' is a development key (its kid starts with '"
            + SigningKeys.DEV_KID_PREFIX + "'); configure a production signing key");
      }
    }
    for (Path file : certificateFiles) {
      List<X509Certificate> certificates;
      try {
        certificates = PemFiles.readCertificates(file);
      } catch (IOException e) {
        problems.add(file + ": cannot be checked for development certificates (" + e.getMessage() + ")");
        continue;
      }
      for (X509Certificate certificate : certificates) {
        if (isDevCertificate(certificate)) problems.add(file + ": " + describe(certificate));
      }
    }
    return List.copyOf(problems);
  }

  /** Whether the certificate is the development CA or was issued by it (or by any dev CA). */
  public static boolean isDevCertificate(X509Certificate certificate) {
    return isDevCa(certificate.getSubjectX500Principal()) || isDevCa(certificate.getIssuerX500Principal());
  }

  private static boolean isDevCa(X500Principal name) {
    return name.getName(X500Principal.RFC2253).contains(DevPki.DEV_CA_MARKER);
  }

  private static String describe(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    if (isDevCa(certificate.getSubjectX500Principal())) {
      return "'" + subject + "' is the development CA; use your production CA";
    }
    return "'" + subject + "' is issued by the development CA '"
        + certificate.getIssuerX500Principal().getName(X500Principal.RFC2253)
        + "'; use a certificate from your production CA";
  }
}
