package io.mdrotator.cli;

import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.rotation.SlotOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code md-rotator rotate}: rotate named slots now, optionally revoking every older token. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Rotate the named slots now.",
      "With --revoke-previous (compromise response), every other managed token of each slot is revoked at once, after the new token is stored and verified.",
      "Exit 0 on success, 1 when any slot failed, 2 on invalid input or an unknown slot."
    })
public final class RotateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--revoke-previous", description = "Revoke all other managed tokens of the slot at once.")
  boolean revokePrevious;

  @Parameters(arity = "1..*", paramLabel = "SLOT", description = "Slots to rotate, as username/slot.")
  List<String> slots;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      CommandSetup.Loaded loaded = CommandSetup.loadAudited(config, spec);
      Policy policy = loaded.policy();
      List<SlotPolicy> targets = resolve(policy);
      boolean failed = false;
      for (SlotPolicy slot : targets) {
        AccountPolicy account = policy.account(slot.id().username()).orElseThrow();
        SlotOutcome outcome = loaded.engine().rotateNow(slot, account, revokePrevious);
        out.println(ReconcileCommand.describe(outcome));
        failed |= outcome.failed();
      }
      out.flush();
      return failed ? 1 : 0;
    } catch (CommandSetup.InvalidInput e) {
      return e.print(spec.commandLine().getErr());
    }
  }

  private List<SlotPolicy> resolve(Policy policy) throws CommandSetup.InvalidInput {
    List<SlotPolicy> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String text : slots) {
      try {
        SlotId id = SlotId.parse(text);
        policy.slot(id).ifPresentOrElse(found::add, () -> problems.add("unknown slot '" + text + "': not in the policy"));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new CommandSetup.InvalidInput(problems);
    }
    return found;
  }
}
