package io.mdrotator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The dependency rules of docs/architecture.md, checked on the product's classes (target/classes;
 * tests and tooling excluded): domain, ports, core, adapters, shell; no package cycles; a decision
 * core without I/O, clock source or environment; adapters that do not know each other; a product
 * that never depends on its tooling.
 */
class LayerRulesTest {
  static final JavaClasses PRODUCT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.mdrotator");

  static final String[] DOMAIN = {"io.mdrotator.policy..", "io.mdrotator.document..", "io.mdrotator.secret.."};
  static final String[] PORTS = {"io.mdrotator.port.."};
  static final String[] CORE = {"io.mdrotator.rotation.."};
  static final String[] SUPPORT = {"io.mdrotator.tls.."};
  static final List<String> ADAPTERS = List.of(
      "io.mdrotator.motherduck..", "io.mdrotator.vault..", "io.mdrotator.schedule..",
      "io.mdrotator.observability..", "io.mdrotator.emulator..");
  /** config is the shell's input: it reads the daemon's file and derives its defaults from the adapters'. */
  static final String[] SHELL = {"io.mdrotator.config..", "io.mdrotator.daemon..", "io.mdrotator.demo..", "io.mdrotator.cli.."};

  @Test
  void theProductHasTheClassesTheRulesAreAbout() {
    org.assertj.core.api.Assertions.assertThat(PRODUCT.containPackage("io.mdrotator.rotation")).isTrue();
    org.assertj.core.api.Assertions.assertThat(PRODUCT.containPackage("io.mdrotator.tools")).isFalse();
  }

  @Test
  void layersDependOnlyInward() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Domain").definedBy(DOMAIN)
        .layer("Ports").definedBy(PORTS)
        .layer("Core").definedBy(CORE)
        .layer("Support").definedBy(SUPPORT)
        .layer("Adapters").definedBy(ADAPTERS.toArray(String[]::new))
        .layer("Shell").definedBy(SHELL)
        .whereLayer("Domain").mayNotAccessAnyLayer()
        .whereLayer("Support").mayNotAccessAnyLayer()
        .whereLayer("Ports").mayOnlyAccessLayers("Domain")
        .whereLayer("Core").mayOnlyAccessLayers("Ports", "Domain")
        .whereLayer("Adapters").mayOnlyAccessLayers("Core", "Ports", "Domain", "Support")
        .check(PRODUCT);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.mdrotator.(**)").should().beFreeOfCycles().check(PRODUCT);
  }

  @TestFactory
  Stream<DynamicTest> adaptersDoNotDependOnEachOther() {
    return ADAPTERS.stream().map(adapter -> DynamicTest.dynamicTest(adapter, () -> noClasses()
        .that().resideInAPackage(adapter)
        .should().dependOnClassesThat().resideInAnyPackage(
            ADAPTERS.stream().filter(other -> !other.equals(adapter)).toArray(String[]::new))
        .check(PRODUCT)));
  }

  @Test
  void theDecisionCoreDoesNoIo() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.io..", "java.net..", "java.nio.file..", "java.nio.channels..", "java.sql..", "javax.net..",
            "org.slf4j..", "org.quartz..", "io.github.jopenlibs..", "com.zaxxer..", "org.postgresql..",
            "com.sun.net.httpserver..")
        .because("the core decides from observed state; adapters do the I/O")
        .check(PRODUCT);
  }

  @Test
  void theDecisionCoreReadsNoClockSourceAndNoEnvironment() {
    noClasses().that().resideInAnyPackage(CORE)
        .should().callMethod(Clock.class, "systemUTC")
        .orShould().callMethod(Clock.class, "systemDefaultZone")
        .orShould().callMethod(Instant.class, "now")
        .orShould().callMethod(LocalDate.class, "now")
        .orShould().callMethod(LocalDateTime.class, "now")
        .orShould().callMethod(OffsetDateTime.class, "now")
        .orShould().callMethod(ZonedDateTime.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .orShould().callMethod(System.class, "getProperty", String.class)
        .orShould().callMethod(System.class, "getProperty", String.class, String.class)
        .because("time comes from an injected Clock and settings from EngineOptions")
        .check(PRODUCT);
  }

  @Test
  void theProductNeverDependsOnItsTooling() {
    noClasses().that().resideInAPackage("io.mdrotator..")
        .should().dependOnClassesThat().resideInAPackage("io.mdrotator.tools..")
        .check(PRODUCT);
  }
}
