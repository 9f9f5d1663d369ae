package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The loader rejects hostile YAML cleanly, with a location. */
class PolicySafetyTest {
  final PolicyLoader loader = new PolicyLoader();

  LoadResult load(String y) {
    return loader.load(Path.of("p.yaml"), y, LoadOptions.defaults());
  }

  @Test
  void billionLaughsIsRejectedAtTheFirstAnchor() {
    StringBuilder b = new StringBuilder("version: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      b.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    LoadResult r = load(b.toString());
    assertThat(r.errors()).extracting(Problem::format).containsExactly("p.yaml:2:4: YAML anchors (&name) are not allowed");
  }

  @Test
  void aliasAloneIsRejected() {
    assertThat(load("version: 1\naccounts: *undefined\n").errors()).singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(2));
  }

  @Test
  void deepFlowNestingIsRejected() {
    LoadResult r = load("version: 1\naccounts: " + "[".repeat(100_000) + "\n");
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).contains("nesting");
    });
  }

  @Test
  void deepBlockNestingIsRejected() {
    StringBuilder b = new StringBuilder("version: 1\nx:\n");
    for (int d = 1; d < 200; d++) {
      b.append(" ".repeat(d)).append("k:\n");
    }
    LoadResult r = load(b.toString());
    assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("nesting"));
  }

  @Test
  void hugeNumberIsRejectedWithLocation() {
    LoadResult r = load("version: " + "9".repeat(5000) + "\naccounts: []\n");
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.column()).isPositive();
    });
  }

  @Test
  void multipleDocumentsAreRejected() {
    assertThat(load("version: 1\naccounts: []\n---\nversion: 1\naccounts: []\n").errors())
        .singleElement().satisfies(p -> assertThat(p.message()).contains("one YAML document"));
  }

  @Test
  void oversizedFileIsRejected() {
    assertThat(load("# " + "x".repeat(2 << 20) + "\nversion: 1\n").errors()).singleElement()
        .satisfies(p -> assertThat(p.format()).startsWith("p.yaml:1:1: file is larger than"));
  }
}
