package io.mdrotator.kubernetes;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The kubectl binaries that render config/kubernetes: {@code $MDROTATOR_KUBECTL} (colon-separated
 * paths; CI passes Debian's kubectl 1.20, whose built-in kustomize v2.0.3 is the oldest the
 * manifests support, and any newer kubectl on the machine), else {@code kubectl} on PATH. Without
 * one the calling test is skipped with the reason, or fails when {@code CI=true} (.ci/run's
 * convention for tools).
 */
final class Kubectl {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path MANIFESTS = ROOT.resolve("config/kubernetes");
  private static final Pattern GIT_VERSION = Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");
  private static final Map<String, String> RENDERS = new ConcurrentHashMap<>();

  record Result(int exitCode, String stdout, String stderr) {}

  private Kubectl() {}

  /** Every configured kubectl (at least one); skips the test, or fails on CI, when there is none. */
  static List<Path> require() {
    List<Path> found = find();
    if (found.isEmpty()) {
      String why = "kubectl not found (MDROTATOR_KUBECTL unset and no kubectl on PATH): the Kubernetes "
          + "manifest tests render config/kubernetes with `kubectl kustomize`; install Debian's "
          + "kubernetes-client (apt-get install kubernetes-client)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " (CI=true: this test must run)");
      }
      Assumptions.abort(why);
    }
    return found;
  }

  /** The first configured kubectl. */
  static Path first() {
    return require().get(0);
  }

  static List<Path> find() {
    List<Path> out = new ArrayList<>();
    String configured = System.getenv("MDROTATOR_KUBECTL");
    if (configured != null && !configured.isBlank()) {
      for (String p : configured.split(File.pathSeparator)) {
        if (!p.isBlank()) {
          Path path = Path.of(p.strip());
          if (!Files.isExecutable(path)) {
            fail("MDROTATOR_KUBECTL names " + path + ", which is not an executable file");
          }
          out.add(path);
        }
      }
      return out;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isExecutable(p)) {
        out.add(p);
        break;
      }
    }
    return out;
  }

  /** {@code kubectl kustomize config/kubernetes/<target>}; fails the test on a render error. */
  static String render(Path kubectl, String target) {
    return RENDERS.computeIfAbsent(kubectl + "|" + target, k -> {
      Result r = run(kubectl, "kustomize", MANIFESTS.resolve(target).toString());
      if (r.exitCode() != 0) {
        fail(kubectl + " kustomize config/kubernetes/" + target + " failed (exit " + r.exitCode() + "):\n" + r.stderr());
      }
      return r.stdout();
    });
  }

  /** {@code kubectl kustomize DIR} of any directory (not cached). */
  static String renderDir(Path kubectl, Path dir) {
    Result r = run(kubectl, "kustomize", dir.toString());
    if (r.exitCode() != 0) {
      fail(kubectl + " kustomize " + dir + " failed (exit " + r.exitCode() + "):\n" + r.stderr());
    }
    return r.stdout();
  }

  static String version(Path kubectl) {
    Result r = run(kubectl, "version", "--client", "-o", "json");
    Matcher m = GIT_VERSION.matcher(r.stdout());
    return m.find() ? m.group(1) : "unknown (" + r.stderr().strip() + ")";
  }

  static Result run(Path kubectl, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl.toString());
    cmd.addAll(List.of(args));
    return exec(cmd, ROOT, Map.of(), 120);
  }

  /** Runs a command to completion (stdout and stderr kept apart), failing the test on a timeout. */
  static Result exec(List<String> cmd, Path dir, Map<String, String> env, long timeoutSeconds) {
    try {
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail(String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), out, Files.readString(err));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + cmd, e);
    }
  }
}
