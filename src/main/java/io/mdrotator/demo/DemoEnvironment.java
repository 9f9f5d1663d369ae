package io.mdrotator.demo;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the {@code demo} command runs against: both emulators on loopback and a temporary
 * directory holding a daemon config, a policy with short TTLs, and the two credential files.
 */
public final class DemoEnvironment implements AutoCloseable {
  /** Accounts that exist in the emulator from the start; {@code ml_scoring} is created by ensureExists. */
  static final List<String> EXISTING_ACCOUNTS = List.of("etl_loader", "bi_dashboards");

  private final MotherDuckEmulator motherDuck;
  private final VaultEmulator vault;
  private final Path dir;

  private DemoEnvironment(MotherDuckEmulator motherDuck, VaultEmulator vault, Path dir) {
    this.motherDuck = motherDuck;
    this.vault = vault;
    this.dir = dir;
  }

  /** Starts the emulators and writes the files; {@code metricsPort} 0 picks a free port. */
  public static DemoEnvironment start(int metricsPort) throws IOException {
    return start(metricsPort, Optional.empty());
  }

  /**
   * As {@link #start(int)}, with {@code logging.auditFile} set to {@code auditFile} when given (an
   * absolute path outside the temporary directory, so the audit stream outlives the demo).
   */
  public static DemoEnvironment start(int metricsPort, Optional<Path> auditFile) throws IOException {
    Secret admin = Secret.of(LocalDaemonFiles.randomHex());
    MotherDuckEmulator md = MotherDuckEmulator.start(
        EmulatorOptions.builder(admin).port(0).relaxedTtl(true).accounts(EXISTING_ACCOUNTS).build());
    VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0).rootToken(LocalDaemonFiles.randomHex()));
    Path dir = Files.createTempDirectory("md-rotator-demo");
    DemoEnvironment env = new DemoEnvironment(md, vault, dir);
    env.write(admin, metricsPort == 0 ? LocalDaemonFiles.freePort() : metricsPort);
    if (auditFile.isPresent()) {
      env.auditTo(auditFile.get().toAbsolutePath());
    }
    return env;
  }

  public Path configFile() {
    return dir.resolve("md-rotator.yaml");
  }

  public MotherDuckEmulator motherDuck() {
    return motherDuck;
  }

  public VaultEmulator vault() {
    return vault;
  }

  private void write(Secret admin, int metricsPort) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        defaults:
          ttl: 60s
          renewBefore: 33%
          gracePeriod: 10s
        accounts:
          - username: etl_loader
            slots:
              - name: rw
                token_type: read_write
          - username: bi_dashboards
            ducklings:
              read_write: {instance_size: standard}
              read_scaling: {instance_size: pulse, flock_size: 2}
            slots:
              - name: rw
                token_type: read_write
              - name: rs
                token_type: read_scaling
          - username: ml_scoring
            ensureExists: true
            slots:
              - name: rw
                token_type: read_write
        """);
    LocalDaemonFiles.write(configFile(), motherDuck.baseUri(), admin, vault.address(), vault.rootToken(), 50,
        metricsPort);
  }

  /** Adds {@code auditFile} to the logging section, the last one {@link LocalDaemonFiles} writes. */
  private void auditTo(Path auditFile) throws IOException {
    String config = Files.readString(configFile());
    String logging = "logging:\n  format: console\n";
    if (!config.endsWith(logging)) {
      throw new IllegalStateException("the demo config no longer ends with its logging section: " + configFile());
    }
    Files.writeString(configFile(), config + "  auditFile: '" + auditFile.toString().replace("'", "''") + "'\n");
  }

  @Override
  public void close() {
    motherDuck.close();
    vault.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove demo directory " + dir, e);
    }
  }
}
