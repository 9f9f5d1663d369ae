package io.mdrotator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Reconciler} with a concurrency: bounded, outcomes in policy order, failures isolated. */
class ReconcilerConcurrencyTest {
  private static final int ACCOUNTS = 4;
  private static final int SLOTS_PER_ACCOUNT = 4;

  private final Harness h = new Harness();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  @Test
  void worksOnAsManySlotsAtOnceAsAskedAndNoMore() {
    int c = 4;
    CountDownLatch firstWave = new CountDownLatch(c);
    Reconciler r = new Reconciler(engine(firstWave, "none"), c);

    Reconciler.Result result = r.runOnce(policy());

    assertThat(result.outcomes()).extracting(SlotOutcome::status).containsOnly(SlotOutcome.Status.ROTATED);
    // the first listings wait until c of them are in flight at once: a sequential pass never gets there
    assertThat(maxInFlight.get()).isEqualTo(c);
  }

  @Test
  void reportsOutcomesInPolicyOrderAndOneFailingAccountDoesNotStopTheOthers() {
    Reconciler r = new Reconciler(engine(new CountDownLatch(0), "acct2"), 8);
    Policy policy = policy();

    Reconciler.Result result = r.runOnce(policy);

    List<SlotId> expectedOrder = policy.accounts().stream()
        .flatMap(a -> a.slots().stream()).map(SlotPolicy::id).toList();
    assertThat(result.outcomes()).extracting(SlotOutcome::slot).containsExactlyElementsOf(expectedOrder);
    for (SlotOutcome o : result.outcomes()) {
      boolean broken = o.slot().username().equals("acct2");
      assertThat(o.failed()).as("%s failed", o.slot()).isEqualTo(broken);
      if (!broken) {
        assertThat(o.status()).isEqualTo(SlotOutcome.Status.ROTATED);
      }
    }
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void rejectsAConcurrencyOutsideOneTo256() {
    assertThatThrownBy(() -> new Reconciler(h.engine(), 0)).hasMessageContaining("between 1 and 256");
    assertThatThrownBy(() -> new Reconciler(h.engine(), 257)).hasMessageContaining("was 257");
  }

  /** An engine whose MotherDuck listings wait for {@code wave} and fail for {@code brokenUser}. */
  private RotationEngine engine(CountDownLatch wave, String brokenUser) {
    for (int a = 0; a < ACCOUNTS; a++) {
      h.md.addUser("acct" + a);
    }
    MotherDuckApi md = (MotherDuckApi) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {MotherDuckApi.class}, (proxy, method, args) -> {
          if (method.getName().equals("listTokens")) {
            if (brokenUser.equals(args[0])) {
              throw new MotherDuckIoException("listTokens", (String) args[0], "connection refused", false, null);
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              wave.countDown();
              wave.await(10, TimeUnit.SECONDS);
            } finally {
              inFlight.decrementAndGet();
            }
          }
          try {
            return method.invoke(h.md, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return new RotationEngine(md, h.kv, h.options, h.clock, RotationListener.NOOP, StepHook.NONE);
  }

  private static Policy policy() {
    List<AccountPolicy> accounts = new ArrayList<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      List<SlotPolicy> slots = new ArrayList<>();
      for (int s = 0; s < SLOTS_PER_ACCOUNT; s++) {
        String user = "acct" + a;
        slots.add(new SlotPolicy(new SlotId(user, "s" + s), TokenType.READ_WRITE, Duration.ofHours(1),
            new RenewBefore.Fixed(Duration.ofMinutes(20)), Duration.ofMinutes(5),
            "motherduck/" + user + "/s" + s));
      }
      accounts.add(new AccountPolicy("acct" + a, false, Optional.empty(), UnmanagedTokens.REPORT, slots));
    }
    return new Policy(accounts);
  }
}
