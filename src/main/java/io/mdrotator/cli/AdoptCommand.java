package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Adapters;
import io.mdrotator.daemon.Composition;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.rotation.Adoption;
import io.mdrotator.rotation.RotationListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code md-rotator adopt}: take over a token made by hand, without minting. */
@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    description = {
      "Take over a token made by hand and stored in Vault: the slot's path then serves it (md-rotator's"
          + " fields, its expiry from MotherDuck), and it is rotated on schedule and revoked after the grace period.",
      "The token is named by --token-id or --token-name, or is the account's only hand-made token of the slot's type.",
      "The source keeps its copy unless --move (soft-deleted there once the slot serves the token).",
      "Exit 0 when adopted (or already), 1 when refused or failed, 2 on invalid input or an unknown slot."
    })
public final class AdoptCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Read the slot from this policy instead of the config's policyFile (adopt before the daemon manages the slot).")
  Path policyFile;

  @Option(names = "--from-vault", required = true, paramLabel = "PATH",
      description = "Where the token is stored, on md-rotator's KV mount (e.g. teams/etl/motherduck).")
  String from;

  @Option(names = "--field", paramLabel = "NAME", defaultValue = "token", description = "The field holding the token (default: ${DEFAULT-VALUE}).")
  String field;

  @ArgGroup(exclusive = true)
  Which which = new Which();

  static final class Which {
    @Option(names = "--token-id", paramLabel = "ID", description = "The token's id, as MotherDuck lists it.")
    String tokenId;

    @Option(names = "--token-name", paramLabel = "NAME", description = "The token's name, when no other token has it.")
    String tokenName;
  }

  @Option(names = "--move", description = "Soft-delete the source once the slot serves the token (default: copy).")
  boolean move;

  @Parameters(index = "0", paramLabel = "ACCOUNT/SLOT", description = "The slot, as username/slot.")
  String slotName;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      CommandSetup.Audited setup = CommandSetup.audited(config, spec, policyFile);
      DaemonConfig cfg = setup.config();
      Composition composition = setup.composition();
      RotationListener listener = setup.listener();
      Policy policy = setup.policy();
      SlotPolicy slot = slot(policy);
      AccountPolicy account = policy.account(slot.id().username()).orElseThrow();
      Adapters adapters = CommandSetup.adapters(composition);
      Adoption.Outcome outcome = composition.adoption(adapters, listener).adopt(slot, account,
          new Adoption.Source(from, field),
          new Adoption.Identify(Optional.ofNullable(which.tokenId), Optional.ofNullable(which.tokenName)), move);
      if (outcome instanceof Adoption.Outcome.Refused r) {
        err.println("md-rotator adopt: refused: " + r.reason());
        err.flush();
        return 1;
      }
      Adoption.Outcome.Adopted a = (Adoption.Outcome.Adopted) outcome;
      out.println(describe(a, slot, cfg.vault().mount()));
      out.flush();
      return 0;
    } catch (CommandSetup.InvalidInput e) {
      return e.print(err);
    } catch (RuntimeException e) {
      err.println("md-rotator adopt: failed: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private SlotPolicy slot(Policy policy) throws CommandSetup.InvalidInput {
    try {
      SlotId id = SlotId.parse(slotName);
      return policy.slot(id).orElseThrow(() ->
          new CommandSetup.InvalidInput(List.of("unknown slot '" + slotName + "': not in the policy")));
    } catch (IllegalArgumentException e) {
      throw new CommandSetup.InvalidInput(List.of(e.getMessage()));
    }
  }

  private String describe(Adoption.Outcome.Adopted a, SlotPolicy slot, String mount) {
    TokenInfo t = a.token();
    String source = a.moved() ? "moved from " + mount + "/" + from + " (soft-deleted there)"
        : "copied from " + mount + "/" + from;
    return (a.resumed() ? "already adopted: " : "adopted: ") + "token " + t.id() + " '" + t.name() + "' "
        + t.type().wire() + ", expires " + t.expiresAt().map(Object::toString).orElse("never")
        + ", served by slot " + slot.id() + " at " + mount + "/" + slot.vaultPath() + " version " + a.vaultVersion()
        + "; " + source + "; md-rotator rotates it when due (md-rotator plan shows when)";
  }
}
