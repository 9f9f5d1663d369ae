package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.RevokeSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeUnmanaged;
import io.mdrotator.rotation.SlotObservation.Failures;
import io.mdrotator.rotation.SlotState.Intent;
import io.mdrotator.rotation.SlotState.Superseded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Invariants of the planner over random observations, times and policies. */
class SlotPlannerPropertiesTest {
  private static final EngineOptions OPTIONS = EngineOptions.DEFAULTS;
  private static final SlotPlanner PLANNER = new SlotPlanner(OPTIONS);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  record Scenario(SlotPolicy policy, SlotObservation obs, Instant now, UnmanagedTokens unmanaged) {}

  @Property(tries = 3000)
  void neverRevokesTheServedTokenNorEarlyNorForeign(@ForAll long seed) {
    Scenario s = scenario(new Random(seed));
    SlotPlan plan = PLANNER.plan(s.policy(), s.obs(), s.now(), s.unmanaged());
    Optional<String> served = s.obs().served().map(ServedToken::tokenId);

    for (String id : revokedIds(plan)) {
      assertThat(Optional.of(id)).as("revokes served").isNotEqualTo(served);
    }
    for (RevokeSuperseded r : plan.actionsOf(RevokeSuperseded.class)) {
      Superseded entry = s.obs().state().superseded().get(r.tokenId());
      assertThat(s.now()).as("grace").isAfterOrEqualTo(entry.revokeAfter());
    }
    Set<String> inFlight = s.obs().state().intents().values().stream()
        .filter(i -> s.now().isBefore(i.startedAt().plus(OPTIONS.inFlightBound())))
        .map(Intent::tokenName).collect(Collectors.toSet());
    for (RevokeOrphan o : plan.actionsOf(RevokeOrphan.class)) {
      TokenInfo t = s.obs().token(o.tokenId()).orElseThrow();
      assertThat(TokenNames.belongsTo(t.name(), s.policy().id().slot())).as("other slot").isTrue();
      assertThat(inFlight).as("live intent").doesNotContain(t.name());
      assertThat(s.obs().state().superseded()).as("superseded").doesNotContainKey(t.id());
      boolean namedByIntent = s.obs().state().intents().values().stream()
          .anyMatch(i -> i.tokenName().equals(t.name()));
      if (!namedByIntent) { // may be a racing engine's token until it is older than the bound
        assertThat(t.createdAt().plus(OPTIONS.inFlightBound())).as("fresh").isBeforeOrEqualTo(s.now());
      }
    }
    if (s.unmanaged() == UnmanagedTokens.REPORT) {
      assertThat(plan.actionsOf(RevokeUnmanaged.class)).isEmpty();
    }
  }

  @Property(tries = 3000)
  void wakesUpInTimeAndRotatesBeforeRenewBefore(@ForAll long seed) {
    Scenario s = scenario(new Random(seed));
    SlotPlan plan = PLANNER.plan(s.policy(), s.obs(), s.now(), s.unmanaged());

    assertThat(plan.nextWakeUp()).isBetween(s.now(), s.now().plus(OPTIONS.resyncInterval()));
    boolean liveIntent = s.obs().state().intents().values().stream()
        .anyMatch(i -> s.now().isBefore(i.startedAt().plus(OPTIONS.inFlightBound()))
            && !s.obs().served().map(st -> st.tokenName().equals(i.tokenName())).orElse(false));
    if (liveIntent && !servedAtRisk(s)) {
      assertThat(plan.rotates()).as("second rotation while one is in flight").isFalse();
    }
    if (servedAtRisk(s)) {
      assertThat(plan.rotates()).as("served token missing, unlisted, expired or about to expire: intents hold nothing")
          .isEqualTo(PLANNER.plan(s.policy(), withoutIntents(s.obs()), s.now(), s.unmanaged()).rotates());
    }
    Optional<TokenInfo> served = s.obs().served().flatMap(st -> s.obs().token(st.tokenId()));
    if (served.isPresent() && served.get().expiresAt().isPresent() && !plan.rotates()
        && SlotPlanner.rotateReason(s.policy(), s.obs(), s.now()).isEmpty()
        && s.obs().failures().consecutive() == 0 && !liveIntent) {
      TokenInfo t = served.get();
      Instant expiry = t.expiresAt().get();
      Duration lifetime = Duration.between(t.createdAt(), expiry);
      Duration lead = s.policy().renewBefore().before(lifetime);
      if (lead.toMillis() <= lifetime.toMillis() * OPTIONS.maxLeadFraction()) {
        assertThat(plan.nextRotation().orElseThrow()).isBeforeOrEqualTo(expiry.minus(lead));
      }
      assertThat(plan.nextRotation().orElseThrow()).isAfter(s.now());
    }
  }

  private static SlotObservation withoutIntents(SlotObservation o) {
    SlotState st = o.state();
    for (String rotationId : o.state().intents().keySet()) {
      st = st.withoutIntent(rotationId);
    }
    return new SlotObservation(o.tokens(), o.served(), o.slotKeyVersion(), st, o.failures(), o.slotCustomMetadata(),
        o.abandonedIntents());
  }

  /** Consumers are about to lose a working token: no live intent may hold the rotation back then. */
  private static boolean servedAtRisk(Scenario s) {
    Optional<TokenInfo> listed = s.obs().served().flatMap(st -> s.obs().token(st.tokenId()));
    return listed.isEmpty() || listed.get().expiresAt()
        .map(e -> !s.now().isBefore(e.minus(OPTIONS.deadlineMargin()))).orElse(false);
  }

  @Property(tries = 3000)
  void retryScheduleFitsBeforeTheDeadlineAndNeverStops(@ForAll long seed) {
    Random r = new Random(seed);
    Instant last = T0.plusSeconds(r.nextInt(1_000_000));
    Failures f = new Failures(1 + r.nextInt(40), Optional.of(last));
    Instant deadline = last.plusSeconds(r.nextInt(200_000) - 1000);
    SlotId slot = new SlotId("u" + r.nextInt(100), "s" + r.nextInt(100));

    boolean atRisk = r.nextBoolean();
    Instant next = RotationTiming.nextAttempt(slot, f, Optional.of(deadline), atRisk, OPTIONS);

    assertThat(next).isAfterOrEqualTo(last.plus(OPTIONS.retryMinDelay()));
    assertThat(next).isBeforeOrEqualTo(last.plus(atRisk ? OPTIONS.urgentRetry() : OPTIONS.retryMax()));
    Instant latest = deadline.minus(OPTIONS.deadlineMargin());
    if (!last.plus(OPTIONS.retryMinDelay()).isAfter(latest)) {
      assertThat(next).isBeforeOrEqualTo(latest);
    }
  }

  static Scenario scenario(Random r) {
    Instant now = T0.plusSeconds(r.nextInt(10 * 86_400));
    Duration ttl = pick(r, Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(1),
        Duration.ofDays(30));
    RenewBefore rb = r.nextBoolean()
        ? new RenewBefore.Fraction(0.05 + 0.9 * r.nextDouble())
        : new RenewBefore.Fixed(Duration.ofMillis(1 + (long) (ttl.toMillis() * r.nextDouble())));
    Duration grace = Duration.ofMillis((long) (ttl.toMillis() * 0.5 * r.nextDouble()));
    SlotPolicy policy = new SlotPolicy(new SlotId("u", "rw"),
        r.nextInt(5) == 0 ? TokenType.READ_SCALING : TokenType.READ_WRITE, ttl, rb, grace, "p/u/rw");
    List<TokenInfo> tokens = new ArrayList<>();
    for (int i = r.nextInt(7); i > 0; i--) {
      tokens.add(token(r, now, ttl));
    }
    Optional<ServedToken> served = served(r, now, tokens);
    SlotState state = SlotState.EMPTY;
    for (int i = r.nextInt(3); i > 0; i--) {
      String name = tokens.isEmpty() || r.nextInt(3) == 0
          ? TokenNames.format("rw", "i" + r.nextInt(1000))
          : tokens.get(r.nextInt(tokens.size())).name();
      state = state.withIntent(new Intent("i" + i, name, now.minusSeconds(r.nextInt(300)),
          served.map(ServedToken::tokenId)));
    }
    for (int i = r.nextInt(4); i > 0 && !tokens.isEmpty(); i--) {
      String id = tokens.get(r.nextInt(tokens.size())).id();
      Instant revokeAfter = now.plusSeconds(r.nextInt(7200) - 3600);
      state = state.withSuperseded(new Superseded(id, revokeAfter.minus(grace), revokeAfter));
    }
    int n = r.nextInt(4) == 0 ? 1 + r.nextInt(6) : 0;
    Failures failures = n == 0 ? Failures.NONE
        : new Failures(n, Optional.of(now.minusSeconds(r.nextInt(600))));
    UnmanagedTokens unmanaged = r.nextBoolean() ? UnmanagedTokens.REPORT : UnmanagedTokens.REVOKE;
    return new Scenario(policy, new SlotObservation(tokens, served, served.isPresent() ? 3 : 0,
        state, failures), now, unmanaged);
  }

  private static TokenInfo token(Random r, Instant now, Duration ttl) {
    String name = switch (r.nextInt(3)) {
      case 0 -> TokenNames.format("rw", "r" + r.nextInt(1000));
      case 1 -> TokenNames.format("ro", "r" + r.nextInt(1000));
      default -> "human-" + r.nextInt(10);
    };
    Instant created = now.minusMillis((long) (ttl.toMillis() * 1.1 * r.nextDouble()));
    Optional<Instant> expires = r.nextInt(10) == 0 ? Optional.empty() : Optional.of(created.plus(ttl));
    return new TokenInfo("id-" + r.nextInt(1_000_000), name,
        r.nextInt(5) == 0 ? TokenType.READ_SCALING : TokenType.READ_WRITE, created, expires, false);
  }

  private static Optional<ServedToken> served(Random r, Instant now, List<TokenInfo> tokens) {
    int k = r.nextInt(10);
    if (k < 2) {
      return Optional.empty();
    }
    if (k < 4 || tokens.isEmpty()) { // not listed: revoked, or expired (Vault's expires_at passed)
      Optional<Instant> expiry = r.nextBoolean() ? Optional.empty() : Optional.of(now.plusSeconds(r.nextInt(7200) - 3600));
      return Optional.of(new ServedToken(3, "gone-" + r.nextInt(), TokenNames.format("rw", "gone"),
          Optional.of(TokenType.READ_WRITE), expiry, now.minusSeconds(60)));
    }
    TokenInfo t = tokens.get(r.nextInt(tokens.size()));
    return Optional.of(new ServedToken(3, t.id(), t.name(), Optional.of(t.type()), t.expiresAt(),
        t.createdAt()));
  }

  private static List<String> revokedIds(SlotPlan plan) {
    return Stream.of(
            plan.actionsOf(RevokeSuperseded.class).stream().map(RevokeSuperseded::tokenId),
            plan.actionsOf(RevokeOrphan.class).stream().map(RevokeOrphan::tokenId),
            plan.actionsOf(RevokeUnmanaged.class).stream().map(RevokeUnmanaged::tokenId))
        .flatMap(x -> x).toList();
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
