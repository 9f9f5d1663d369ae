package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * One run of the loader reports schema, semantic and cross-field problems together,
 * suggests the key meant for a misspelled one, and treats an impossible renewal as an error.
 */
class PolicyOnePassTest {
  final PolicyLoader loader = new PolicyLoader();

  LoadResult load(String yaml) {
    return loader.load(Path.of("p.yaml"), yaml, LoadOptions.defaults());
  }

  @Test
  void schemaSemanticAndCrossFieldProblemsComeInOnePass() {
    LoadResult r = load("""
        version: 1
        accounts:
          - username: etl
            tagets: 1
            slots:
              - {name: rw, token_type: read_write, ttl: 1m}
              - {name: rw, token_type: read_write}
              - {name: ro, token_type: read_write, ttl: 2d, renewBefore: 2d}
          - username: ETL
            ensureExist: true
            slots:
              - {name: rw, token_type: read_write, gracePeriod: soon}
        """);
    assertThat(r.isValid()).isFalse();
    assertThat(r.problems()).extracting(Problem::format).containsExactly(
        "p.yaml:4:5: unknown key 'tagets' in accounts[0]",
        "p.yaml:6:49: accounts[0].slots[0].ttl: ttl 1m is shorter than the minimum 5m (MotherDuck rejects ttl < 300s)",
        "p.yaml:7:16: accounts[0].slots[1].name: slot 'rw' is defined twice in account 'etl'",
        "p.yaml:8:66: accounts[0].slots[2] (etl/ro): renewBefore 2d >= ttl 2d: every new token would already be due"
            + " and rotation would loop; make renewBefore shorter than ttl",
        "p.yaml:9:15: accounts[1].username: 'ETL' is listed twice (usernames are case-insensitive; first at line 3)",
        "p.yaml:10:5: unknown key 'ensureExist' in accounts[1] (did you mean 'ensureExists'?)",
        "p.yaml:12:57: accounts[1].slots[0].gracePeriod: must be a duration such as 30d, 12h, 90m, 45s or 1h30m");
  }

  @Test
  void aMisspelledKeyIsMatchedAgainstTheKeysOfItsOwnPlace() {
    LoadResult r = load("""
        version: 1
        defaults: {gracePriod: 1h}
        accounts:
          - username: etl
            slots:
              - {name: rw, token_type: read_write, renewbefore: 2d}
        """);
    assertThat(r.problems()).extracting(Problem::format).containsExactly(
        "p.yaml:2:12: unknown key 'gracePriod' in defaults (did you mean 'gracePeriod'?)",
        "p.yaml:6:44: unknown key 'renewbefore' in accounts[0].slots[0] (did you mean 'renewBefore'?)");
  }

  @Test
  void renewBeforeInheritedFromDefaultsIsCheckedAgainstEachSlotTtl() {
    LoadResult r = load("""
        version: 1
        defaults: {renewBefore: 3d}
        accounts:
          - username: etl
            slots:
              - {name: long, token_type: read_write, ttl: 30d}
              - {name: short, token_type: read_write, ttl: 3d}
        """);
    assertThat(r.problems()).extracting(Problem::format).containsExactly(
        "p.yaml:2:25: accounts[0].slots[1] (etl/short): renewBefore 3d >= ttl 3d: every new token would already"
            + " be due and rotation would loop; make renewBefore shorter than ttl");
  }

  @Test
  void aMissingRequiredKeyStopsTheSemanticChecksButNotTheSchemaReport() {
    LoadResult r = load("""
        version: 1
        accounts:
          - username: etl
            slots:
              - {name: rw}
              - {name: rw, token_type: read_write, tll: 1d}
        """);
    assertThat(r.problems()).extracting(Problem::format).containsExactly(
        "p.yaml:5:9: accounts[0].slots[0]: missing required key 'token_type'",
        "p.yaml:6:44: unknown key 'tll' in accounts[0].slots[1] (did you mean 'ttl'?)");
  }

  /** The schema validator throws on a number beyond a 64-bit integer; it is a located error instead. */
  @Test
  void aNumberNoSettingCanHoldIsALocatedErrorNotACrash() {
    LoadResult r = load("""
        version: 1
        accounts:
          - username: etl
            ducklings:
              read_write: {instance_size: pulse}
              read_scaling: {instance_size: pulse, flock_size: -1E+999}
            slots:
              - {name: rw, token_type: read_write}
        """);
    assertThat(r.problems()).extracting(Problem::format).containsExactly(
        "p.yaml:6:56: accounts[0].ducklings.read_scaling.flock_size: number out of range");
  }
}
