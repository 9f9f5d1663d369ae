package io.mdrotator.daemon;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JVM's class-data sharing archive for md-rotator (a JDK 17 dynamic CDS archive): the classes
 * the daemon, {@code validate} and {@code plan} load, parsed and verified once and mapped from
 * the archive at every later start. The JVM uses it when started with
 * {@code -XX:SharedArchiveFile=FILE}; a missing file makes it run without any class-data sharing,
 * an archive made for another jar, JVM or flag set is ignored (checked by the JVM itself).
 *
 * <p>JDK 17 cannot create the archive on its own ({@code -XX:+AutoCreateSharedArchive} is JDK 19+),
 * so {@link #create} runs a second JVM with {@code -XX:ArchiveClassesAtExit} over a training
 * workload ({@code md-rotator cds --train}: the daemon, validate, plan and health against the
 * in-process emulators, no network and no credential of the host), then moves the result into place.
 * Beside the archive, {@code FILE.stamp} records what it was made for (java, jar, JVM flags);
 * {@link #current()} compares it with this JVM, so a new jar, JDK or flag set recreates it.
 */
public final class ClassDataArchive {
  /** The flag that names the archive a JVM maps. */
  public static final String USE_FLAG = "-XX:SharedArchiveFile=";
  private static final String DUMP_FLAG = "-XX:ArchiveClassesAtExit=";
  private static final String TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

  private final Path archive;
  private final Launch launch;

  /** How to start md-rotator in another JVM: java, the JVM flags (without archive flags), the code. */
  public record Launch(Path java, List<String> jvmFlags, List<String> code, String codeIdentity) {
    public Launch {
      jvmFlags = withoutArchiveFlags(jvmFlags);
      code = List.copyOf(code);
    }
  }

  /** The outcome of {@link #create}: whether the archive is in place, and a line for the operator. */
  public record Outcome(boolean created, String detail) {}

  public ClassDataArchive(Path archive, Launch launch) {
    this.archive = archive.toAbsolutePath();
    this.launch = launch;
  }

  /** The archive at {@code archive} for a JVM started like this one. */
  public static ClassDataArchive forThisJvm(Path archive) {
    return new ClassDataArchive(archive, thisLaunch());
  }

  /** The archive this JVM was started with ({@code -XX:SharedArchiveFile=}), if any. */
  public static Optional<ClassDataArchive> ofThisJvm() {
    return archiveFlag(inputArguments()).map(ClassDataArchive::forThisJvm);
  }

  public Path archive() {
    return archive;
  }

  Path stampFile() {
    return archive.resolveSibling(archive.getFileName() + ".stamp");
  }

  /** Where the training JVM's output goes: beside the archive, for when creation fails. */
  public Path logFile() {
    return archive.resolveSibling(archive.getFileName() + ".log");
  }

  /** What an archive for {@link #launch} must have been made for; one line per item. */
  String stamp() {
    return String.join("\n", "java.home=" + System.getProperty("java.home"),
        "java.vm.version=" + System.getProperty("java.vm.version"),
        "code=" + launch.codeIdentity(),
        "flags=" + String.join(" ", launch.jvmFlags())) + "\n";
  }

  /** The archive exists and its stamp says it was made for this java, code and flag set. */
  public boolean current() {
    try {
      return Files.isRegularFile(archive) && Files.size(archive) > 0
          && Files.readString(stampFile(), StandardCharsets.UTF_8).equals(stamp());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs the training JVM (at most {@code bound}) and moves its archive and stamp into place; a
   * failure leaves any previous archive as it was. Never throws for a failed training run or an
   * archive directory this user cannot write (then no training run starts): the daemon runs
   * without the archive, or with the one it has, only slower to start.
   */
  public Outcome create(Duration bound) throws InterruptedException {
    Path partial = archive.resolveSibling(archive.getFileName() + ".part");
    List<String> cmd = new ArrayList<>();
    cmd.add(launch.java().toString());
    cmd.addAll(launch.jvmFlags());
    cmd.add(DUMP_FLAG + partial);
    cmd.addAll(launch.code());
    cmd.addAll(List.of("cds", "--train"));
    try {
      Files.createDirectories(archive.getParent());
      if (!Files.isWritable(archive.getParent())) {
        // The image's archive under /opt when JAVA_TOOL_OPTIONS is overridden at run time: the
        // runtime user cannot replace it, so no training run is started for nothing.
        return new Outcome(false, "cannot create " + archive + ": " + archive.getParent()
            + " is not writable by this user; the archive there is left as it is");
      }
      Files.deleteIfExists(partial);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()));
      Map<String, String> env = pb.environment();
      // JAVA_TOOL_OPTIONS may name the archive being replaced; the training JVM must not map it.
      Optional.ofNullable(env.get(TOOL_OPTIONS)).ifPresent(o -> env.put(TOOL_OPTIONS,
          String.join(" ", withoutArchiveFlags(List.of(o.trim().split("\\s+"))))));
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Outcome(false, "training run did not finish within " + bound.toSeconds() + " s; see " + logFile());
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
        return new Outcome(false, "training run exited " + p.exitValue() + " without an archive; see " + logFile());
      }
      Path stampPart = stampFile().resolveSibling(stampFile().getFileName() + ".part");
      Files.writeString(stampPart, stamp(), StandardCharsets.UTF_8);
      Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(stampPart, stampFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Outcome(true, "created " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
    } catch (IOException e) {
      return new Outcome(false, "cannot create " + archive + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // a leftover partial file is overwritten by the next attempt
      }
    }
  }

  /**
   * When this JVM maps an archive ({@code -XX:SharedArchiveFile=}) that is missing or stale, creates
   * it on a background thread after {@code delay}, so that it does not compete with start-up. Where the
   * archive is made before the daemon (the systemd unit's ExecStartPre, the container image's build)
   * it finds it current and does nothing. One attempt per JVM, never retried: {@code log} hears its
   * outcome, one line.
   */
  public static void refreshInBackground(Duration delay, java.util.function.Consumer<String> log) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(delay.toMillis());
        Optional<ClassDataArchive> a = ofThisJvm();
        if (a.isPresent() && !a.get().current()) {
          Outcome o = a.get().create(Duration.ofMinutes(3));
          log.accept("class-data archive: " + o.detail());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "md-rotator-cds");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** {@code flags} without the flags that name or create an archive, or switch sharing. */
  static List<String> withoutArchiveFlags(List<String> flags) {
    return flags.stream().filter(f -> !f.isBlank() && !f.startsWith(USE_FLAG) && !f.startsWith(DUMP_FLAG)
        && !f.startsWith("-Xshare:")).toList();
  }

  /** The archive named by the last {@code -XX:SharedArchiveFile=} in {@code flags}. */
  static Optional<Path> archiveFlag(List<String> flags) {
    return flags.stream().filter(f -> f.startsWith(USE_FLAG)).reduce((a, b) -> b)
        .map(f -> Path.of(f.substring(USE_FLAG.length())));
  }

  private static List<String> inputArguments() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  /** This JVM's java, flags and code: {@code -jar JAR} when run from a jar, else the class path. */
  static Launch thisLaunch() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Optional<Path> jar = codeJar();
    if (jar.isPresent()) {
      Path j = jar.get().toAbsolutePath();
      String identity;
      try {
        identity = j + " " + Files.size(j) + " bytes, modified " + Files.getLastModifiedTime(j).toMillis();
      } catch (IOException e) {
        identity = j + " (unreadable: " + e.getMessage() + ")";
      }
      return new Launch(java, inputArguments(), List.of("-jar", j.toString()), identity);
    }
    String cp = System.getProperty("java.class.path");
    return new Launch(java, inputArguments(), List.of("-cp", cp, "io.mdrotator.cli.Main"),
        "class path " + List.of(cp.split(File.pathSeparator)).stream().collect(Collectors.joining(" ")));
  }

  private static Optional<Path> codeJar() {
    try {
      Path p = Path.of(ClassDataArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return p.toString().endsWith(".jar") && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
