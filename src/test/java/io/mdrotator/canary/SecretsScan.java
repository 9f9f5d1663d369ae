package io.mdrotator.canary;

import io.mdrotator.observability.LeakCanary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scans files for secrets listed one per line in a secrets file (as the emulators record them)
 * and reports every hit as {@code file:line:column secret#i (len n, form)}, never the value.
 * An index on each encoding's last characters (random in issued tokens, unlike JWT headers) finds
 * the secrets present in a file in one pass; {@link LeakCanary} then locates them, so thousands of
 * secrets over megabytes of output stay fast.
 */
final class SecretsScan {
  /** Shorter entries are test fixtures such as {@code sid}; they would match ordinary words. */
  static final int MIN_LENGTH = 8;
  private static final int KEY = 8;

  private final List<String> secrets;
  private final Map<String, List<Form>> bySuffix = new HashMap<>();

  /** One encoding of secret {@code index}. */
  private record Form(int index, String text) {}

  private SecretsScan(List<String> secrets) {
    this.secrets = secrets;
    for (int i = 0; i < secrets.size(); i++) {
      for (String form : forms(secrets.get(i))) {
        bySuffix.computeIfAbsent(form.substring(form.length() - KEY), k -> new ArrayList<>()).add(new Form(i, form));
      }
    }
  }

  /**
   * Reads the secrets file; fails when it is missing or holds no usable secret, so a scan cannot
   * pass because nothing was recorded.
   */
  static SecretsScan fromFile(Path secretsFile) throws IOException {
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
    return new SecretsScan(List.copyOf(unique));
  }

  int secretCount() {
    return secrets.size();
  }

  /** What one scan covered: files and bytes read, and every hit (never a secret's value). */
  record Result(int secrets, int files, long bytes, List<String> hits) {
    Result {
      hits = List.copyOf(hits);
    }

    /** One line of JSON for {@code target/canary/canary-figures.json}. */
    String json() {
      return "{\"secretsChecked\": %d, \"files\": %d, \"bytes\": %d, \"hits\": %d}%n"
          .formatted(secrets, files, bytes, hits.size());
    }
  }

  /** Every hit in every regular file under {@code roots} that {@code include} accepts. */
  Result scan(List<Path> roots, java.util.function.Predicate<Path> include) throws IOException {
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
          hits.addAll(scanFile(f));
        }
      }
    }
    return new Result(secrets.size(), files, bytes, hits);
  }

  List<String> scanFile(Path file) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Set<Integer> candidates = new LinkedHashSet<>();
    for (int end = KEY; end <= text.length(); end++) {
      List<Form> forms = bySuffix.get(text.substring(end - KEY, end));
      if (forms != null) {
        for (Form f : forms) {
          int start = end - f.text().length();
          if (start >= 0 && text.startsWith(f.text(), start)) {
            candidates.add(f.index());
          }
        }
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> watched = candidates.stream().map(secrets::get).toList();
    List<String> hits = new ArrayList<>();
    List<Integer> ids = List.copyOf(candidates);
    for (String hit : LeakCanary.watching(watched).findLeaks(file.toString(), text)) {
      hits.add(renumber(hit, ids));
    }
    return hits;
  }

  /** LeakCanary numbers the candidate list; report the index in the secrets file instead. */
  private static String renumber(String hit, List<Integer> ids) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(" secret#(\\d+) ").matcher(hit);
    return m.find()
        ? hit.substring(0, m.start()) + " secret#" + ids.get(Integer.parseInt(m.group(1))) + " " + hit.substring(m.end())
        : hit;
  }

  /** The same encodings {@link LeakCanary} looks for. */
  private static List<String> forms(String secret) {
    List<String> forms = new ArrayList<>(List.of(secret));
    String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    if (!url.equals(secret)) {
      forms.add(url);
    }
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    return forms;
  }
}
