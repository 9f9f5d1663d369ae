package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@SuppressWarnings("try") // SlotMdc is used for its scope only
class SlotMdcTest {
  @Test
  void nestedBlocksRestorePreviousValues() {
    try (SlotMdc outer = SlotMdc.of(Scenario.ETL)) {
      assertThat(MDC.get("rotation_id")).isNull();
      try (SlotMdc inner = SlotMdc.of(Scenario.BI, "r-9")) {
        assertThat(MDC.get("account")).isEqualTo("svc_bi");
        assertThat(MDC.get("rotation_id")).isEqualTo("r-9");
      }
      assertThat(MDC.get("account")).isEqualTo("svc_etl");
      assertThat(MDC.get("slot")).isEqualTo("primary");
      assertThat(MDC.get("rotation_id")).isNull();
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
