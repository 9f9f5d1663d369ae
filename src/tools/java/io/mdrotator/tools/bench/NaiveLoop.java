package io.mdrotator.tools.bench;

import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.TokenRequest;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: the deployment guide's shell-script way, one request at a time per slot — create a
 * token, write it to Vault, revoke the old one — with no intent, no check-and-set base read and no
 * verification. It writes under {@code naive/} so it never disturbs the daemon's keys.
 */
public final class NaiveLoop {
  /** {@code slots} rotated one after the other in {@code wall}. */
  public record Measurement(int slots, Duration wall) {
    /** The wall time this loop would take for {@code n} slots at the measured pace. */
    public Duration extrapolate(int n) {
      return Duration.ofNanos(wall.toNanos() / slots * n);
    }
  }

  private final MotherDuckApi md;
  private final KvStore kv;

  public NaiveLoop(MotherDuckApi md, KvStore kv) {
    this.md = md;
    this.kv = kv;
  }

  /** Rotates each slot of {@code served} (its token id is the one to revoke), in order. */
  public Measurement run(List<SlotOutcome> served, Policy policy) {
    Map<SlotId, SlotPolicy> slots = new HashMap<>();
    for (AccountPolicy a : policy.accounts()) {
      a.slots().forEach(s -> slots.put(s.id(), s));
    }
    long start = System.nanoTime();
    for (SlotOutcome o : served) {
      SlotPolicy slot = slots.get(o.slot());
      String old = o.servedTokenId().orElseThrow(
          () -> new IllegalStateException("slot " + o.slot() + " serves no token"));
      IssuedToken t = md.createToken(o.slot().username(),
          TokenRequest.of("naive-" + o.slot().slot() + "-" + System.nanoTime(), slot.ttl(), slot.tokenType()));
      kv.writeCas("naive/" + slot.vaultPath(), KvData.builder()
          .putSecret("token", t.secret()).put("token_id", t.info().id()).build(), 0);
      md.revokeToken(o.slot().username(), old);
    }
    return new Measurement(served.size(), Duration.ofNanos(System.nanoTime() - start));
  }
}
