package io.mdrotator.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy HCL subset: what it reads, and that everything else is refused with a position. */
class HclPolicyParserTest {

  @Test
  void readsPathBlocksAndSkipsAllThreeCommentStyles() {
    AclPolicy p = AclPolicy.parse("p", """
        # hash comment
        // slash comment
        /* block
           comment */ path "secret/data/a/*" {
          capabilities = ["read", "update",]   # trailing comma allowed, as in HCL
        }
        path "/auth/token/lookup-self" { capabilities = [] }
        """);

    assertThat(p.rules()).containsExactly(
        new AclPolicy.Rule("secret/data/a/*", Set.of("read", "update")),
        new AclPolicy.Rule("/auth/token/lookup-self", Set.of()));
    assertThat(p.rules().get(1).pattern().text()).isEqualTo("auth/token/lookup-self");
  }

  @Test
  void parsesTheShippedPolicies() throws IOException {
    for (String file : List.of("config/vault/md-rotator.hcl", "config/vault/consumer-example.hcl")) {
      AclPolicy p = AclPolicy.parse(file, Files.readString(Path.of(file)));
      assertThat(p.rules()).as(file).isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "parameter constraint | path \"a/*\" {\\n  capabilities = [\"update\"]\\n  allowed_parameters = {}\\n} | line 3, column 21: unsupported \"allowed_parameters\"",
      "legacy policy form   | path \"a\" { policy = \"write\" } | line 1, column 18: unsupported \"policy\"",
      "unknown capability   | path \"a\" { capabilities = [\"write\"] } | line 1: unknown capability \"write\"",
      "glob mid-path        | path \"a/*/b\" { capabilities = [\"read\"] } | \"*\" is a glob only as the last character",
      "partial plus segment | path \"a/b+/c\" { capabilities = [\"read\"] } | \"+\" must be a whole path segment",
      "templated path       | path \"a/{{identity.entity.id}}/*\" { capabilities = [\"read\"] } | templated policy path",
      "path given twice     | path \"a\" { capabilities = [\"read\"] }\\npath \"a\" { capabilities = [\"list\"] } | line 2, column 9: path \"a\" is given twice",
      "capability twice     | path \"a\" { capabilities = [\"read\", \"read\"] } | capability \"read\" is listed twice",
      "top-level attribute  | name = \"x\" | line 1, column 5: unsupported \"name\": only path blocks",
      "JSON policy          | {\"path\": {}} | line 1, column 1: unexpected '{'",
      "missing brace        | path \"a\" { capabilities = [\"read\"] | line 1, column 35: expected '}', found end of input",
      "unterminated string  | path \"a { capabilities = [] } | unterminated string",
      "unquoted capability  | path \"a\" { capabilities = [read] } | expected a double-quoted string, found 'r'",
      "unterminated comment | /* path \"a\" { capabilities = [\"read\"] } | unterminated comment",
      "empty block          | path \"a\" { } | line 1, column 12: a path block needs \"capabilities\"",
      "capabilities twice   | path \"a\" { capabilities = [] capabilities = [] } | \"capabilities\" is given twice",
  })
  void refusesWhatItDoesNotUnderstand(String what, String hcl, String message) {
    assertThatThrownBy(() -> AclPolicy.parse("p", hcl.replace("\\n", "\n")))
        .as(what)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void withoutRemovesExactlyOneGrantAndRefusesToRemoveNothing() {
    AclPolicy p = AclPolicy.parse("p", "path \"a/*\" { capabilities = [\"read\", \"update\"] }");

    assertThat(p.without("a/*", "update").rules()).containsExactly(new AclPolicy.Rule("a/*", Set.of("read")));
    assertThatThrownBy(() -> p.without("a/*", "delete")).hasMessageContaining("grants no \"delete\" on \"a/*\"");
    assertThatThrownBy(() -> p.without("b/*", "read")).hasMessageContaining("grants no \"read\" on \"b/*\"");
  }
}
