package io.mdrotator.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void toStringNeverShowsTheValue() {
    Secret s = Secret.of("eyJhbGciOi.payload.sig");
    assertThat(s.toString()).doesNotContain("eyJ").doesNotContain("payload").isEqualTo("Secret[****]");
    assertThat(String.valueOf(s)).doesNotContain("payload");
    record Holder(String name, Secret secret) {}
    assertThat(new Holder("x", s).toString()).doesNotContain("payload");
  }

  @Test
  void revealReturnsTheValueAndEqualityComparesValues() {
    assertThat(Secret.of("abc").reveal()).isEqualTo("abc");
    assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abd"));
  }

  @Test
  void emptyOrNullIsRejected() {
    assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
  }
}
