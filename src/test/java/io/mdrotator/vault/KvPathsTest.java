package io.mdrotator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A key's data and metadata paths on a KV v2 mount, with slashes around the key dropped. */
class KvPathsTest {
  private final KvPaths paths = new KvPaths("secret");

  @Test
  void namesTheKeyItsDataAndItsMetadata() {
    assertThat(paths.full("apps/x")).isEqualTo("secret/apps/x");
    assertThat(paths.data("apps/x")).isEqualTo("secret/data/apps/x");
    assertThat(paths.metadata("apps/x")).isEqualTo("secret/metadata/apps/x");
  }

  @Test
  void dropsLeadingAndTrailingSlashesOnly() {
    assertThat(KvPaths.clean("//apps/x/y///")).isEqualTo("apps/x/y");
    assertThat(KvPaths.clean("apps//x")).isEqualTo("apps//x");
  }

  @Test
  void refusesAnEmptyKey() {
    assertThatThrownBy(() -> paths.data("///")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty KV path");
    assertThatThrownBy(() -> paths.data("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KvPaths.clean(null)).isInstanceOf(NullPointerException.class);
  }
}
