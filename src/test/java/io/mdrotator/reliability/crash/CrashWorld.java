package io.mdrotator.reliability.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.cli.ReconcileAt;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.tools.probe.ProbeFigures;
import io.mdrotator.tools.probe.ProbeTarget;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.rotation.ProtocolStep;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.secret.Secret;
import io.mdrotator.testing.ChildJvm;
import io.mdrotator.testing.Emulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One crash-matrix cell: both emulators on loopback ({@link Emulators}) on an {@link OffsetClock}, a daemon
 * configuration and policy for one read-write slot (TTL 60 min, renewed 40 min before expiry,
 * 5 min grace), the consumer probe reading every 100 ms and a {@link TokenLedger} watching
 * revocations. The daemon runs as {@code reconcile} passes ({@link ReconcileAt}), in a child JVM
 * (armed or not) or in-process, all on the emulators' clock. Credentials live in a temporary
 * directory that is deleted on close; child logs go to {@code target/reliability/crash}.
 */
final class CrashWorld implements AutoCloseable {
  static final String USER = "crash_cell";
  static final String VAULT_PATH = "motherduck/" + USER + "/rw";
  static final String STATE_PATH = EngineOptions.DEFAULT_STATE_PREFIX + "/" + USER + "/rw";
  static final Duration GRACE = Duration.ofMinutes(5);
  static final Duration IN_FLIGHT = EngineOptions.DEFAULTS.inFlightBound();
  static final Path LOGS = Path.of("target", "reliability", "crash");
  private static final Duration CHILD_BOUND = Duration.ofSeconds(90);

  /** What a child JVM did: its exit status and its whole output. */
  record ChildRun(int exit, String output) {}

  final OffsetClock clock = new OffsetClock();
  final Emulators emulators;
  final MotherDuckEmulator md;
  final VaultEmulator vault;
  final ConsumerProbe probe;
  final TokenLedger ledger;
  private final String name;
  private final Path dir;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "token-ledger");
    t.setDaemon(true);
    return t;
  });
  private int children;

  CrashWorld(String name) throws IOException {
    this.name = name;
    Secret admin = Secret.of(randomHex());
    emulators = Emulators.start(clock, admin, randomHex(), USER);
    md = emulators.md;
    vault = emulators.vault;
    dir = Files.createTempDirectory("md-rotator-crash");
    writeSecret("admin-token", admin);
    writeSecret("vault-token", vault.rootToken());
    Files.writeString(dir.resolve("policy.yaml"), """
        version: 1
        defaults:
          ttl: 60m
          renewBefore: 40m
          gracePeriod: %dm
        accounts:
          - username: %s
            slots:
              - name: rw
                token_type: read_write
        """.formatted(GRACE.toMinutes(), USER));
    Files.writeString(config(), """
        policyFile: policy.yaml
        motherduck:
          apiUrl: %s
          adminToken: {file: admin-token}
          requestTimeout: 5s
        vault:
          address: %s
          auth:
            method: token
            token: {file: vault-token}
        """.formatted(md.baseUri(), vault.address()));
    probe = ConsumerProbe.start(md, vault, clock, List.of(new ProbeTarget(USER + "/rw", "secret", VAULT_PATH)),
        Duration.ofMillis(100));
    ledger = new TokenLedger(md, vault, clock, USER, "rw", VAULT_PATH, GRACE);
    poller.scheduleWithFixedDelay(ledger::poll, 0, 100, TimeUnit.MILLISECONDS);
  }

  Path config() {
    return dir.resolve("md-rotator.yaml");
  }

  /** One reconcile pass in this JVM with fresh adapters and engine (a restarted daemon's cycle). */
  SlotOutcome cycle() {
    SlotOutcome o = ReconcileAt.runOnce(config(), clock).outcomes().get(0);
    settle();
    assertThat(o.failed()).as("%s: cycle failed: %s", name, o.failure()).isFalse();
    return o;
  }

  /** Runs one reconcile pass in a child JVM on this clock, armed to halt at {@code crashAt} if present. */
  ChildRun child(Optional<ProtocolStep> crashAt) throws IOException, InterruptedException {
    Files.createDirectories(LOGS);
    Path log = LOGS.resolve(name + "-" + (++children) + crashAt.map(p -> "-armed-" + p.label()).orElse("") + ".log");
    ProcessBuilder pb = ChildJvm.of("96m", ReconcileAt.class.getName(), config().toString(),
        Long.toString(clock.offset().toMillis()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    crashAt.ifPresent(p -> pb.environment().put(ChildJvm.CRASH_AT, p.label()));
    Process p = pb.start();
    try {
      assertThat(p.waitFor(CHILD_BOUND.toSeconds(), TimeUnit.SECONDS)).as("%s: child ended in time", log).isTrue();
    } finally {
      p.destroyForcibly();
    }
    settle();
    return new ChildRun(p.exitValue(), Files.readString(log));
  }

  int children() {
    return children;
  }

  /** Reads once more on the probe and the ledger, so whatever a run did is seen before the clock moves. */
  void settle() {
    probe.checkOnce();
    ledger.poll();
  }

  /** Intent entries left in the slot's state document. */
  List<String> openIntents() {
    return vault.currentData(STATE_PATH).orElse(java.util.Map.of()).keySet().stream()
        .filter(k -> k.startsWith("intent.")).sorted().toList();
  }

  ProbeFigures probeFigures() {
    return probe.figures();
  }

  /** A credential file only the owner may read, as the daemon's secret sources expect. */
  private void writeSecret(String file, Secret value) throws IOException {
    Files.writeString(Files.createFile(dir.resolve(file),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), value.reveal());
  }

  private static String randomHex() {
    return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public void close() throws Exception {
    poller.shutdownNow();
    try {
      probe.close();
    } finally {
      emulators.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
