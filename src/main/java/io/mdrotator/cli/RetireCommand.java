package io.mdrotator.cli;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.Retirement;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.Liveness;
import io.mdrotator.rotation.SlotOutcome;
import io.mdrotator.rotation.SlotReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code md-rotator retire ACCOUNT[/SLOT] --now --yes}: retirement at once, for incidents. Every
 * token md-rotator manages for the slot (each slot of the account) is revoked with no grace, then
 * its Vault secret and state document are deleted, through the engine's retirement steps (record
 * first; run again after a failure, it resumes). Without {@code --yes} it prints what it would do
 * and exits 1, changing nothing. Declarative retirement with a grace period is the policy's {@code
 * retire} key; a slot still in service in the policy gets a new token at the daemon's next run.
 */
@Command(
    name = "retire",
    mixinStandardHelpOptions = true,
    description = {
      "Retire a slot (or every slot of an account) now: revoke every token md-rotator manages for it at once,"
          + " then delete its Vault secret (soft delete; --destroy or the policy's retire.destroy: every version"
          + " and the metadata) and its state document.",
      "Without --yes: print what would be done and exit 1. Retirement with a grace period is declared in the"
          + " policy instead (retire: true).",
      "Exit 0 when retired, 1 without --yes or when a slot failed, 2 on invalid input or an unknown slot."
    })
public final class RetireCommand implements Callable<Integer> {
  static final int NOT_CONFIRMED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--now", required = true, description = "Retire at once, with no grace period (required).")
  boolean now;

  @Option(names = "--destroy", description = "Destroy every version of the secret and its metadata instead of"
      + " soft-deleting the latest version.")
  boolean destroy;

  @Option(names = "--yes", description = "Do it; without it the command only prints what it would do.")
  boolean yes;

  @Parameters(arity = "1", paramLabel = "ACCOUNT[/SLOT]", description = "A slot as username/slot, or a username for every slot of the account.")
  String target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      CommandSetup.Loaded loaded = yes ? CommandSetup.loadAudited(config, spec) : CommandSetup.load(config);
      List<SlotPolicy> slots = resolve(loaded.policy());
      slots.stream().filter(s -> !s.retired()).forEach(s -> err.println("md-rotator: warning: " + s.id()
          + " is in service in the policy: a running daemon mints a new token for it at its next run;"
          + " set retire: true on it or remove it"));
      boolean failed = false;
      for (SlotPolicy slot : slots) {
        AccountPolicy account = loaded.policy().account(slot.id().username()).orElseThrow();
        boolean destroyIt = destroy || slot.retirement().map(Retirement::destroy).orElse(false);
        if (!yes) {
          Instant at = loaded.clock().instant();
          out.println(wouldDo(slot, loaded.engine().inspect(slot.retiredAs(Retirement.now(destroyIt)), account, at)));
          continue;
        }
        SlotOutcome o = loaded.engine().retireNow(slot, account, destroyIt);
        out.println(ReconcileCommand.describe(o));
        boolean done = loaded.engine().liveness(slot.id()).state() == Liveness.State.RETIRED;
        if (!o.failed() && !done) { // a rotation in flight is waited out before the clean-up
          err.println("md-rotator: " + slot.id() + " is not retired yet: a rotation is in flight;"
              + " run the command again after " + o.nextWakeUp());
        }
        failed |= o.failed() || !done;
      }
      out.flush();
      if (!yes) {
        err.println("md-rotator: nothing done: add --yes to retire " + target + " now");
        err.flush();
        return NOT_CONFIRMED;
      }
      err.flush();
      return failed ? 1 : 0;
    } catch (CommandSetup.InvalidInput e) {
      return e.print(err);
    } catch (RuntimeException e) {
      err.println("md-rotator: retire " + target + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /**
   * {@code user/slot would: [{action=revoke_retired, token_id=...}, ...]}; that nothing of it is
   * left; or that a rotation in flight is waited out first.
   */
  private static String wouldDo(SlotPolicy slot, SlotReport r) {
    List<Map<String, Object>> actions = DueActions.of(r);
    if (r.liveness().state() == Liveness.State.RETIRED) {
      return slot.id() + " would: nothing, it is retired (nothing of it is left)";
    }
    String wait = actions.stream().anyMatch(a -> "delete_state".equals(a.get("action"))) ? ""
        : "; then wait until " + r.nextWakeUp() + " for a rotation in flight before revoking";
    return slot.id() + " would: " + actions + wait;
  }

  private List<SlotPolicy> resolve(Policy policy) throws CommandSetup.InvalidInput {
    if (target.contains("/")) {
      SlotId id;
      try {
        id = SlotId.parse(target);
      } catch (IllegalArgumentException e) {
        throw new CommandSetup.InvalidInput(List.of(e.getMessage()));
      }
      return List.of(policy.slot(id).orElseThrow(() -> new CommandSetup.InvalidInput(
          List.of("unknown slot '" + target + "': not in the policy"))));
    }
    return policy.account(target).map(AccountPolicy::slots).orElseThrow(() -> new CommandSetup.InvalidInput(
        List.of("unknown account '" + target + "': not in the policy")));
  }
}
