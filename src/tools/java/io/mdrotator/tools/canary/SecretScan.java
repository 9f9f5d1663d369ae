package io.mdrotator.tools.canary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A secrets canary: searches text for known secrets, plain, URL-encoded and Base64-encoded, and
 * names each hit by place and secret index (never its value). Secrets shorter than 8 characters
 * are not watched (every short word would count as a leak). An index on each encoding's last
 * characters (random in issued tokens, unlike JWT headers) finds the secrets present in a text in
 * one pass, so thousands of secrets over megabytes of output stay fast. Used by {@code md-rotator
 * soak}, the test suite's leak checks and the secrets canary over the build's output.
 */
public final class SecretScan {
  public static final int MIN_LENGTH = 8;
  /** Characters of an encoding's end that the index keys on; no encoding is shorter. */
  private static final int KEY = 8;
  private final List<String> secrets;
  private final Map<String, List<Integer>> bySuffix = new HashMap<>();

  public SecretScan(Collection<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).distinct().toList();
    for (int i = 0; i < this.secrets.size(); i++) {
      for (String form : forms(this.secrets.get(i)).values()) {
        bySuffix.computeIfAbsent(form.substring(form.length() - KEY), k -> new ArrayList<>()).add(i);
      }
    }
  }

  /**
   * The secrets listed one per line in {@code secretsFile} (as the emulators record them); fails
   * when it is missing or holds no usable secret, so a scan cannot pass because nothing was recorded.
   */
  public static SecretScan fromFile(Path secretsFile) throws IOException {
    if (!Files.isRegularFile(secretsFile)) {
      throw new IllegalStateException("secrets file " + secretsFile + " is missing: the emulators recorded "
          + "nothing (is -D" + "mdrotator.canary.secretsFile set for the tests?)");
    }
    Set<String> unique = new LinkedHashSet<>();
    try (Stream<String> lines = Files.lines(secretsFile, StandardCharsets.UTF_8)) {
      lines.map(String::strip).filter(s -> s.length() >= MIN_LENGTH).forEach(unique::add);
    }
    if (unique.isEmpty()) {
      throw new IllegalStateException("secrets file " + secretsFile + " holds no secret of at least "
          + MIN_LENGTH + " characters: nothing to watch");
    }
    return new SecretScan(unique);
  }

  public int watched() {
    return secrets.size();
  }

  /** Every hit as {@code label:line:column secret#i (len n, form)}, by secret index; empty when clean. */
  public List<String> scan(String label, String text) {
    List<String> hits = new ArrayList<>();
    for (int i : present(text)) {
      for (Map.Entry<String, String> form : forms(secrets.get(i)).entrySet()) {
        for (int at = text.indexOf(form.getValue()); at >= 0; at = text.indexOf(form.getValue(), at + 1)) {
          hits.add(position(label, text, at) + " secret#" + i + " (len " + secrets.get(i).length() + ", "
              + form.getKey() + ")");
        }
      }
    }
    return hits;
  }

  /** {@link #scan} of a file's text, labelled with its file name; a missing file is clean. */
  public List<String> scanFile(Path file) {
    try {
      return Files.exists(file) ? scan(file.getFileName().toString(), Files.readString(file)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for the secrets canary", e);
    }
  }

  /** What one tree scan covered: files and bytes read, and every hit (never a secret's value). */
  public record Result(int secrets, int files, long bytes, List<String> hits) {
    public Result {
      hits = List.copyOf(hits);
    }

    /** One line of JSON for {@code target/canary/canary-figures.json}. */
    public String json() {
      return "{\"secretsChecked\": %d, \"files\": %d, \"bytes\": %d, \"hits\": %d}%n"
          .formatted(secrets, files, bytes, hits.size());
    }
  }

  /**
   * Every hit in every regular file under {@code roots} that {@code include} accepts, labelled with
   * the file's path; a missing root is skipped. Files are read as UTF-8, malformed bytes replaced.
   */
  public Result scan(List<Path> roots, Predicate<Path> include) throws IOException {
    List<String> hits = new ArrayList<>();
    int files = 0;
    long bytes = 0;
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path f : walk.filter(Files::isRegularFile).filter(include).sorted().toList()) {
          files++;
          bytes += Files.size(f);
          hits.addAll(scan(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.UTF_8)));
        }
      }
    }
    return new Result(secrets.size(), files, bytes, hits);
  }

  /** Indices of the secrets one of whose encodings ends somewhere in {@code text}, ascending. */
  private Set<Integer> present(String text) {
    Set<Integer> found = new TreeSet<>();
    for (int end = KEY; end <= text.length(); end++) {
      List<Integer> ids = bySuffix.get(text.substring(end - KEY, end));
      if (ids != null) {
        found.addAll(ids);
      }
    }
    return found;
  }

  private static Map<String, String> forms(String secret) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("plain", secret);
    String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    if (!url.equals(secret)) {
      forms.put("url-encoded", url);
    }
    forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    return forms;
  }

  private static String position(String label, String text, int at) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return label + ":" + line + ":" + (at - lineStart + 1);
  }
}
