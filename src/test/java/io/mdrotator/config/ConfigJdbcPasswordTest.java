package io.mdrotator.config;

import static io.mdrotator.config.ConfigLoaderTest.FILE;
import static io.mdrotator.config.ConfigLoaderTest.MINIMAL;
import static io.mdrotator.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A password inside {@code scheduler.jdbc.url} is an inline secret like any other: an error at the
 * URL's line and column that never quotes the URL, so the password does not reach a terminal or CI log.
 */
class ConfigJdbcPasswordTest {
  static final String PASSWORD = "Sup3r-s3cret-db-pw";

  static String jdbc(String url) {
    return MINIMAL + "scheduler:\n  store: jdbc\n  jdbc:\n    url: " + url + "\n";
  }

  @Test
  void aPasswordParameterIsAnInlineSecret() {
    for (String url : List.of(
        "jdbc:postgresql://db.example.com/md?user=md&password=" + PASSWORD + "&sslmode=verify-full",
        "jdbc:postgresql://db.example.com/md?password=" + PASSWORD,
        "jdbc:postgresql://db.example.com/md?sslmode=verify-full&sslpassword=" + PASSWORD,
        "jdbc:postgresql://db.example.com/md?PASSWORD=" + PASSWORD,
        "jdbc:postgresql://md:" + PASSWORD + "@db.example.com/md")) {
      List<String> ps = problems(jdbc(url));
      assertThat(ps).as(url).containsExactly("/etc/md-rotator/md-rotator.yaml:12:10: scheduler.jdbc.url: holds a"
          + " password; inline secrets are not allowed; remove it from the URL and set scheduler.jdbc.password to"
          + " {file: PATH}, {env: NAME} or {credential: NAME}");
      assertThat(String.join("\n", ps)).doesNotContain(PASSWORD);
    }
  }

  /** Even when the URL breaks another rule, that rule does not quote it. */
  @Test
  void aUrlWithAPasswordIsNotQuotedByAnyOtherCheck() {
    List<String> ps = problems(jdbc("postgresql://db/md?password=" + PASSWORD));
    assertThat(ps).singleElement().asString().contains("scheduler.jdbc.url: holds a password");
  }

  @Test
  void urlsWithoutAPasswordLoad() throws Exception {
    for (String url : List.of("jdbc:postgresql://db.example.com:5432/md?sslmode=verify-full&sslrootcert=/etc/ca.pem",
        "jdbc:postgresql://[::1]:5432/md?user=md", "jdbc:postgresql://db/md?passwordless=1")) {
      assertThat(ConfigLoader.load(FILE, jdbc(url)).scheduler().jdbc().orElseThrow().url()).isEqualTo(url);
    }
  }
}
