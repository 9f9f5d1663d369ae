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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secrets canary: searches text for known secrets, plain, URL-encoded and Base64-encoded, and
 * names each hit by place and secret index (never its value). Secrets shorter than 8 characters
 * are not watched (every short word would count as a leak). Used by {@code md-rotator soak} and by
 * the test suite's leak checks.
 */
public final class SecretScan {
  public static final int MIN_LENGTH = 8;
  private final List<String> secrets;

  public SecretScan(Collection<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).distinct().toList();
  }

  public int watched() {
    return secrets.size();
  }

  /** Every hit as {@code label:line:column secret#i (len n, form)}; empty when clean. */
  public List<String> scan(String label, String text) {
    List<String> hits = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      for (Map.Entry<String, String> form : forms(secrets.get(i)).entrySet()) {
        for (int at = text.indexOf(form.getValue()); at >= 0; at = text.indexOf(form.getValue(), at + 1)) {
          hits.add(position(label, text, at) + " secret#" + i + " (len " + secrets.get(i).length() + ", "
              + form.getKey() + ")");
        }
      }
    }
    return hits;
  }

  public List<String> scanFile(Path file) {
    try {
      return Files.exists(file) ? scan(file.getFileName().toString(), Files.readString(file)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for the secrets canary", e);
    }
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
