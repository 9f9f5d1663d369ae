package io.mdrotator.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/** Remembering a scalar's tag never changes it, however often the scalar repeats. */
class RememberingSchemaTest {
  static final List<String> SCALARS = List.of("read_write", "1", "-1", "1.5", "1e999", "true", "false", "null",
      "~", "", "0x1F", ".nan", "2026-11-28", "12:30:00", "30d", "33%", "${HOME}", "svc_00001", "s0", "True");

  @Test
  void resolvesEveryScalarAsTheSchemaItWraps() {
    ScalarResolver plain = new JsonSchema().getScalarResolver();
    ScalarResolver remembering = new RememberingSchema(new JsonSchema()).getScalarResolver();
    for (int round = 0; round < 3; round++) {
      for (String s : SCALARS) {
        assertThat(remembering.resolve(s, true)).as(s).isEqualTo(plain.resolve(s, true));
        assertThat(remembering.resolve(s, false)).as(s).isEqualTo(plain.resolve(s, false));
      }
    }
  }
}
