package io.mdrotator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The token file both emulators share a convention for: an existing, non-empty file supplies the
 * token; a missing or empty one is (re)written with a random token, readable by the owner only, so
 * the README's commands work in a fresh directory and the token never reaches stdout.
 */
final class EmulatorTokenFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private EmulatorTokenFile() {}

  /** The stripped token in {@code file}, or null when the file is missing or holds only whitespace. */
  static String read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    return token.isEmpty() ? null : token;
  }

  /** Writes a new random token (32 bytes, hex) to {@code file}, mode 600 where POSIX; returns it. */
  static String create(Path file) throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    writePrivate(file, token);
    return token;
  }

  /**
   * Writes {@code value} and a newline, owner read/write only. A new file is created with that mode
   * (no window in which it is world-readable); an existing empty one is narrowed before writing.
   */
  static void writePrivate(Path file, String value) throws IOException {
    try {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the platform default
    }
    Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
  }
}
