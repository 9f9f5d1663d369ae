package io.mdrotator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.cli.Main;
import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener.RevocationReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's parts: the tally's console and counts, and the environment it writes. */
class DemoPiecesTest {
  private static final SlotId SLOT = new SlotId("etl_loader", "rw");
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void tallyPrintsEachStepAndCountsRotationsRevocationsFailuresAndOrphans() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoTally tally = new DemoTally(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(T, ZoneOffset.UTC));

    tally.minted(SLOT, "r1", "tok-1", Optional.of(T.plusSeconds(60)));
    tally.stored(SLOT, "r1", "tok-1", 3);
    tally.superseded(SLOT, "r1", "tok-0", T.plusSeconds(10));
    tally.rotationSucceeded(SLOT, "r1", Duration.ofMillis(5));
    tally.revoked(SLOT, "tok-0", RevocationReason.SUPERSEDED, true);
    tally.revoked(SLOT, "tok-x", RevocationReason.ORPHAN, true);
    tally.revoked(SLOT, "tok-y", RevocationReason.COMPROMISE, false);
    tally.rotationFailed(SLOT, "r2", new IllegalStateException("vault sealed"), 1, T.plusSeconds(1), Optional.empty());

    assertThat(tally.rotations()).isEqualTo(1);
    assertThat(tally.revocations()).as("failed revocations do not count").isEqualTo(2);
    assertThat(tally.orphansRevoked()).isEqualTo(1);
    assertThat(tally.failures()).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "03:04:05 etl_loader/rw        minted   tok-1 (expires 2026-01-02T03:05:05Z)",
        "03:04:05 etl_loader/rw        stored   tok-1 as Vault version 3",
        "03:04:05 etl_loader/rw        superseded tok-0, revoke at 2026-01-02T03:04:15Z",
        "03:04:05 etl_loader/rw        revoked  tok-0 (superseded)",
        "03:04:05 etl_loader/rw        revoked  tok-x (orphan)",
        "03:04:05 etl_loader/rw        revoked  tok-y (compromise, FAILED)",
        "03:04:05 etl_loader/rw        FAILED   vault sealed; retry at 2026-01-02T03:04:06Z");
  }

  @Test
  void environmentWritesAValidConfigWithPrivateCredentialFilesAndCleansUp() throws Exception {
    Path dir;
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      dir = env.configFile().getParent();
      assertThat(Main.execute("validate", "--config", env.configFile().toString())).isZero();
      for (String name : new String[] {"admin-token", "vault-token"}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)))).isEqualTo("rw-------");
      }
      assertThat(Files.readString(dir.resolve("vault-token"))).isEqualTo(env.vault().rootToken().reveal());
      assertThat(Files.readString(env.configFile())).doesNotContain(env.vault().rootToken().reveal())
          .contains(env.motherDuck().baseUri().toString()).contains(env.vault().address().toString());
      assertThat(DemoEnvironment.EXISTING_ACCOUNTS).allMatch(env.motherDuck()::accountExists);
      assertThat(env.motherDuck().accountExists("ml_scoring")).as("created by ensureExists").isFalse();
    }
    assertThat(dir).doesNotExist();
  }
}
