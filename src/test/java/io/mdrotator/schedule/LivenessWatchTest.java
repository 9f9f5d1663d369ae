package io.mdrotator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.Liveness.State;
import io.mdrotator.rotation.RotationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One account check of the watch: what it runs, what it reports, what it leaves alone. */
class LivenessWatchTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final SlotPolicy rw = slot("rw");
  private final SlotPolicy rs = slot("rs");
  private final AccountPolicy account =
      new AccountPolicy("etl", false, Optional.empty(), UnmanagedTokens.REPORT, List.of(rw, rs));
  private final Map<SlotId, Liveness> known = new HashMap<>();
  private final Map<SlotId, Optional<String>> vault = new HashMap<>();
  private List<TokenInfo> listing = new ArrayList<>();
  private final List<SlotId> ran = new ArrayList<>();
  private final List<String> lost = new ArrayList<>();
  private final LivenessWatch watch = new LivenessWatch(() -> new Policy(List.of(account)), u -> listing,
      id -> known.getOrDefault(id, Liveness.UNKNOWN), s -> vault.getOrDefault(s.id(), Optional.empty()), ran::add,
      new RotationListener() {
        @Override
        public void servedTokenLost(SlotId slot, String tokenId, State state) {
          lost.add(slot + " " + tokenId + " " + state);
        }
      }, Clock.fixed(NOW, ZoneOffset.UTC), new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 5));

  @Test
  void aLiveTokenMissingFromTheListingAndStillServedIsReportedAndItsSlotRun() {
    serve(rw, "t1", NOW.plusSeconds(600));
    serve(rs, "t2", NOW.plusSeconds(600));
    listing = List.of(token("t2"));

    assertThat(watch.check(account)).isEqualTo(1);

    assertThat(lost).containsExactly("etl/rw t1 REVOKED");
    assertThat(ran).containsExactly(rw.id());
  }

  @Test
  void aTokenPastItsKnownExpiryIsReportedExpired() {
    serve(rw, "t1", NOW.minusSeconds(1));
    listing = List.of(token("t1"));

    watch.check(account);

    assertThat(lost).containsExactly("etl/rw t1 EXPIRED");
  }

  @Test
  void aListedLiveTokenIsLeftAlone() {
    serve(rw, "t1", NOW.plusSeconds(600));
    listing = List.of(token("t1"));

    assertThat(watch.check(account)).isZero();
    assertThat(ran).isEmpty();
  }

  @Test
  void knowledgeOlderThanWhatVaultServesOnlyRefreshesTheSlot() {
    serve(rw, "t1", NOW.plusSeconds(600));
    vault.put(rw.id(), Optional.of("t9")); // another node rotated meanwhile
    listing = List.of(token("t9"));

    assertThat(watch.check(account)).isZero();
    assertThat(lost).isEmpty();
    assertThat(ran).containsExactly(rw.id());
  }

  @Test
  void slotsNotKnownLiveAreLeftToTheirRetries() {
    known.put(rw.id(), new Liveness(State.EXPIRED, Optional.of("t1"), Optional.of(NOW.minusSeconds(5))));
    listing = List.of();

    assertThat(watch.check(account)).isZero();
    assertThat(ran).isEmpty();
  }

  @Test
  void anAccountWithoutASlotKnownLiveIsNotListed() {
    known.put(rw.id(), new Liveness(State.EXPIRED, Optional.of("t1"), Optional.of(NOW.minusSeconds(5))));
    List<String> listed = new ArrayList<>();
    LivenessWatch counting = new LivenessWatch(() -> new Policy(List.of(account)), u -> {
      listed.add(u);
      return List.of();
    }, id -> known.getOrDefault(id, Liveness.UNKNOWN), s -> Optional.empty(), ran::add, RotationListener.NOOP,
        Clock.fixed(NOW, ZoneOffset.UTC), new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 5));

    assertThat(counting.check(account)).isZero();
    assertThat(listed).as("nothing known live: nothing a listing could find lost").isEmpty();

    serve(rs, "t2", NOW.plusSeconds(600));
    assertThat(counting.check(account)).isEqualTo(1);
    assertThat(listed).containsExactly("etl");
    assertThat(ran).containsExactly(rs.id());
  }

  @Test
  void aFailedListingRunsNothing() {
    serve(rw, "t1", NOW.plusSeconds(600));
    LivenessWatch failing = new LivenessWatch(() -> new Policy(List.of(account)), u -> {
      throw new IllegalStateException("MotherDuck down");
    }, known::get, s -> Optional.of("t1"), ran::add, RotationListener.NOOP, Clock.fixed(NOW, ZoneOffset.UTC),
        new LivenessWatchOptions(Duration.ofSeconds(30), 0.25, 5));

    assertThat(failing.check(account)).isZero();
    assertThat(ran).isEmpty();
  }

  private void serve(SlotPolicy slot, String id, Instant expiry) {
    known.put(slot.id(), new Liveness(State.LIVE, Optional.of(id), Optional.of(expiry)));
    vault.put(slot.id(), Optional.of(id));
  }

  private static TokenInfo token(String id) {
    return new TokenInfo(id, "md-rotator/x/" + id, TokenType.READ_WRITE, NOW.minusSeconds(60),
        Optional.of(NOW.plusSeconds(600)), false);
  }

  private static SlotPolicy slot(String name) {
    return new SlotPolicy(new SlotId("etl", name), TokenType.READ_WRITE, Duration.ofHours(1),
        new RenewBefore.Fixed(Duration.ofMinutes(10)), Duration.ofMinutes(5), "motherduck/etl/" + name);
  }
}
