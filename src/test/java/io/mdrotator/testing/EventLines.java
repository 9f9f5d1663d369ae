package io.mdrotator.testing;

import io.mdrotator.policy.SlotId;
import io.mdrotator.rotation.RotationListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the engine's rotation events as text lines, one per event and in order ({@code minted
 * <id>}, {@code stored <id> v<version>}, {@code superseded <id> <revokeAt>}, {@code succeeded
 * <rotationId>}, {@code casLost <id>}), for assertions and failure messages. Suites extend it with
 * the events they check or log differently.
 */
public class EventLines implements RotationListener {
  public final List<String> lines = new CopyOnWriteArrayList<>();

  /** Lines starting with {@code prefix}, e.g. {@code "minted "}. */
  public long count(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
  }

  @Override
  public void minted(SlotId slot, String rotationId, String tokenId, Optional<Instant> expiresAt) {
    lines.add("minted " + tokenId);
  }

  @Override
  public void stored(SlotId slot, String rotationId, String tokenId, long vaultVersion) {
    lines.add("stored " + tokenId + " v" + vaultVersion);
  }

  @Override
  public void superseded(SlotId slot, String rotationId, String oldTokenId, Instant revokeAt) {
    lines.add("superseded " + oldTokenId + " " + revokeAt);
  }

  @Override
  public void rotationSucceeded(SlotId slot, String rotationId, Duration took) {
    lines.add("succeeded " + rotationId);
  }

  @Override
  public void casLost(SlotId slot, String rotationId, String tokenId) {
    lines.add("casLost " + tokenId);
  }

  /** {@code retirement recorded}, {@code retirement secret_deleted}, ... */
  @Override
  public void retirementStep(SlotId slot, io.mdrotator.rotation.RetirementEvent event) {
    lines.add("retirement " + event.step().label());
  }
}
