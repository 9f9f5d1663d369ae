package io.mdrotator.observability;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The audit file on disk: created with a fixed mode whatever the umask, and checked to be
 * appendable before the audit appender is attached (see {@link LoggingSetup#openAuditFile}).
 */
final class AuditFile {
  /** See {@link LoggingSetup#AUDIT_FILE_MODE}. */
  static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private AuditFile() {}

  /** See {@link LoggingSetup#openAuditFile}. */
  static void open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
      try {
        if (posix) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          Files.setPosixFilePermissions(file, MODE);
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException e) {
        // existing file: appended to as it is (a directory here fails to open below)
      }
      try (FileChannel probe = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        // opened for appending: the appender will be able to write
      }
    } catch (IOException e) {
      throw new LoggingSetup.AuditFileException(file, e);
    }
  }

  /** Why opening {@code file} failed, in words, with the path it happened on when that is another one. */
  static String reason(Path file, IOException e) {
    String what;
    if (e instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      what = "no such file or directory";
    } else if (e instanceof NotDirectoryException) {
      what = "not a directory";
    } else if (e instanceof FileAlreadyExistsException) {
      what = "exists and is not a directory"; // from createDirectories: a parent is a file
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      what = f.getReason(); // e.g. "Read-only file system", "Is a directory"
    } else {
      what = String.valueOf(e.getMessage());
    }
    if (e instanceof FileSystemException f && f.getFile() != null && !Path.of(f.getFile()).equals(file)) {
      what += " (" + f.getFile() + ")";
    }
    return what;
  }
}
