package vn.egov.gateway.dev.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.crypto.PemFiles;

class ClientCertificateHandlerTest {

  @Test
  void theDevClientCertificatesNameTheirClients() throws Exception {
    assertThat(ClientCertificateHandler.commonName(subject("gateway-client"))).contains("egov-gateway");
    assertThat(ClientCertificateHandler.commonName(subject("agency-client"))).contains("000.00.01.H26");
  }

  @Test
  void aSubjectNamesOneClientOrNobody() {
    assertThat(ClientCertificateHandler.commonName(new X500Principal("CN=egov-gateway, O=egov-gateway development")))
        .contains("egov-gateway");
    // Escaped characters are part of the name, not separators.
    assertThat(ClientCertificateHandler.commonName(new X500Principal("CN=egov-gateway\\,O=evil, O=x"))).contains("egov-gateway,O=evil");
    assertThat(ClientCertificateHandler.commonName(new X500Principal("O=egov-gateway development"))).isEmpty();
    // Two CNs: which one would be the client? Neither.
    assertThat(ClientCertificateHandler.commonName(new X500Principal("CN=egov-gateway, CN=someone-else, O=x"))).isEmpty();
    assertThat(ClientCertificateHandler.commonName(new X500Principal("CN=egov-gateway+CN=other, O=x"))).isEmpty();
  }

  private static X500Principal subject(String name) throws Exception {
    return PemFiles.readCertificate(Path.of("certs-dev", name + ".crt")).getSubjectX500Principal();
  }
}
