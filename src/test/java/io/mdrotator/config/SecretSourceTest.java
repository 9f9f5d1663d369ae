package io.mdrotator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourceTest {
  @TempDir Path dir;

  @Test
  void fileIsReadAndOneTrailingNewlineTrimmed() throws Exception {
    Path f = dir.resolve("t");
    Files.writeString(f, "s3cr3t\n");
    assertThat(new SecretSource.File(f).resolve(Map.of()).reveal()).isEqualTo("s3cr3t");
    Files.writeString(f, "s3cr3t\r\n");
    assertThat(new SecretSource.File(f).resolve(Map.of()).reveal()).isEqualTo("s3cr3t");
  }

  @Test
  void envAndCredential() throws Exception {
    assertThat(new SecretSource.Env("TOK").resolve(Map.of("TOK", "abc")).reveal()).isEqualTo("abc");
    Files.writeString(dir.resolve("md-admin"), "xyz\n");
    assertThat(new SecretSource.Credential("md-admin").resolve(Map.of("CREDENTIALS_DIRECTORY", dir.toString())).reveal())
        .isEqualTo("xyz");
  }

  @Test
  void failuresNameTheSourceNeverTheValue() throws Exception {
    assertThatThrownBy(() -> new SecretSource.Env("TOK").resolve(Map.of()))
        .isInstanceOf(SecretSourceException.class).hasMessage("cannot read secret from environment variable TOK: not set");
    assertThatThrownBy(() -> new SecretSource.Env("TOK").resolve(Map.of("TOK", "\n")))
        .isInstanceOf(SecretSourceException.class).hasMessage("cannot read secret from environment variable TOK: empty");
    assertThatThrownBy(() -> new SecretSource.File(dir.resolve("missing")).resolve(Map.of()))
        .isInstanceOf(SecretSourceException.class).hasMessageContaining("file " + dir.resolve("missing"));
    assertThatThrownBy(() -> new SecretSource.Credential("c").resolve(Map.of()))
        .isInstanceOf(SecretSourceException.class).hasMessageContaining("systemd credential c")
        .hasMessageContaining("CREDENTIALS_DIRECTORY is not set");
    Path f = dir.resolve("empty");
    Files.writeString(f, "");
    assertThatThrownBy(() -> new SecretSource.File(f).resolve(Map.of())).hasMessageEndingWith(": empty");
  }

  @Test
  void credentialNameCannotEscapeTheDirectory() {
    assertThatThrownBy(() -> new SecretSource.Credential("../etc/shadow")).isInstanceOf(IllegalArgumentException.class);
  }
}
