package io.mdrotator.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mdrotator.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers a third-party client: {@code node-vault} (pinned in
 * {@code src/test/node/vault-client/package-lock.json}) runs write-with-cas, read, read-version,
 * metadata, list and AppRole login. Outside CI it is skipped, with the reason, when node or npm is
 * missing or {@code npm ci} cannot reach the registry; with {@code CI=true} each of those fails
 * the build (CI must prove the interoperability). Any other {@code npm ci} failure always fails.
 */
class NodeVaultClientTest {
  private static final Path DIR = Path.of("src", "test", "node", "vault-client");

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VAULT_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static void requireTool(String tool) {
    boolean present;
    try {
      present = run(List.of(tool, "--version"), Map.of(), 60).exit() == 0;
    } catch (Exception e) {
      present = false;
    }
    if (!present) {
      unavailable(tool + " is not installed: the node-vault interoperability test needs Node 20 and npm");
    }
  }

  /** A missing prerequisite: a failure when {@code CI=true}, else a skip whose reason is reported. */
  private static void unavailable(String why) {
    if (mustFail(System.getenv("CI"))) {
      fail(why + " (CI=true, so this is a failure)");
    }
    Assumptions.abort(why + " (skipped outside CI; CI=true makes it a failure)");
  }

  /** CI sets {@code CI=true}; anything else (unset, "false") is a developer's machine. */
  static boolean mustFail(String ciVariable) {
    return "true".equalsIgnoreCase(ciVariable);
  }

  /** npm's codes for "the registry could not be reached" (DNS, refused, reset, timed out, offline). */
  private static final List<String> NETWORK_CODES =
      List.of("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH",
          "ENOTCACHED");

  /**
   * The line of {@code npm ci}'s output that says the registry was unreachable, if any: a
   * {@code code} line with a network error code, or npm's "network request ... failed" text. Other
   * failures (a broken lock file, a failing install script) are not a missing registry.
   */
  static Optional<String> registryUnreachable(String npmOutput) {
    return npmOutput.lines()
        .filter(l -> (l.contains(" code ") && NETWORK_CODES.stream().anyMatch(l::contains))
            || (l.contains("network request to") && l.contains("failed")))
        .map(String::strip)
        .findFirst();
  }

  @Test
  void registryFailuresAreToldFromOtherNpmFailures() {
    assertThat(registryUnreachable("npm error code ENOTFOUND\nnpm error syscall getaddrinfo\n"))
        .contains("npm error code ENOTFOUND");
    assertThat(registryUnreachable("npm ERR! code EAI_AGAIN\n")).contains("npm ERR! code EAI_AGAIN");
    assertThat(registryUnreachable("npm error network request to https://registry.npmjs.org/node-vault failed, reason: x"))
        .isPresent();
    assertThat(registryUnreachable("npm error code EUSAGE\nnpm error `npm ci` can only install packages when"
        + " your package.json and package-lock.json are in sync")).isEmpty();
    assertThat(registryUnreachable("npm error code ELIFECYCLE")).isEmpty();
  }

  @Test
  void onlyCiTrueTurnsASkipIntoAFailure() {
    assertThat(mustFail("true")).isTrue();
    assertThat(mustFail("TRUE")).isTrue();
    assertThat(mustFail(null)).isFalse();
    assertThat(mustFail("false")).isFalse();
    assertThat(mustFail("")).isFalse();
  }

  @Test
  void nodeVaultTalksToTheEmulator() throws Exception {
    requireTool("node");
    requireTool("npm");
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
      if (ci.exit() != 0) {
        Optional<String> offline = registryUnreachable(ci.output());
        if (offline.isPresent()) {
          unavailable("npm ci cannot reach the registry (" + offline.get() + "): the node-vault test needs node-vault"
              + " from it");
        }
      }
      assertThat(ci.exit()).as("npm ci output:\n%s", ci.output()).isZero();
    }
    try (VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults())) {
      vault.addPolicy(AclPolicy.of("app", "secret/data/node/*", "read"));
      vault.addAppRole("node-app", "node-role-id", Secret.of("node-secret-id"), List.of("app"),
          Duration.ofHours(1), Duration.ofHours(4));
      String root = vault.rootToken().reveal();
      Result r = run(List.of("node", "script.js", vault.address().toString(), root),
          Map.of("VAULT_ROLE_ID", "node-role-id", "VAULT_SECRET_ID", "node-secret-id"), 120);
      assertThat(r.exit()).as("node output:\n%s", r.output()).isZero();
      assertThat(r.output()).contains(
          "OK write-cas create", "OK write-cas conflict", "OK write-cas update", "OK read latest",
          "OK read version", "OK metadata", "OK list", "OK missing 404", "OK approle login",
          "OK approle rejected", "ALL OK");
      assertThat(r.output()).doesNotContain(root).doesNotContain("node-secret-id");
      assertThat(vault.currentData("node/app")).contains(Map.of("token_id", "n2", "token", "value-2"));
    }
  }

}
