package io.mdrotator.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Lookups by JSON Pointer: exact for every value and mapping key written, the nearest enclosing
 * value otherwise, with keys matched in their escaped form and list indexes only as written by
 * {@link Pointers#child(String, int)}.
 */
class LocatedDocumentTest {
  static final String YAML = """
      a:
        b: 1
        "x/y~z": [p, {q: 2}]
      list:
        - one
        - two
      "0": zero
      """;

  LocatedDocument doc() throws DocumentException {
    return new YamlDocumentReader().read(YAML);
  }

  @Test
  void valuesAndKeysAreLocatedExactly() throws Exception {
    LocatedDocument d = doc();
    assertThat(d.valueAt("")).isEqualTo(new Location(1, 1));
    assertThat(d.keyAt("/a")).isEqualTo(new Location(1, 1));
    assertThat(d.valueAt("/a/b")).isEqualTo(new Location(2, 6));
    assertThat(d.keyAt("/a/b")).isEqualTo(new Location(2, 3));
    assertThat(d.valueAt("/a/x~1y~0z/1/q")).isEqualTo(new Location(3, 20));
    assertThat(d.keyAt("/a/x~1y~0z/1/q")).isEqualTo(new Location(3, 17));
    assertThat(d.valueAt("/list/1")).isEqualTo(new Location(6, 5));
    assertThat(d.keyAt("/list/1")).as("a list item has no key").isEqualTo(new Location(6, 5));
    assertThat(d.valueAt("/0")).isEqualTo(new Location(7, 6));
    assertThat(d.has("/a/x~1y~0z/0")).isTrue();
  }

  @Test
  void missingOrNonCanonicalPointersFallBackToTheNearestEnclosingValue() throws Exception {
    LocatedDocument d = doc();
    assertThat(d.has("/list/01")).isFalse();
    assertThat(d.valueAt("/list/01")).isEqualTo(d.valueAt("/list"));
    assertThat(d.has("/list/2")).isFalse();
    assertThat(d.valueAt("/a/x/y~z")).isEqualTo(d.valueAt("/a"));
    assertThat(d.has("/a/b/c")).isFalse();
    assertThat(d.valueAt("/a/b/c/d")).isEqualTo(d.valueAt("/a/b"));
    assertThat(d.keyAt("/a/nope")).isEqualTo(d.valueAt("/a"));
    assertThat(d.valueAt("a/b")).as("not a pointer: the root").isEqualTo(d.valueAt(""));
    assertThat(d.has("/a/")).isFalse();
  }

  @Test
  void largeMappingsAreFoundThroughTheirIndex() throws Exception {
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      y.append("k").append(i).append(": ").append(i).append('\n');
    }
    LocatedDocument d = new YamlDocumentReader().read(y.toString());
    for (int i = 0; i < 40; i++) {
      assertThat(d.valueAt("/k" + i)).isEqualTo(new Location(i + 1, 4 + String.valueOf(i).length()));
      assertThat(d.keyAt("/k" + i)).isEqualTo(new Location(i + 1, 1));
    }
    assertThat(d.has("/k40")).isFalse();
  }
}
