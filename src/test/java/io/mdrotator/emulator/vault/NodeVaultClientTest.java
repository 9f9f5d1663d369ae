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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers a third-party client: {@code node-vault} (pinned in
 * {@code src/test/node/vault-client/package-lock.json}) runs write-with-cas, read, read-version,
 * metadata, list and AppRole login. Skipped when node/npm are missing, unless {@code CI=true}.
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
      String why = tool + " is not installed: the node-vault interoperability test needs Node 20 and npm";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " (CI=true, so this is a failure)");
      }
      Assumptions.abort(why);
    }
  }

  @Test
  void nodeVaultTalksToTheEmulator() throws Exception {
    requireTool("node");
    requireTool("npm");
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      Result ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
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
