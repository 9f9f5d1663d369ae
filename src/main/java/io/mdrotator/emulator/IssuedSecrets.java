package io.mdrotator.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Test hook of both emulators: when the system property {@value #PROPERTY} (or, for child JVMs
 * started by tests, the environment variable {@value #ENV}) names a file, every secret an emulator
 * issues or is given is appended to it, one per line, so a suite-wide canary can check that none
 * of them reached captured output. Appends are whole lines under a file lock, safe across threads
 * and JVMs. Unset (production), this does nothing.
 */
public final class IssuedSecrets {
  public static final String PROPERTY = "mdrotator.canary.secretsFile";
  public static final String ENV = "MDROTATOR_CANARY_SECRETS_FILE";

  private IssuedSecrets() {}

  /** The configured file, if any. */
  public static Optional<Path> file() {
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(ENV);
    }
    return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p));
  }

  /** Appends {@code secret} when a file is configured; a write failure fails the caller loudly. */
  public static void record(String secret) {
    if (secret == null || secret.isEmpty()) {
      return;
    }
    file().ifPresent(f -> append(f, secret));
  }

  /** Appends one line to {@code file} (created with its directories), whatever the properties say. */
  public static synchronized void append(Path file, String secret) {
    if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("issued secret contains a line break; cannot record it");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
          FileLock lock = ch.lock()) {
        ByteBuffer line = ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
          ch.write(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record an issued secret in " + file, e);
    }
  }
}
