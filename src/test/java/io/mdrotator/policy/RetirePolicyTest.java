package io.mdrotator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy's {@code retire} key, and the warning about slots removed without retirement. */
class RetirePolicyTest {
  private static final Path FILE = Path.of("policy.yaml");
  private final PolicyLoader loader = new PolicyLoader();

  private LoadResult load(String yaml) {
    return loader.load(FILE, yaml, LoadOptions.defaults());
  }

  private static final String POLICY = """
      version: 1
      accounts:
        - username: etl
          slots:
            - name: rw
              token_type: read_write
              retire: true
            - name: ro
              token_type: read_scaling
              retire: {gracePeriod: 2h, destroy: true}
            - name: keep
              token_type: read_write
        - username: old_app
          retire: {destroy: true, gracePeriod: 3d}
          slots:
            - name: rw
              token_type: read_write
            - name: rs
              token_type: read_scaling
              retire: {gracePeriod: 1h}
      """;

  @Test
  void retireOnASlotOrAnAccountWithTheirDefaults() {
    LoadResult r = load(POLICY);
    assertThat(r.errors()).isEmpty();
    Policy p = r.policy().orElseThrow();
    assertThat(p.slot(new SlotId("etl", "rw")).orElseThrow().retirement())
        .contains(new Retirement(Retirement.DEFAULT_GRACE, false));
    assertThat(Retirement.DEFAULT_GRACE).isEqualTo(Duration.ofHours(24));
    assertThat(p.slot(new SlotId("etl", "ro")).orElseThrow().retirement())
        .contains(new Retirement(Duration.ofHours(2), true));
    assertThat(p.slot(new SlotId("etl", "keep")).orElseThrow().retirement()).isEmpty();
    assertThat(p.slot(new SlotId("old_app", "rw")).orElseThrow().retirement())
        .contains(new Retirement(Duration.ofDays(3), true));
    assertThat(p.slot(new SlotId("old_app", "rs")).orElseThrow().retirement())
        .as("the slot's grace, the account's destroy").contains(new Retirement(Duration.ofHours(1), true));
    assertThat(p.account("old_app").orElseThrow().retiring()).isTrue();
    assertThat(p.account("etl").orElseThrow().retiring()).isFalse();
  }

  @Test
  void retireFalseIsInServiceButNotUnderARetiredAccount() {
    LoadResult ok = load("version: 1\naccounts:\n  - username: etl\n    retire: false\n    slots:\n"
        + "      - name: rw\n        token_type: read_write\n        retire: false\n");
    assertThat(ok.errors()).isEmpty();
    assertThat(ok.policy().orElseThrow().slots().get(0).retired()).isFalse();

    LoadResult bad = load("version: 1\naccounts:\n  - username: etl\n    retire: true\n    slots:\n"
        + "      - name: rw\n        token_type: read_write\n        retire: false\n");
    assertThat(bad.errors()).extracting(Problem::format).singleElement().asString()
        .startsWith("policy.yaml:8:17: accounts[0].slots[0].retire: false, but the account is retired");
  }

  @Test
  void aMisspelledOrMistypedRetireIsAnError() {
    LoadResult r = load("version: 1\naccounts:\n  - username: etl\n    slots:\n"
        + "      - name: rw\n        token_type: read_write\n        retire: {grace: 1h}\n"
        + "      - name: ro\n        token_type: read_write\n        retire: soon\n"
        + "      - name: rs\n        token_type: read_write\n        retire: {gracePeriod: 1x}\n");
    assertThat(r.policy()).isEmpty();
    assertThat(r.errors()).hasSize(3);
    assertThat(r.errors()).extracting(Problem::line).containsExactly(7, 10, 13);
    assertThat(r.errors().get(0).message()).isEqualTo("unknown key 'grace' in accounts[0].slots[0].retire");
    assertThat(r.errors().get(1).message()).contains("retire");
  }

  @Test
  void aRetirementGraceLongerThanTheTtlIsLinted() {
    LoadResult r = load("version: 1\naccounts:\n  - username: etl\n    slots:\n"
        + "      - name: rw\n        token_type: read_write\n        ttl: 1d\n        retire: {gracePeriod: 2d}\n");
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).extracting(Problem::message).anyMatch(m -> m.contains("retire.gracePeriod 2d > ttl 1d"));
  }

  @Test
  void removingASlotWithoutRetiringItWarnsAtTheSlotInThePreviousFile() {
    String previous = """
        version: 1
        accounts:
          - username: etl
            slots:
              - name: rw
                token_type: read_write
              - name: old
                token_type: read_write
                retire: true
              - name: gone
                token_type: read_write
        """;
    String next = """
        version: 1
        accounts:
          - username: etl
            slots:
              - name: rw
                token_type: read_write
        """;
    Policy before = load(previous).policy().orElseThrow();
    Policy after = load(next).policy().orElseThrow();

    assertThat(RemovedSlots.unretired(before, after)).containsExactly(new SlotId("etl", "gone"));
    List<Problem> w = RemovedSlots.warnings(Path.of("prev.yaml"), previous, before, after);
    assertThat(w).singleElement().satisfies(p -> {
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.file()).isEqualTo(Path.of("prev.yaml"));
      assertThat(p.line()).isEqualTo(10);
      assertThat(p.message()).contains("etl/gone").contains("retire: true");
    });
    assertThat(RemovedSlots.unretired(after, before)).as("added slots are no removal").isEmpty();
  }
}
