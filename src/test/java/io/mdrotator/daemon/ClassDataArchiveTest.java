package io.mdrotator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive is created by a training JVM, moved into place with a stamp of what it was
 * made for, found current only for that java, code and flag set, and left alone when a training
 * run fails.
 */
class ClassDataArchiveTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  private static ClassDataArchive.Launch launch(List<String> flags) {
    String cp = System.getProperty("java.class.path");
    return new ClassDataArchive.Launch(JAVA, flags, List.of("-cp", cp, "io.mdrotator.cli.Main"), "class path " + cp);
  }

  /**
   * A launch from jars only, as in production: the JVM refuses to archive with a non-empty directory
   * on the class path, so the product's classes directory is packed into a jar first.
   */
  private static ClassDataArchive.Launch jarLaunch(List<String> flags, Path dir) throws Exception {
    List<String> cp = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p) && Files.exists(p.resolve("io/mdrotator/cli/Main.class"))) {
        cp.add(pack(p, dir.resolve("product.jar")).toString());
      } else if (entry.endsWith(".jar")) {
        cp.add(entry);
      }
    }
    String path = String.join(File.pathSeparator, cp);
    return new ClassDataArchive.Launch(JAVA, flags, List.of("-cp", path, "io.mdrotator.cli.Main"), "class path " + path);
  }

  private static Path pack(Path classes, Path jar) throws Exception {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void archiveFlagsAreFoundAndNeverPassedToTheTrainingJvm() {
    List<String> flags = List.of("-Xmx256m", "-XX:SharedArchiveFile=/a.jsa", "-Xshare:auto",
        "-XX:ArchiveClassesAtExit=/b.jsa", "-XX:SharedArchiveFile=/c.jsa", "-XX:+UseSerialGC");
    assertThat(ClassDataArchive.archiveFlag(flags)).contains(Path.of("/c.jsa"));
    assertThat(ClassDataArchive.archiveFlag(List.of("-Xmx1g"))).isEmpty();
    assertThat(ClassDataArchive.withoutArchiveFlags(flags)).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(launch(flags).jvmFlags()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
  }

  @Test
  void stampNamesJavaCodeAndFlags(@TempDir Path dir) throws Exception {
    ClassDataArchive a = new ClassDataArchive(dir.resolve("a.jsa"), launch(List.of("-Xmx256m")));
    assertThat(a.stamp()).contains("java.home=" + System.getProperty("java.home"))
        .contains("java.vm.version=" + System.getProperty("java.vm.version"))
        .contains("code=class path ").contains("flags=-Xmx256m");
    assertThat(a.current()).as("no archive yet").isFalse();

    Files.writeString(a.archive(), "not empty");
    Files.writeString(a.stampFile(), a.stamp());
    assertThat(a.current()).isTrue();
    ClassDataArchive otherFlags = new ClassDataArchive(dir.resolve("a.jsa"), launch(List.of("-Xmx512m")));
    assertThat(otherFlags.current()).as("made for other flags").isFalse();
    Files.writeString(a.archive(), "");
    assertThat(a.current()).as("empty archive").isFalse();
  }

  /** The real thing: a training JVM (daemon, validate, plan, health against the emulators) dumps an archive. */
  @Test
  void trainingRunCreatesAnArchiveTheJvmMaps(@TempDir Path dir, @TempDir Path code) throws Exception {
    ClassDataArchive.Launch launch = jarLaunch(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), code);
    ClassDataArchive a = new ClassDataArchive(dir.resolve("md-rotator.jsa"), launch);

    ClassDataArchive.Outcome o = a.create(Duration.ofMinutes(3));

    assertThat(o.created()).as(o.detail() + "\n" + (Files.exists(a.logFile()) ? Files.readString(a.logFile()) : "")).isTrue();
    assertThat(Files.size(a.archive())).isPositive();
    assertThat(a.current()).isTrue();
    assertThat(Files.readString(a.logFile())).contains("cds training: validate 0, plan 0/0, health 0, /metrics 200");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("md-rotator.jsa", "md-rotator.jsa.stamp", "md-rotator.jsa.log");
    }
    // -Xshare:on refuses to start when it cannot map the archive.
    List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xshare:on", "-XX:SharedArchiveFile=" + a.archive()));
    cmd.addAll(launch.code());
    cmd.add("--version");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void failedTrainingLeavesThePreviousArchive(@TempDir Path dir) throws Exception {
    ClassDataArchive a = new ClassDataArchive(dir.resolve("md-rotator.jsa"), launch(List.of("-XX:NoSuchFlag=1")));
    Files.writeString(a.archive(), "previous");

    ClassDataArchive.Outcome o = a.create(Duration.ofMinutes(1));

    assertThat(o.created()).isFalse();
    assertThat(o.detail()).contains("without an archive").contains(a.logFile().toString());
    assertThat(Files.readString(a.archive())).isEqualTo("previous");
    assertThat(a.stampFile()).doesNotExist();
  }
}
