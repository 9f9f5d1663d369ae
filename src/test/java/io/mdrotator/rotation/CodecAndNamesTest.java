package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import io.mdrotator.port.KvData;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecAndNamesTest {
  @Test
  void tokenNamesRoundTripAndRejectForeignNames() {
    String name = TokenNames.format("rw", "abc123");
    assertThat(name).isEqualTo("md-rotator/rw/abc123");
    assertThat(TokenNames.parse(name)).contains(new TokenNames.Parsed("rw", "abc123"));
    assertThat(TokenNames.parse("backend-api")).isEmpty();
    assertThat(TokenNames.parse("md-rotator/rw")).isEmpty();
    assertThat(TokenNames.parse("md-rotator/a/b/c")).isEmpty();
    assertThatThrownBy(() -> TokenNames.format("x".repeat(250), "id"))
        .hasMessageContaining("255");
  }

  @Test
  void stateDocumentRoundTripsAndNamesTheBadField() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    SlotState s = SlotState.EMPTY
        .withIntent(new Intent("r1", "md-rotator/rw/r1", t, Optional.of("old")))
        .withIntent(new Intent("r2", "md-rotator/rw/r2", t, Optional.empty()))
        .withSuperseded(new Superseded("old", t, t.plusSeconds(60)));
    SlotState back = StateCodec.decode("p", 4, StateCodec.encode(s));
    assertThat(back).isEqualTo(s.atVersion(4));
    assertThatThrownBy(() -> StateCodec.decode("p", 2, KvData.of(Map.of("intent.r9", "{"))))
        .hasMessageContaining("'p' v2").hasMessageContaining("intent.r9");
  }
}
