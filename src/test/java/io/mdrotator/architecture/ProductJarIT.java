package io.mdrotator.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged jars (after {@code mvn package}): the product jar holds the product and nothing of
 * the tests or the tooling (benchmarks, soak, consumer probe, crash hooks); the tooling jar holds
 * the tooling alone and runs with the product jar beside it.
 */
class ProductJarIT {
  static final Path TARGET = Path.of("target");
  static final Path PRODUCT_JAR = TARGET.resolve("md-rotator.jar");
  static final Path TOOLS_JAR = TARGET.resolve("md-rotator-thin-tools.jar");

  @Test
  void theProductJarHoldsNoTestOrToolingClass() throws IOException {
    Set<String> product = entries(PRODUCT_JAR);
    assertThat(product).as("the product jar holds the CLI").contains("io/mdrotator/cli/Main.class");
    assertThat(product).filteredOn(e -> e.startsWith("io/mdrotator/tools/") || e.startsWith("io/mdrotator/testing/")
            || e.startsWith("io/mdrotator/bench/") || e.startsWith("io/mdrotator/soak/")
            || e.equals("META-INF/services/io.mdrotator.rotation.StepHook"))
        .as("tooling or test hooks in %s", PRODUCT_JAR).isEmpty();
    assertThat(product).as("classes compiled from src/test or src/tools").doesNotContainAnyElementsOf(testOutput());
  }

  @Test
  void theToolingJarHoldsTheToolingAlone() throws IOException {
    Set<String> tools = entries(TOOLS_JAR);
    assertThat(tools).contains("io/mdrotator/tools/Tools.class", "io/mdrotator/tools/soak/SoakCommand.class",
        "io/mdrotator/tools/bench/BenchCommand.class");
    assertThat(tools).filteredOn(e -> e.endsWith(".class")).allMatch(e -> e.startsWith("io/mdrotator/tools/"));
    try (JarFile jar = new JarFile(TOOLS_JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path")).isEqualTo("md-rotator.jar");
    }
  }

  private static Set<String> entries(Path jar) throws IOException {
    try (JarFile f = new JarFile(jar.toFile())) {
      return f.stream().map(ZipEntry::getName).collect(Collectors.toSet());
    }
  }

  /** Every class file of target/test-classes, as a jar entry name. */
  private static List<String> testOutput() throws IOException {
    Path dir = TARGET.resolve("test-classes");
    try (Stream<Path> s = Files.walk(dir)) {
      List<String> classes = s.filter(p -> p.toString().endsWith(".class"))
          .map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
      assertThat(classes).as("test output in %s", dir).isNotEmpty();
      return classes;
    }
  }
}
