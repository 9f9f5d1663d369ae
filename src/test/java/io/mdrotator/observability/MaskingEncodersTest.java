package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SuppressWarnings("try") // SlotMdc is used for its scope only
class MaskingEncodersTest {
  static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmNfZXRsIn0.Zm9vYmFyYmF6cXV4";
  static final String VAULT = "hvs.CAESIJlU9xWr3dM0aYhZ7eKqN5p4hR4XyZ";
  static final String RAW = "raw-password-value-77";

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @ParameterizedTest
  @EnumSource(LogFormat.class)
  void fakeTokensInMessageArgumentMdcKvAndExceptionAreMasked(LogFormat format) {
    CapturedLogs logs = new CapturedLogs("test", format, LoggingSetup.TEXT_PATTERN);
    try (SlotMdc mdc = SlotMdc.of(Scenario.ETL, "r-42")) {
      MDC.put("leaky", "token=" + RAW);
      logs.logger.info("minted " + JWT + " for {}", "svc_etl");
      logs.logger.info("stored {} in vault with {}", JWT, VAULT);
      logs.logger.atWarn().addKeyValue("header", "X-Vault-Token: " + VAULT).log("kv");
      logs.logger.error("create failed", new IllegalStateException("body was {\"token\":\"" + JWT + "\"}",
          new RuntimeException("vault said client_token=" + VAULT)));
    }
    String out = logs.text();
    LeakCanary.watching(JWT, VAULT, RAW).assertNoLeak("log output " + format, out);
    assertThat(out).contains("****").contains("svc_etl").contains("r-42").contains("create failed")
        .contains("IllegalStateException");
  }

  @ParameterizedTest
  @EnumSource(LogFormat.class)
  void slotFieldsOnEveryLine(LogFormat format) {
    CapturedLogs logs = new CapturedLogs("test", format, LoggingSetup.TEXT_PATTERN);
    try (SlotMdc mdc = SlotMdc.of(Scenario.BI, "r-7")) {
      logs.logger.info("one");
      logs.logger.info("two");
    }
    logs.logger.info("outside");
    String[] lines = logs.text().split("\n");
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 2; i++) {
      assertThat(lines[i]).contains("svc_bi").contains("reader").contains("r-7");
    }
    assertThat(lines[2]).doesNotContain("svc_bi");
  }

  @ParameterizedTest
  @EnumSource(value = LogFormat.class, names = "JSON")
  void jsonLinesAreParseableWithTopLevelMdc(LogFormat format) {
    CapturedLogs logs = new CapturedLogs("test", format, null);
    try (SlotMdc mdc = SlotMdc.of(Scenario.ETL, "r-1")) {
      MDC.put("message", "clash");
      logs.logger.warn("hello {}", "world", new RuntimeException("boom"));
    }
    JsonNode n = JsonMapper.builder().build().readTree(logs.text());
    assertThat(n.get("message").asString()).isEqualTo("hello world");
    assertThat(n.get("level").asString()).isEqualTo("WARN");
    assertThat(n.get("account").asString()).isEqualTo("svc_etl");
    assertThat(n.get("slot").asString()).isEqualTo("primary");
    assertThat(n.get("rotation_id").asString()).isEqualTo("r-1");
    assertThat(n.get("mdc_message").asString()).isEqualTo("clash");
    assertThat(n.get("exception").asString()).startsWith("java.lang.RuntimeException: boom");
  }
}
