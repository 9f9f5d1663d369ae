package io.mdrotator.rotation;

import io.mdrotator.emulator.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.KvVersion;
import io.mdrotator.testing.Reconciles;
import io.mdrotator.testing.Slots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fakes, clock, a slot ({@link Slots}) and an invariant monitor: every revocation is checked at the instant it
 * happens against what Vault serves and when its successor was stored.
 */
final class Harness {
  static final String USER = "etl_service";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final FakeMotherDuck md = new FakeMotherDuck(clock);
  final FakeKv kv = new FakeKv(clock);
  final RecordingListener events = new RecordingListener();
  final List<String> violations = new ArrayList<>();
  final EngineOptions options = EngineOptions.DEFAULTS;
  SlotPolicy slot = slot("rw", Duration.ofHours(1), new RenewBefore.Fixed(Duration.ofMinutes(20)),
      Duration.ofMinutes(5));
  AccountPolicy account = account(UnmanagedTokens.REPORT, slot);
  boolean checkGrace = true;

  Harness() {
    md.addUser(USER);
    events.clock = clock;
    md.beforeRevoke = this::checkRevocation;
  }

  static SlotPolicy slot(String name, Duration ttl, RenewBefore rb, Duration grace) {
    return Slots.readWrite(USER, name, ttl, rb, grace);
  }

  static AccountPolicy account(UnmanagedTokens unmanaged, SlotPolicy... slots) {
    return Slots.account(USER, Optional.empty(), unmanaged, slots);
  }

  RotationEngine engine() {
    return engine(StepHook.NONE);
  }

  RotationEngine engine(StepHook crash) {
    return new RotationEngine(md, kv, options, clock, events, crash);
  }

  SlotOutcome reconcile(RotationEngine e) {
    return e.reconcile(slot, account);
  }

  Optional<String> servedId() {
    List<KvVersion> v = kv.versions(slot.vaultPath());
    return v.isEmpty() ? Optional.empty() : v.get(v.size() - 1).data().get("token_id");
  }

  TokenInfo servedInfo() {
    String id = servedId().orElseThrow();
    return md.live(USER).stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  private void checkRevocation(String tokenId) {
    List<KvVersion> versions = kv.versions(slot.vaultPath());
    for (int i = 0; i < versions.size(); i++) {
      if (!tokenId.equals(versions.get(i).data().get("token_id").orElse(null))) {
        continue;
      }
      if (i == versions.size() - 1) {
        violations.add("revoked the served token " + tokenId + " at " + clock.instant());
      } else if (checkGrace) {
        Instant allowed = versions.get(i + 1).createdTime().plus(slot.gracePeriod());
        if (clock.instant().isBefore(allowed)) {
          violations.add("revoked " + tokenId + " at " + clock.instant() + " before " + allowed);
        }
      }
    }
  }

  /** Runs reconcile at each wake-up until {@code until}; returns the outcomes. */
  List<SlotOutcome> runUntil(RotationEngine e, Instant until) {
    return Reconciles.until(clock, () -> reconcile(e), until, 10_000, false);
  }

  /** Healthy: Vault serves a listed, unexpired token; no managed token is unaccounted for. */
  void assertHealthy() {
    assertThat(violations).isEmpty();
    TokenInfo served = servedInfo();
    assertThat(served.expiredAt(clock.instant())).isFalse();
    SlotState state = new StateStore(kv).read(options.statePath(USER, slot.id().slot()));
    for (TokenInfo t : md.live(USER)) {
      if (TokenNames.belongsTo(t.name(), slot.id().slot()) && !t.id().equals(served.id())) {
        assertThat(state.superseded()).as("orphan %s", t.name()).containsKey(t.id());
      }
    }
  }
}
