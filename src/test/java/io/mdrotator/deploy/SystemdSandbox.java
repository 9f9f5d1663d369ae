package io.mdrotator.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file-system view of a systemd service's sandbox, read from the unit text: which paths the
 * service may write under {@code ProtectSystem=strict}. Models only what the shipped unit uses and
 * refuses units it cannot model, so a test built on it fails rather than passing on a guess:
 *
 * <ul>
 *   <li>{@code ProtectSystem=strict} must be set (with {@code full} or {@code yes} much more is
 *       writable; the model would be wrong, not merely loose);
 *   <li>writable: {@code StateDirectory=} (under /var/lib), {@code CacheDirectory=} (/var/cache),
 *       {@code LogsDirectory=} (/var/log), {@code RuntimeDirectory=} (/run), {@code ReadWritePaths=},
 *       and /tmp, /var/tmp with {@code PrivateTmp=yes};
 *   <li>{@code ReadOnlyPaths=} and {@code InaccessiblePaths=} take precedence over all of those.
 * </ul>
 *
 * Only the [Service] section is read. List settings accumulate over repeated lines and an empty
 * assignment resets them, as systemd does; single-value settings take the last assignment.
 */
public final class SystemdSandbox {
  private final Map<String, List<String>> service;

  private SystemdSandbox(Map<String, List<String>> service) {
    this.service = service;
  }

  public static SystemdSandbox of(Path unitFile) throws IOException {
    return parse(Files.readAllLines(unitFile, StandardCharsets.UTF_8));
  }

  public static SystemdSandbox parse(List<String> lines) {
    Map<String, List<String>> service = new LinkedHashMap<>();
    String section = "";
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line;
        continue;
      }
      int eq = line.indexOf('=');
      if (!section.equals("[Service]") || eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      List<String> values = service.computeIfAbsent(key, k -> new ArrayList<>());
      if (value.isEmpty()) {
        values.clear();
      } else {
        values.add(value);
      }
    }
    return new SystemdSandbox(service);
  }

  /** The last assignment of a single-value setting, or "" when unset. */
  public String value(String key) {
    List<String> v = service.getOrDefault(key, List.of());
    return v.isEmpty() ? "" : v.get(v.size() - 1);
  }

  /** Every word of a list setting over all its assignments, with systemd's "-"/"+" prefixes removed. */
  public List<String> words(String key) {
    return service.getOrDefault(key, List.of()).stream()
        .flatMap(v -> Arrays.stream(v.split("\\s+")))
        .map(w -> w.replaceFirst("^[-+]+", ""))
        .filter(w -> !w.isEmpty())
        .toList();
  }

  /** The writable roots of the sandbox; throws for a unit this model does not cover. */
  public List<Path> writableRoots() {
    if (!value("ProtectSystem").equals("strict")) {
      throw new IllegalStateException("ProtectSystem=" + value("ProtectSystem") + ": the model covers strict only");
    }
    List<Path> roots = new ArrayList<>();
    words("StateDirectory").forEach(d -> roots.add(Path.of("/var/lib").resolve(d)));
    words("CacheDirectory").forEach(d -> roots.add(Path.of("/var/cache").resolve(d)));
    words("LogsDirectory").forEach(d -> roots.add(Path.of("/var/log").resolve(d)));
    words("RuntimeDirectory").forEach(d -> roots.add(Path.of("/run").resolve(d)));
    words("ReadWritePaths").forEach(p -> roots.add(Path.of(p)));
    if (isYes(value("PrivateTmp"))) {
      roots.add(Path.of("/tmp"));
      roots.add(Path.of("/var/tmp"));
    }
    return roots.stream().map(Path::normalize).toList();
  }

  /**
   * Whether the service may create and append to {@code file} (an absolute path): its directory is
   * at or under a writable root and not at or under a read-only or inaccessible path.
   */
  public boolean canWrite(Path file) {
    if (!file.isAbsolute()) {
      throw new IllegalArgumentException("not an absolute path: " + file);
    }
    Path dir = file.normalize().getParent();
    boolean denied = words("ReadOnlyPaths").stream().map(Path::of).anyMatch(dir::startsWith)
        || words("InaccessiblePaths").stream().map(Path::of).anyMatch(dir::startsWith);
    return !denied && writableRoots().stream().anyMatch(dir::startsWith);
  }

  private static boolean isYes(String v) {
    return List.of("yes", "true", "1", "on").contains(v);
  }
}
