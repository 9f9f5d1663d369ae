package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.vault.KvStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An engine whose observation straddles another engine's whole rotation: it lists the tokens and
 * reads the state document before the other engine's intent, and reads the served secret after
 * its store and completion. The served token is then missing from its listing and its state
 * knows neither the intent nor the superseded entry of the replaced token. Listing again alone
 * made the replaced (still served a moment ago, inside its grace period) token look like an
 * orphan, and it was revoked at once (seen in RaceAndCrashE2eTest once rotations got faster).
 */
class ObservationRaceTest {

  @Test
  void aRotationBetweenStateReadAndServedReadDoesNotMakeTheReplacedTokenAnOrphan() {
    Harness h = new Harness();
    RotationEngine other = h.engine();
    h.reconcile(other);
    String replaced = h.servedId().orElseThrow();
    h.clock.advance(Duration.ofMinutes(45)); // due, and the served token is older than inFlightBound

    AtomicBoolean fired = new AtomicBoolean();
    KvStore straddling = (KvStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {KvStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("readLatest") && h.slot.vaultPath().equals(args[0])
              && fired.compareAndSet(false, true)) {
            assertThat(h.reconcile(other).status()).isEqualTo(SlotOutcome.Status.ROTATED);
          }
          try {
            return method.invoke(h.kv, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    RotationEngine observer = new RotationEngine(h.md, straddling, h.options, h.clock, h.events, CrashPoints.NONE);

    SlotOutcome o = observer.reconcile(h.slot, h.account);

    assertThat(fired).isTrue();
    assertThat(o.failed()).isFalse();
    assertThat(h.violations).isEmpty();
    assertThat(h.md.revoked).doesNotContain(replaced);
    h.assertHealthy();
  }
}
