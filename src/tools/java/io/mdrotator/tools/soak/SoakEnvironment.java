package io.mdrotator.tools.soak;

import io.mdrotator.demo.LocalDaemonFiles;
import io.mdrotator.emulator.FaultInjector;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.tools.probe.ProbeTarget;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Both emulators on loopback (MotherDuck with relaxed TTLs, both with seeded fault dice) and a
 * private temporary directory with the daemon config, the soak policy and the two credential
 * files. Accounts {@code soak_000, soak_001, ...} carry two slots {@code a} and {@code b}; every
 * odd account does not exist at start and is created by {@code ensureExists}, so its two slots
 * race to create it.
 */
final class SoakEnvironment implements AutoCloseable {
  static final String MOUNT = "secret";

  /** One slot of the soak policy. */
  record Slot(String username, String name) {
    String label() {
      return username + "/" + name;
    }

    String vaultPath() {
      return "motherduck/" + username + "/" + name;
    }

    String statePath() {
      return EngineOptions.DEFAULT_STATE_PREFIX + "/" + username + "/" + name;
    }
  }

  private final MotherDuckEmulator md;
  private final VaultEmulator vault;
  private final Path dir;
  private final List<Slot> slots;
  private final Secret admin;

  private SoakEnvironment(MotherDuckEmulator md, VaultEmulator vault, Path dir, List<Slot> slots, Secret admin) {
    this.md = md;
    this.vault = vault;
    this.dir = dir;
    this.slots = slots;
    this.admin = admin;
  }

  static SoakEnvironment start(SoakOptions o) throws IOException {
    List<Slot> slots = new ArrayList<>();
    List<String> existing = new ArrayList<>();
    for (int i = 0; i < o.slots(); i++) {
      String user = String.format("soak_%03d", i / 2);
      slots.add(new Slot(user, i % 2 == 0 ? "a" : "b"));
      if ((i / 2) % 2 == 0 && i % 2 == 0) {
        existing.add(user);
      }
    }
    Secret admin = Secret.of(LocalDaemonFiles.randomHex());
    MotherDuckEmulator md = MotherDuckEmulator.start(EmulatorOptions.builder(admin).port(0).relaxedTtl(true)
        .accounts(existing).faultSeed(o.seed()).build());
    VaultEmulator vault;
    try {
      vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0).rootToken(LocalDaemonFiles.randomHex())
          .faults(new FaultInjector(o.seed() + 1)));
    } catch (RuntimeException e) {
      md.close();
      throw e;
    }
    Path dir = Files.createTempDirectory("md-rotator-soak");
    SoakEnvironment env = new SoakEnvironment(md, vault, dir, List.copyOf(slots), admin);
    env.write(o);
    return env;
  }

  MotherDuckEmulator motherDuck() {
    return md;
  }

  VaultEmulator vault() {
    return vault;
  }

  List<Slot> slots() {
    return slots;
  }

  List<String> accounts() {
    return slots.stream().map(Slot::username).distinct().toList();
  }

  Path configFile() {
    return dir.resolve("md-rotator.yaml");
  }

  List<ProbeTarget> probeTargets() {
    return slots.stream().map(s -> new ProbeTarget(s.label(), MOUNT, s.vaultPath())).toList();
  }

  /** Every secret the run handed out: admin and Vault root tokens and every MotherDuck token. */
  List<String> issuedSecrets() {
    List<String> all = new ArrayList<>(md.issuedSecrets());
    all.add(admin.reveal());
    all.add(vault.rootToken().reveal());
    return all;
  }

  private void write(SoakOptions o) throws IOException {
    StringBuilder policy = new StringBuilder("""
        version: 1
        defaults:
          ttl: %ds
          renewBefore: 50%%
          gracePeriod: %ds
        accounts:
        """.formatted(o.ttl().toSeconds(), o.grace().toSeconds()));
    for (String user : accounts()) {
      policy.append("  - username: ").append(user).append('\n');
      if (!md.accountExists(user)) {
        policy.append("    ensureExists: true\n");
      }
      policy.append("    slots:\n");
      slots.stream().filter(s -> s.username().equals(user)).forEach(s ->
          policy.append("      - name: ").append(s.name()).append("\n        token_type: read_write\n"));
    }
    Files.writeString(dir.resolve("policy.yaml"), policy);
    LocalDaemonFiles.write(configFile(), md.baseUri(), admin, vault.address(), vault.rootToken(), 200,
        LocalDaemonFiles.freePort());
  }

  @Override
  public void close() {
    md.close();
    vault.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove soak directory " + dir, e);
    }
  }
}
