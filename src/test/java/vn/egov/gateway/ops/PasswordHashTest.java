package vn.egov.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PBKDF2 password hashes as stored in config. */
class PasswordHashTest {
  @Test
  void aHashMatchesItsPasswordOnlyAndSurvivesItsTextForm() {
    PasswordHash h = PasswordHash.of("correct horse battery".toCharArray(), PasswordHash.MIN_ITERATIONS);
    PasswordHash read = PasswordHash.parse(h.format());
    assertThat(read.matches("correct horse battery".toCharArray())).isTrue();
    assertThat(read.matches("correct horse batterY".toCharArray())).isFalse();
    assertThat(read.matches(new char[0])).isFalse();
    assertThat(PasswordHash.of("correct horse battery".toCharArray(), PasswordHash.MIN_ITERATIONS).format()).isNotEqualTo(h.format());
  }

  @Test
  void theShippedDevHashIsTheDocumentedDevPassword() {
    var config = vn.egov.gateway.config.ConfigLoader.load(java.nio.file.Path.of("config/gateway.yaml"), java.util.Map.of());
    assertThat(PasswordHash.parse(config.ops().users().get(0).passwordHash()).matches("ops-dev-password".toCharArray())).isTrue();
  }

  @Test
  void weakOrMalformedHashesAreRefused() {
    assertThatThrownBy(() -> PasswordHash.parse("secret")).hasMessageContaining("must be pbkdf2-sha256$");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$" + "A".repeat(43) + "="))
        .hasMessageContaining("at least 100000 iterations");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$200000$!!$!!")).hasMessageContaining("base64");
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$200000$AAAA$AAAA")).hasMessageContaining("salt of at least 16 bytes");
  }
}
