package io.mdrotator.config;

import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret comes from: a file, an environment variable, or a systemd credential
 * ({@code $CREDENTIALS_DIRECTORY/<name>}). Configuration never holds the secret itself.
 */
public sealed interface SecretSource {
  /** Reads the secret now; one trailing newline is trimmed. Throws {@link SecretSourceException}. */
  Secret resolve(Map<String, String> env);

  /** Names the source for messages, e.g. {@code environment variable MD_TOKEN}; never the value. */
  String describe();

  /** A file holding the secret (absolute after config loading). */
  record File(Path path) implements SecretSource {
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public Secret resolve(Map<String, String> env) {
      return fromFile(this, path);
    }

    @Override
    public String describe() {
      return "file " + path;
    }
  }

  /** An environment variable holding the secret. */
  record Env(String name) implements SecretSource {
    public Env {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public Secret resolve(Map<String, String> env) {
      String v = env.get(name);
      if (v == null) {
        throw new SecretSourceException(this, "not set", null);
      }
      return nonEmpty(this, trimNewline(v));
    }

    @Override
    public String describe() {
      return "environment variable " + name;
    }
  }

  /** A systemd credential, read from {@code $CREDENTIALS_DIRECTORY/<name>}. */
  record Credential(String name) implements SecretSource {
    public Credential {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("credential name must be a plain file name");
      }
    }

    @Override
    public Secret resolve(Map<String, String> env) {
      String dir = env.get("CREDENTIALS_DIRECTORY");
      if (dir == null || dir.isEmpty()) {
        throw new SecretSourceException(this,
            "CREDENTIALS_DIRECTORY is not set (use LoadCredential= in the systemd unit)", null);
      }
      return fromFile(this, Path.of(dir, name));
    }

    @Override
    public String describe() {
      return "systemd credential " + name;
    }
  }

  private static Secret fromFile(SecretSource source, Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // The exception text names the path only; file contents are never in it.
      throw new SecretSourceException(source, "unreadable (" + e.getClass().getSimpleName() + ")", e);
    }
    return nonEmpty(source, trimNewline(text));
  }

  private static String trimNewline(String v) {
    if (v.endsWith("\r\n")) {
      return v.substring(0, v.length() - 2);
    }
    return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
  }

  private static Secret nonEmpty(SecretSource source, String v) {
    if (v.isEmpty()) {
      throw new SecretSourceException(source, "empty", null);
    }
    return Secret.of(v);
  }
}
