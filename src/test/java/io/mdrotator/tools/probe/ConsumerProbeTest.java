package io.mdrotator.tools.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.MutableClock;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.motherduck.MotherDuckClient;
import io.mdrotator.policy.TokenType;
import io.mdrotator.secret.Secret;
import io.mdrotator.port.KvData;
import io.mdrotator.vault.VaultAuth;
import io.mdrotator.vault.VaultKvStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsumerProbeTest {
  private static final String USER = "probe_user";
  private static final String PATH = "motherduck/probe_user/rw";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
  private final Secret admin = Secret.of("probe-admin-" + System.nanoTime());
  private final MotherDuckEmulator md = MotherDuckEmulator.start(EmulatorOptions.builder(admin)
      .port(0).clock(clock).relaxedTtl(true).accounts(List.of(USER)).build());
  private final VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0)
      .rootToken("probe-root-" + System.nanoTime()).clock(clock));
  private final VaultKvStore kv = VaultKvStore.builder().address(vault.address())
      .auth(VaultAuth.token(vault.rootToken())).clock(clock).build();
  private final ConsumerProbe probe = ConsumerProbe.manual(md, vault, clock,
      List.of(new ProbeTarget(USER + "/rw", "secret", PATH)));

  @AfterEach
  void close() {
    md.close();
    vault.close();
  }

  @Test
  void emptySlotIsNotAViolationAndLiveTokenPasses() {
    probe.checkOnce();
    IssuedToken t = serve(Optional.of(Duration.ofMinutes(10)));
    probe.checkOnce();
    probe.checkOnce();
    ProbeFigures f = probe.figures();
    assertThat(f.reads()).isEqualTo(3);
    assertThat(f.emptyReads()).isEqualTo(1);
    assertThat(f.clean()).as("violations %s", f.violations()).isTrue();
    assertThat(md.isTokenLive(t.info().id())).isTrue();
  }

  @Test
  void servedTokenRevokedIsAViolationNamingTheTokenIdOnly() {
    IssuedToken t = serve(Optional.empty());
    client().revokeToken(USER, t.info().id());
    probe.checkOnce();
    ProbeFigures f = probe.figures();
    assertThat(f.violationCount()).isEqualTo(1);
    ProbeViolation v = f.violations().get(0);
    assertThat(v.kind()).isEqualTo(ProbeViolation.Kind.SERVED_REVOKED);
    assertThat(v.tokenId()).isEqualTo(t.info().id());
    assertThat(v.toString()).doesNotContain(t.secret().reveal());
  }

  @Test
  void servedTokenPastExpiryIsAViolation() {
    serve(Optional.of(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(5));
    probe.checkOnce();
    assertThat(probe.figures().violations()).extracting(ProbeViolation::kind)
        .containsExactly(ProbeViolation.Kind.SERVED_EXPIRED);
  }

  @Test
  void foreignSecretAndVanishedSecretAreViolations() {
    kv.writeCas(PATH, KvData.of(Map.of("token", "not-a-motherduck-token", "token_id", "x")), 0);
    probe.checkOnce();
    kv.softDeleteLatest(PATH);
    probe.checkOnce();
    assertThat(probe.figures().violations()).extracting(ProbeViolation::kind)
        .containsExactly(ProbeViolation.Kind.SERVED_UNKNOWN, ProbeViolation.Kind.VANISHED);
  }

  @Test
  void noLiveSpansCoverTheEmptyStartAndEveryDeadTokenUntilALiveOneIsRead() {
    Instant t0 = clock.instant();
    probe.checkOnce(); // nothing served yet
    clock.advance(Duration.ofSeconds(2));
    IssuedToken t = serve(Optional.of(Duration.ofMinutes(10)));
    probe.checkOnce();
    clock.advance(Duration.ofSeconds(5));
    client().revokeToken(USER, t.info().id());
    probe.checkOnce();
    clock.advance(Duration.ofSeconds(7));
    probe.checkOnce();
    clock.advance(Duration.ofSeconds(3));
    serve(Optional.of(Duration.ofMinutes(10)));
    probe.checkOnce();
    clock.advance(Duration.ofMinutes(20)); // expired, still open
    probe.checkOnce();

    assertThat(probe.noLiveSpans()).containsExactly(
        new NoLiveSpan(USER + "/rw", t0, Optional.of(t0.plusSeconds(2)), LivenessTimeline.NOTHING_SERVED),
        new NoLiveSpan(USER + "/rw", t0.plusSeconds(7), Optional.of(t0.plusSeconds(17)), "SERVED_REVOKED"),
        new NoLiveSpan(USER + "/rw", t0.plusSeconds(17 + 1200), Optional.empty(), "SERVED_EXPIRED"));
    assertThat(probe.noLiveSpans().get(1).length(clock.instant())).isEqualTo(Duration.ofSeconds(10));
    assertThat(probe.noLiveSpans().get(2).length(clock.instant().plusSeconds(4))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void backgroundProbeReadsRepeatedly() throws Exception {
    serve(Optional.empty());
    try (ConsumerProbe live = ConsumerProbe.start(md, vault, clock,
        List.of(new ProbeTarget("a", "secret", PATH)), Duration.ofMillis(10))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (live.figures().reads() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(live.figures().reads()).isGreaterThanOrEqualTo(5);
      assertThat(live.figures().clean()).isTrue();
    }
  }

  private IssuedToken serve(Optional<Duration> ttl) {
    IssuedToken t = md.seedToken(USER, "md-rotator/rw/1", TokenType.READ_WRITE, ttl);
    long version = vault.currentVersion(PATH);
    kv.writeCas(PATH, KvData.of(Map.of("token", t.secret().reveal(), "token_id", t.info().id())), version);
    return t;
  }

  private MotherDuckClient client() {
    return MotherDuckClient.builder().baseUrl(md.baseUri()).adminToken(admin).requestsPerSecond(0)
        .clock(clock).build();
  }
}
