package io.mdrotator.tools.bench.fleet;

import io.mdrotator.tools.bench.BenchEmulators;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.LoadOptions;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.document.Problem;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.StepHook;
import io.mdrotator.rotation.EngineOptions;
import io.mdrotator.rotation.Reconciler;
import io.mdrotator.rotation.RotationEngine;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.rotation.SlotOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Issues every slot of a bench fleet its first token through the real engine, before the daemon starts. */
final class FleetSeeder {
  private FleetSeeder() {}

  static void seed(BenchEmulators emu, BenchPolicyFile file, java.util.function.Consumer<String> progress) {
    LoadResult r = new PolicyLoader().load(Path.of("bench-policy.yaml"), file.yaml(), LoadOptions.defaults());
    Policy policy = r.policy().orElseThrow(() -> new IllegalStateException(
        "generated policy is invalid: " + r.errors().stream().map(Problem::format).toList()));
    RotationEngine engine = new RotationEngine(emu.motherDuckClient(0), emu.vaultStore(), EngineOptions.DEFAULTS,
        emu.clock(), RotationListener.NOOP, StepHook.NONE);
    // A loaded machine times some requests out: the failed slots get up to two more passes.
    for (int pass = 1; ; pass++) {
      List<SlotOutcome> out = new Reconciler(engine, 16).runOnce(policy).outcomes();
      Set<SlotId> failed = out.stream().filter(SlotOutcome::failed)
          .map(SlotOutcome::slot).collect(Collectors.toSet());
      if (failed.isEmpty()) {
        return;
      }
      if (pass == 3) {
        throw new IllegalStateException("seeding: " + failed.size() + " slots failed three times");
      }
      progress.accept("seeding: " + failed.size() + " slots failed, retrying them");
      policy = only(policy, failed);
    }
  }

  private static Policy only(Policy p, Set<SlotId> keep) {
    List<AccountPolicy> accounts = new ArrayList<>();
    for (AccountPolicy a : p.accounts()) {
      List<SlotPolicy> slots = a.slots().stream().filter(x -> keep.contains(x.id())).toList();
      if (!slots.isEmpty()) {
        accounts.add(new AccountPolicy(a.username(), a.ensureExists(), a.ducklings(),
            a.unmanagedTokens(), slots));
      }
    }
    return new Policy(accounts);
  }
}
