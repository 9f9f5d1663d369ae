package io.mdrotator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pins the shipped Vault policies to least privilege: exact paths and capabilities. */
class VaultPolicyTest {
  private static final Pattern BLOCK =
      Pattern.compile(
          "(?m)^path\\s+\"([^\"]+)\"\\s*\\{\\s*capabilities\\s*=\\s*\\[([^\\]]*)\\]\\s*\\}");

  @Test
  void rotatorPolicyGrantsOnlyItsKvPrefixesAndTokenSelfService() throws IOException {
    Map<String, List<String>> grants = parse(Path.of("config/vault/md-rotator.hcl"));

    assertThat(grants)
        .containsOnly(
            entry("secret/data/motherduck/*", List.of("read", "update")),
            entry("secret/metadata/motherduck/*", List.of("create", "read", "update")),
            entry("secret/data/md-rotator/state/*", List.of("create", "read", "update")),
            entry("secret/metadata/md-rotator/state/*", List.of("read")),
            entry("auth/token/lookup-self", List.of("read")),
            entry("auth/token/renew-self", List.of("update")));
  }

  @Test
  void consumerExampleIsReadOnlyOnOneSlot() throws IOException {
    Map<String, List<String>> grants = parse(Path.of("config/vault/consumer-example.hcl"));

    assertThat(grants).isNotEmpty();
    assertThat(grants.keySet()).allSatisfy(p -> assertThat(p).doesNotContain("*", "md-rotator"));
    assertThat(grants.values()).allSatisfy(c -> assertThat(c).containsExactly("read"));
  }

  /** Path blocks in file order; fails if any block escaped the pattern (e.g. extra attributes). */
  private static Map<String, List<String>> parse(Path file) throws IOException {
    String hcl = Files.readString(file).replaceAll("(?m)#.*$", "");
    Map<String, List<String>> grants = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(hcl);
    while (m.find()) {
      List<String> caps =
          List.of(m.group(2).replace("\"", "").trim().split("\\s*,\\s*"));
      assertThat(grants.put(m.group(1), caps)).as("duplicate path %s", m.group(1)).isNull();
    }
    long blocks = Pattern.compile("(?m)^path\\s").matcher(hcl).results().count();
    assertThat(grants).as("every path block is a plain capabilities list").hasSize((int) blocks);
    return grants;
  }
}
