package io.mdrotator.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vault's ACL decision: which path decides a request, merging across policies, deny, root. */
class TokenAclTest {
  private final Map<String, AclPolicy> policies = new HashMap<>();

  private void policy(String name, String hcl) {
    policies.put(name, AclPolicy.parse(name, hcl));
  }

  private boolean allows(List<String> tokenPolicies, String path, String capability) {
    return new TokenAcl(tokenPolicies, policies).allows(new AclRequirement(path, capability));
  }

  @Test
  void theMostSpecificMatchDecidesAloneAndBroaderGrantsDoNotAdd() {
    policy("p", """
        path "secret/data/*" { capabilities = ["read", "update"] }
        path "secret/data/motherduck/*" { capabilities = ["read"] }
        """);
    List<String> t = List.of("p");

    assertThat(allows(t, "secret/data/other", "update")).isTrue();
    assertThat(allows(t, "secret/data/motherduck/sa/rw", "read")).isTrue();
    assertThat(allows(t, "secret/data/motherduck/sa/rw", "update")).as("longer prefix decides").isFalse();
    assertThat(allows(t, "secret/metadata/motherduck/sa/rw", "read")).as("no rule matches").isFalse();
  }

  @Test
  void exactBeatsGlobAndGlobIsAPlainPrefix() {
    policy("p", """
        path "secret/data/a" { capabilities = ["read"] }
        path "secret/data/a*" { capabilities = ["update"] }
        """);
    List<String> t = List.of("p");

    assertThat(allows(t, "secret/data/a", "update")).isFalse();
    assertThat(allows(t, "secret/data/a", "read")).isTrue();
    assertThat(allows(t, "secret/data/ab/c", "update")).as("* is not segment-bound").isTrue();
    assertThat(allows(t, "secret/data/b", "update")).isFalse();
  }

  @Test
  void plusMatchesExactlyOneSegmentAndLosesToALaterWildcard() {
    policy("p", """
        path "secret/data/+/rw" { capabilities = ["read"] }
        path "secret/data/+/+" { capabilities = ["update"] }
        path "secret/data/sa/+" { capabilities = ["list"] }
        """);
    List<String> t = List.of("p");

    assertThat(allows(t, "secret/data/x/rw", "read")).as("fewer + segments win").isTrue();
    assertThat(allows(t, "secret/data/x/rw", "update")).isFalse();
    assertThat(allows(t, "secret/data/x/ro", "update")).isTrue();
    assertThat(allows(t, "secret/data/sa/rw", "list")).as("first wildcard later wins").isTrue();
    assertThat(allows(t, "secret/data/sa/rw", "read")).isFalse();
    assertThat(allows(t, "secret/data/x/rw/more", "read")).as("+ without * is not a prefix").isFalse();
    assertThat(allows(t, "secret/data/rw", "read")).isFalse();
  }

  @Test
  void plusWithTrailingGlobIsAPrefixOnTheLastSegment() {
    policy("p", "path \"secret/data/+/r*\" { capabilities = [\"read\"] }");
    List<String> t = List.of("p");

    assertThat(allows(t, "secret/data/x/rw", "read")).isTrue();
    assertThat(allows(t, "secret/data/x/rw/deeper", "read")).isTrue();
    assertThat(allows(t, "secret/data/x/w", "read")).isFalse();
  }

  @Test
  void samePathInTwoPoliciesIsMergedAndDenyThereWins() {
    policy("reader", "path \"secret/data/a/*\" { capabilities = [\"read\"] }");
    policy("writer", "path \"secret/data/a/*\" { capabilities = [\"update\"] }");
    policy("blocker", "path \"secret/data/a/*\" { capabilities = [\"deny\"] }");
    policy("broad", "path \"secret/*\" { capabilities = [\"read\"] }");

    assertThat(allows(List.of("reader", "writer"), "secret/data/a/k", "update")).isTrue();
    assertThat(allows(List.of("reader", "writer"), "secret/data/a/k", "read")).isTrue();
    assertThat(allows(List.of("reader", "blocker"), "secret/data/a/k", "read")).isFalse();
    assertThat(allows(List.of("broad", "blocker"), "secret/data/a/k", "read")).as("deny decides").isFalse();
    assertThat(allows(List.of("broad", "blocker"), "secret/data/b", "read")).isTrue();
  }

  @Test
  void listOnAnExactPathAlsoMatchesItsTrailingSlashForm() {
    policy("p", "path \"secret/metadata/motherduck\" { capabilities = [\"list\"] }");

    assertThat(allows(List.of("p"), "secret/metadata/motherduck/", "list")).isTrue();
    assertThat(allows(List.of("p"), "secret/metadata/motherduck/", "read")).isFalse();
  }

  @Test
  void rootAllowsEverythingAndUnknownPolicyNamesGrantNothing() {
    assertThat(allows(List.of("root"), "anything/at/all", "sudo")).isTrue();
    assertThat(allows(List.of("no-such-policy"), "secret/data/a", "read")).isFalse();
    assertThat(allows(List.of(), "secret/data/a", "read")).isFalse();
  }
}
