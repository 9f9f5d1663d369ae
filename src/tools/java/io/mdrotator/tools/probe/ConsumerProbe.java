package io.mdrotator.tools.probe;

import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.motherduck.SecretStatus;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.rotation.SecretContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the applications: every {@code interval} it reads each target's current secret from the
 * Vault emulator and asks the MotherDuck emulator whether that secret would authenticate. A served
 * token that is revoked, expired or unknown, or a secret that vanished after being served, is a
 * {@link ProbeViolation}. Scenarios decide which violations are unavoidable for them. Every read
 * also feeds a {@link LivenessTimeline}: {@link #noLiveSpans()} says, per target, from when to when
 * consumers had no live token (violations and the empty reads before a first token alike), which is
 * what recovery-time checks measure.
 *
 * <p>Reads go to the emulators' state directly, not over HTTP, so the probe never consumes faults a
 * scenario injects for the daemon and never shows up in request counts. What it reads is exactly
 * what a KV v2 read of the latest version would return.
 */
public final class ConsumerProbe implements AutoCloseable {
  /** Violations kept in full; later ones are only counted. */
  public static final int KEPT_VIOLATIONS = 200;

  private final MotherDuckEmulator md;
  private final VaultEmulator vault;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private volatile List<ProbeTarget> targets;
  private final Set<String> everServed = new HashSet<>();
  private final List<ProbeViolation> violations = new ArrayList<>();
  private final LivenessTimeline timeline = new LivenessTimeline();
  private long reads;
  private long emptyReads;
  private long violationCount;
  private volatile RuntimeException crashed;

  private ConsumerProbe(MotherDuckEmulator md, VaultEmulator vault, Clock clock, List<ProbeTarget> targets) {
    this.md = md;
    this.vault = vault;
    this.clock = clock;
    this.targets = List.copyOf(targets);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "consumer-probe");
      t.setDaemon(true);
      return t;
    });
  }

  /** A probe that only reads when {@link #checkOnce()} is called (for step-driven tests). */
  public static ConsumerProbe manual(MotherDuckEmulator md, VaultEmulator vault, Clock clock, List<ProbeTarget> targets) {
    return new ConsumerProbe(md, vault, clock, targets);
  }

  /** A probe reading every target every {@code interval} on its own thread until closed. */
  public static ConsumerProbe start(MotherDuckEmulator md, VaultEmulator vault, Clock clock,
      List<ProbeTarget> targets, Duration interval) {
    ConsumerProbe probe = new ConsumerProbe(md, vault, clock, targets);
    long millis = Math.max(1, interval.toMillis());
    probe.timer.scheduleWithFixedDelay(probe::tick, 0, millis, TimeUnit.MILLISECONDS);
    return probe;
  }

  /** Replaces the watched slots (after a policy reload); history of served slots is kept. */
  public void retarget(List<ProbeTarget> newTargets) {
    this.targets = List.copyOf(newTargets);
  }

  /** Reads every target once. */
  public synchronized void checkOnce() {
    for (ProbeTarget target : targets) {
      check(target);
    }
  }

  public synchronized ProbeFigures figures() {
    failIfCrashed();
    return new ProbeFigures(reads, emptyReads, violationCount, violations);
  }

  /**
   * Every stretch in which a target served no live token (nothing at all, or a token MotherDuck
   * would refuse), including the empty reads before a slot's first token, which are not violations.
   */
  public synchronized List<NoLiveSpan> noLiveSpans() {
    failIfCrashed();
    return timeline.spans();
  }

  /** Stops the probe thread; throws if the probe itself failed, so a broken probe cannot pass. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failIfCrashed();
  }

  private void tick() {
    try {
      checkOnce();
    } catch (RuntimeException e) {
      crashed = e;
      throw e;
    }
  }

  private void failIfCrashed() {
    if (crashed != null) {
      throw new IllegalStateException("consumer probe failed", crashed);
    }
  }

  private void check(ProbeTarget target) {
    reads++;
    Instant at = clock.instant();
    Optional<Map<String, Object>> served = vault.currentData(target.vaultMount(), target.vaultPath());
    String key = target.vaultMount() + "/" + target.vaultPath();
    if (served.isEmpty()) {
      if (everServed.contains(key)) {
        record(target, at, ProbeViolation.Kind.VANISHED, "-");
      } else {
        emptyReads++;
        timeline.read(target.label(), at, false, LivenessTimeline.NOTHING_SERVED);
      }
      return;
    }
    everServed.add(key);
    Object secret = served.get().get(SecretContract.TOKEN);
    String tokenId = String.valueOf(served.get().get(SecretContract.TOKEN_ID));
    SecretStatus status = secret instanceof String s ? md.secretStatus(s) : SecretStatus.NEVER_ISSUED;
    switch (status) {
      case LIVE -> timeline.read(target.label(), at, true, "LIVE");
      case EXPIRED -> record(target, at, ProbeViolation.Kind.SERVED_EXPIRED, tokenId);
      case REVOKED -> record(target, at, ProbeViolation.Kind.SERVED_REVOKED, tokenId);
      case NEVER_ISSUED -> record(target, at, ProbeViolation.Kind.SERVED_UNKNOWN, tokenId);
    }
  }

  private void record(ProbeTarget target, Instant at, ProbeViolation.Kind kind, String tokenId) {
    violationCount++;
    timeline.read(target.label(), at, false, kind.name());
    if (violations.size() < KEPT_VIOLATIONS) {
      violations.add(new ProbeViolation(at, target.label(), kind, tokenId));
    }
  }
}
