package io.mdrotator.daemon;

import io.mdrotator.policy.Policy;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.schedule.LivenessWatch;
import io.mdrotator.schedule.RecoverySweep;
import io.mdrotator.schedule.RotationScheduler;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What keeps consumers served between a slot's own runs: the recovery sweep (a backend answers
 * again: failing and at-risk slots run at once) and the served-token liveness watch (a token
 * revoked or expired behind md-rotator's back: its slot runs at once).
 */
record LivenessGuards(RecoverySweep sweep, Optional<LivenessWatch> watch) implements AutoCloseable {

  /** Attaches the sweep to the running scheduler and starts the watch unless disabled. */
  static LivenessGuards start(Composition composition, RecoverySweep sweep, Supplier<Policy> policy,
      Adapters adapters, RotationEngine engine, RotationScheduler scheduler, RotationListener listener) {
    sweep.attach(new RecoverySweep.Target(policy, engine::needsRecovery, scheduler::triggerNow, listener));
    if (!composition.config().scheduler().livenessWatch().enabled()) {
      return new LivenessGuards(sweep, Optional.empty());
    }
    LivenessWatch watch = new LivenessWatch(policy, adapters.motherDuck()::listTokens, engine::liveness,
        engine::servedTokenId, scheduler::triggerNow, listener, composition.clock(),
        composition.livenessWatchOptions());
    watch.start();
    return new LivenessGuards(sweep, Optional.of(watch));
  }

  @Override
  public void close() {
    watch.ifPresent(LivenessWatch::close);
    sweep.close();
  }
}
