package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LeakCanaryTest {
  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

  @Test
  void reportsPlainAndEncodedLeaksWithPositionButNotTheValue() {
    String b64 = Base64.getEncoder().withoutPadding().encodeToString("hvs.secret-value-1234".getBytes(StandardCharsets.UTF_8));
    String text = "line one\nx " + JWT + "\n" + b64;
    LeakCanary canary = LeakCanary.watching(JWT, "hvs.secret-value-1234");
    assertThat(canary.findLeaks("out", text)).containsExactly(
        "out:2:3 secret#0 (len " + JWT.length() + ", plain)", "out:3:1 secret#1 (len 21, base64)");
    assertThatThrownBy(() -> canary.assertNoLeak("out", text))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("out:2:3")
        .hasMessageNotContaining(JWT);
  }

  @Test
  void cleanTextPasses() {
    LeakCanary.watching(JWT).assertNoLeak("out", "token=**** eyJ...");
  }

  @Test
  void refusesShortSecrets() {
    assertThatThrownBy(() -> LeakCanary.watching("abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
