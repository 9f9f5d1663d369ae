package io.mdrotator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.tools.probe.ConsumerProbe;
import io.mdrotator.tools.probe.ProbeTarget;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The slot's invariants, checked after every step: the {@link ConsumerProbe} reads what a consumer
 * is served and finds it live in MotherDuck (issued, not revoked, not expired); its {@code token_id}
 * is live under the same name; no revocation broke the audit; no token vanished without an
 * announced revocation; and, on demand, no orphan is left.
 */
final class SlotWatch {
  private final E2eWorld world;
  private final ConsumerProbe consumer;
  private final Map<String, TokenInfo> lastLive = new HashMap<>();
  final Set<String> revokedByTest = new HashSet<>();
  int checks;

  SlotWatch(E2eWorld world) {
    this.world = world;
    this.consumer = ConsumerProbe.manual(world.md, world.vault, world.clock,
        List.of(new ProbeTarget(E2eWorld.USER + "/" + world.slot.id().slot(), "secret", world.slot.vaultPath())));
  }

  /** The fields Vault serves now (read from the emulator's state, not over HTTP). */
  Map<String, Object> served() {
    return world.vault.currentData(world.slot.vaultPath())
        .orElseThrow(() -> new AssertionError("Vault serves nothing at " + world.slot.vaultPath()));
  }

  String servedId() {
    return (String) served().get("token_id");
  }

  /** The served token works for a consumer and is live under its name; nothing vanished. */
  void check(String step) {
    checks++;
    Map<String, Object> data = served();
    String id = (String) data.get("token_id");
    Optional<TokenInfo> live = liveToken(id);
    assertThat(live).as("%s: served token %s is live in MotherDuck", step, id).isPresent();
    assertThat(data.get("token_name")).as("%s: served name", step).isEqualTo(live.get().name());
    consumer.checkOnce();
    assertThat(consumer.figures().violations()).as("%s: what the consumer is served works", step).isEmpty();
    assertThat(world.auditor.violations).as("%s: revocation audit", step).isEmpty();
    checkNothingVanished(step);
  }

  private void checkNothingVanished(String step) {
    Instant now = world.clock.instant();
    Map<String, TokenInfo> live = new HashMap<>();
    world.md.liveTokens(E2eWorld.USER).forEach(t -> live.put(t.id(), t));
    for (TokenInfo before : lastLive.values()) {
      if (!live.containsKey(before.id()) && !before.expiredAt(now)
          && !revokedByTest.contains(before.id())) {
        assertThat(world.auditor.revoked(before.id()))
            .as("%s: token %s disappeared without an announced revocation", step, before.id())
            .isTrue();
      }
    }
    lastLive.clear();
    lastLive.putAll(live);
  }

  Optional<TokenInfo> liveToken(String id) {
    return world.md.liveTokens(E2eWorld.USER).stream().filter(t -> t.id().equals(id)).findFirst();
  }

  List<TokenInfo> managedLive() {
    String prefix = "md-rotator/" + world.slot.id().slot() + "/";
    return world.md.liveTokens(E2eWorld.USER).stream()
        .filter(t -> t.name().startsWith(prefix)).toList();
  }

  /**
   * No orphan: every live managed token is either served or was served and superseded less than
   * a grace period ago (its successor's Vault {@code created_time} + grace is still ahead).
   */
  void assertNoOrphans() {
    Instant now = world.clock.instant();
    String served = servedId();
    for (TokenInfo t : managedLive()) {
      if (t.id().equals(served)) {
        continue;
      }
      Optional<Instant> superseded = world.auditor.supersededAt(t.id());
      assertThat(superseded).as("orphan %s (%s): live, never served", t.id(), t.name()).isPresent();
      assertThat(superseded.get().plus(world.slot.gracePeriod()))
          .as("orphan %s: superseded at %s, still live at %s", t.id(), superseded.get(), now)
          .isAfter(now);
    }
  }

  /** Healthy end state: probe passes, no orphan, no early revocation. */
  void assertConverged(String step) {
    check(step);
    assertNoOrphans();
    assertThat(world.auditor.violations).isEmpty();
  }
}
