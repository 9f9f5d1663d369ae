package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckAuthException;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.policy.SlotId;
import io.mdrotator.port.VaultPermissionDeniedException;
import io.mdrotator.port.VaultSealedException;
import io.mdrotator.port.VaultStoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded failure classification follows the first adapter exception in the cause chain. */
class FailureReasonTest {
  private static final SlotId SLOT = new SlotId("etl", "rw");

  @Test
  void motherDuckStatusesMapToTheirReasons() {
    assertThat(reason(new MotherDuckAuthException("createToken", "etl", 401, "UNAUTHORIZED", "Invalid Credentials", List.of())))
        .isEqualTo("motherduck_auth");
    assertThat(reason(new MotherDuckAuthException("createToken", "etl", 403, "FORBIDDEN", "Unauthorized", List.of())))
        .isEqualTo("motherduck_forbidden");
    assertThat(reason(md(400))).isEqualTo("motherduck_rejected");
    assertThat(reason(md(429))).isEqualTo("motherduck_rate_limited");
    assertThat(reason(md(503))).isEqualTo("motherduck_unavailable");
    assertThat(reason(md(0))).isEqualTo("motherduck_io");
    assertThat(reason(new MotherDuckNotFoundException("listTokens", "etl", "User not found", List.of())))
        .isEqualTo("motherduck_not_found");
    assertThat(reason(new TokenOutcomeUnknownException("etl", "md-rotator/rw/x", null)))
        .isEqualTo("motherduck_outcome_unknown");
  }

  @Test
  void vaultFailuresMapToTheirReasons() {
    assertThat(reason(new VaultSealedException("write", "p", "Vault is sealed", null))).isEqualTo("vault_sealed");
    assertThat(reason(new VaultPermissionDeniedException("write", "p", "permission denied", null))).isEqualTo("vault_denied");
    assertThat(reason(new VaultStoreException("write", "p", 500, "boom", null))).isEqualTo("vault_unavailable");
    assertThat(reason(new VaultStoreException("write", "p", 0, "reset", null))).isEqualTo("vault_io");
    assertThat(reason(new VaultStoreException("write", "p", 400, "bad", null))).isEqualTo("vault_rejected");
  }

  @Test
  void theCauseChainIsFollowedAndStepsWithoutCauseAreNamed() {
    assertThat(reason(new RotationFailedException(SLOT, "r", "mint", "create-token rejected", md(400))))
        .isEqualTo("motherduck_rejected");
    assertThat(reason(new RotationFailedException(SLOT, "r", "verify", "Vault serves another version", null)))
        .isEqualTo("verify_mismatch");
    assertThat(reason(new RotationFailedException(SLOT, "r", "store", "another writer stored a token first", null)))
        .isEqualTo("conflict");
    assertThat(reason(new IllegalStateException("bug"))).isEqualTo("internal");
  }

  private static String reason(Throwable t) {
    return FailureReason.of(t).label();
  }

  private static MotherDuckApiException md(int status) {
    return new MotherDuckApiException("createToken", "etl", status, null, "x", List.of(), null);
  }
}
