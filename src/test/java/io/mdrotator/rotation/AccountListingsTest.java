package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.port.MotherDuckApi;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The slots of one pass share one MotherDuck listing per account, and never a stale one blindly. */
class AccountListingsTest {
  private final Harness h = new Harness();
  private final AtomicInteger listings = new AtomicInteger();
  private final SlotPolicy s0 = slot("s0");
  private final SlotPolicy s1 = slot("s1");
  private final SlotPolicy s2 = slot("s2");
  private final AccountPolicy account = Harness.account(UnmanagedTokens.REPORT, s0, s1, s2);

  private static SlotPolicy slot(String name) {
    return Harness.slot(name, Duration.ofHours(1), new RenewBefore.Fixed(Duration.ofMinutes(20)), Duration.ofMinutes(5));
  }

  /** The harness's MotherDuck, counting listings. */
  private MotherDuckApi counted() {
    return (MotherDuckApi) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MotherDuckApi.class},
        (proxy, method, args) -> {
          if (method.getName().equals("listTokens")) {
            listings.incrementAndGet();
          }
          try {
            return method.invoke(h.md, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private RotationEngine engine() {
    return new RotationEngine(counted(), h.kv, h.options, h.clock, h.events, StepHook.NONE);
  }

  @Test
  void aReconcilePassListsEachAccountOnce() {
    RotationEngine e = engine();

    Reconciler.Result first = new Reconciler(e).runOnce(new Policy(List.of(account)));

    assertThat(first.outcomes()).extracting(SlotOutcome::status).containsOnly(SlotOutcome.Status.ROTATED);
    assertThat(listings).hasValue(1);
    assertThat(h.violations).isEmpty();

    listings.set(0);
    Reconciler.Result second = new Reconciler(e).runOnce(new Policy(List.of(account)));
    assertThat(second.outcomes()).extracting(SlotOutcome::status).containsOnly(SlotOutcome.Status.OK);
    assertThat(listings).as("a new pass lists again").hasValue(1);
  }

  @Test
  void withoutAPassEverySlotListsItself() {
    RotationEngine e = engine();

    for (SlotPolicy s : account.slots()) {
      e.reconcile(s, account);
    }

    assertThat(listings).hasValue(3);
  }

  @Test
  void aServedTokenMissingFromThePassListingIsLookedUpAfreshNotCalledRevoked() {
    RotationEngine e = engine();
    new Reconciler(e).runOnce(new Policy(List.of(account))); // every slot serves a token
    AccountListings pass = AccountListings.forPass();
    e.reconcile(s0, account, pass); // the pass's listing of the account, taken now
    // another engine replaces s1's token after that listing was taken
    h.clock.advance(Duration.ofMinutes(45));
    SlotOutcome other = new RotationEngine(h.md, h.kv, h.options, h.clock, RotationListener.NOOP).rotateNow(s1, account, false);
    assertThat(other.failed()).isFalse();
    listings.set(0);

    SlotOutcome o = e.reconcile(s1, account, pass);

    assertThat(o.failed()).isFalse();
    assertThat(o.rotatedTokenId()).as("the new token is live, not revoked behind our back").isEmpty();
    assertThat(e.liveness(s1.id()).state()).isEqualTo(Liveness.State.LIVE);
    assertThat(listings).as("the stale listing, then one fresh look").hasValue(1);
    assertThat(h.violations).isEmpty();
  }
}
