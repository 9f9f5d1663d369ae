package io.mdrotator.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The second net behind the schema: strict binding reports located problems on its own. */
class StrictBinderTest {
  record Item(@JsonProperty(value = "name", required = true) String name, @JsonProperty("size") Integer size) {}

  record Root(@JsonProperty(value = "items", required = true) java.util.List<Item> items) {}

  final YamlDocumentReader reader = new YamlDocumentReader();
  final StrictBinder binder = new StrictBinder();

  Root bind(String yaml) throws Exception {
    return binder.bind(Path.of("b.yaml"), reader.read(yaml), Root.class);
  }

  @Test
  void bindsValidInput() throws Exception {
    assertThat(bind("items:\n  - name: a\n    size: 3\n").items()).containsExactly(new Item("a", 3));
  }

  @Test
  void unknownKeyIsLocatedAtTheKey() {
    assertThatThrownBy(() -> bind("items:\n  - name: a\n    sise: 3\n"))
        .isInstanceOfSatisfying(StrictBinder.BindingException.class, e ->
            assertThat(e.problem().format()).startsWith("b.yaml:3:5: items[0].sise: ").contains("sise"));
  }

  @Test
  void missingRequiredIsAnError() {
    assertThatThrownBy(() -> bind("items:\n  - size: 3\n"))
        .isInstanceOfSatisfying(StrictBinder.BindingException.class, e ->
            assertThat(e.problem().format()).startsWith("b.yaml:2:").contains("name"));
  }

  @Test
  void scalarCoercionIsRefused() {
    assertThatThrownBy(() -> bind("items:\n  - name: 5\n"))
        .isInstanceOfSatisfying(StrictBinder.BindingException.class, e ->
            assertThat(e.problem().format()).startsWith("b.yaml:2:").contains("items[0].name"));
    assertThatThrownBy(() -> bind("items:\n  - name: a\n    size: \"3\"\n"))
        .isInstanceOf(StrictBinder.BindingException.class);
  }
}
