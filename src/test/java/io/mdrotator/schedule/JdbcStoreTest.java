package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcStoreTest {
  private static final String URL = "jdbc:postgresql://db:5432/rot";

  @Test
  void failoverBoundIsTwoCheckinsPlusQuartzGrace() {
    JdbcStore s = JdbcStore.of(URL, Optional.empty(), Optional.empty(), "QRTZ_");
    assertThat(s.failoverBound()).isEqualTo(Duration.ofMillis(37_500));
  }

  @Test
  void rejectsPrefixesThatWouldBeSqlInjection() {
    assertThatThrownBy(() -> JdbcStore.of(URL, Optional.empty(), Optional.empty(), "Q; DROP TABLE x; --"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
    assertThatThrownBy(() -> JdbcStore.of("jdbc:mysql://x/y", Optional.empty(), Optional.empty(), "QRTZ_"))
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void passwordNeverPrinted() {
    JdbcStore s = JdbcStore.of(URL, Optional.of("rot"), Optional.of(Secret.of("hunter2-pw")), "QRTZ_");
    assertThat(s.toString()).doesNotContain("hunter2-pw");
    Properties p = SchedulerOptions.DEFAULTS.withJdbc(s).clusteredProperties(s, "ds1");
    assertThat(p.toString()).doesNotContain("hunter2-pw");
  }

  @Test
  void clusteredPropertiesAreTheClusteredPostgresStore() {
    JdbcStore s = JdbcStore.of(URL, Optional.empty(), Optional.empty(), "MDR_");
    Properties p = SchedulerOptions.DEFAULTS.withJdbc(s).clusteredProperties(s, "ds1");
    assertThat(p.getProperty("org.quartz.jobStore.class")).isEqualTo("org.quartz.impl.jdbcjobstore.JobStoreTX");
    assertThat(p.getProperty("org.quartz.jobStore.driverDelegateClass")).endsWith("PostgreSQLDelegate");
    assertThat(p.getProperty("org.quartz.jobStore.isClustered")).isEqualTo("true");
    assertThat(p.getProperty("org.quartz.jobStore.useProperties")).isEqualTo("true");
    assertThat(p.getProperty("org.quartz.jobStore.tablePrefix")).isEqualTo("MDR_");
    assertThat(p.getProperty("org.quartz.jobStore.dataSource")).isEqualTo("ds1");
    assertThat(p.getProperty("org.quartz.scheduler.instanceId")).isEqualTo("AUTO");
    assertThat(p.getProperty("org.quartz.jobStore.clusterCheckinInterval")).isEqualTo("15000");
  }

  @Test
  void schemaScriptHasNoDropsAndIsIdempotent() {
    var statements = QuartzSchema.statements("MDR_");
    assertThat(statements).hasSize(32); // Quartz's 11 tables and 20 indexes, our SLOT_RUNS
    assertThat(QuartzSchema.objectName(statements.get(31))).isEqualTo("MDR_SLOT_RUNS");
    assertThat(statements).noneMatch(s -> s.toUpperCase().contains("DROP"));
    assertThat(statements).allMatch(s -> s.contains("IF NOT EXISTS"));
    assertThat(statements).noneMatch(s -> s.contains("{prefix}") || s.contains("QRTZ"));
    assertThat(statements).allMatch(s -> QuartzSchema.objectName(s).startsWith("MDR_"));
    assertThat(QuartzSchema.objectName(statements.get(0))).isEqualTo("MDR_JOB_DETAILS");
  }
}
