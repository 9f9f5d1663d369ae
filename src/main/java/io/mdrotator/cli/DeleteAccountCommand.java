package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Adapters;
import io.mdrotator.daemon.Composition;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.VaultPaths;
import io.mdrotator.rotation.AccountDeletion;
import io.mdrotator.rotation.RotationListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code md-rotator delete-account}: delete a service account and the Vault keys md-rotator kept for it. */
@Command(
    name = "delete-account",
    mixinStandardHelpOptions = true,
    description = {
      "Delete a service account (MotherDuck revokes all its tokens), then the Vault secrets and state"
          + " documents md-rotator kept for its slots (latest version soft-deleted; --destroy removes every version).",
      "Refused while the policy manages the account. Without --yes, prints what it would do and exits 1.",
      "Exit 0 when done, 1 when refused, not confirmed or failed, 2 on invalid input."
    })
public final class DeleteAccountCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--slot", paramLabel = "NAME",
      description = "Also clean this slot's keys (slots are otherwise found from the account's managed tokens).")
  List<String> slots = new ArrayList<>();

  @Option(names = "--vault-path", paramLabel = "TEMPLATE", defaultValue = VaultPaths.DEFAULT_TEMPLATE,
      description = "The slots' vaultPath template (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = "--destroy", description = "Destroy every version and the metadata instead of soft-deleting the latest version.")
  boolean destroy;

  @Option(names = "--yes", description = "Do it (without: print what would be done).")
  boolean yes;

  @Parameters(index = "0", paramLabel = "USERNAME", description = "The service account.")
  String username;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      CommandSetup.Audited setup = CommandSetup.audited(config, spec, null);
      DaemonConfig cfg = setup.config();
      Composition composition = setup.composition();
      RotationListener listener = setup.listener();
      Policy policy = setup.policy();
      Optional<String> refusal = AccountDeletion.refusal(policy, username);
      if (refusal.isPresent()) {
        err.println("md-rotator delete-account: refused: " + refusal.get());
        err.flush();
        return 1;
      }
      checkTemplate();
      Adapters adapters = CommandSetup.adapters(composition);
      AccountDeletion deletion = composition.accountDeletion(adapters, listener);
      AccountDeletion.Plan plan = deletion.plan(username, slots, template);
      String verb = yes ? "" : "would ";
      describe(plan, cfg.vault().mount(), verb, out);
      if (!yes) {
        err.println("md-rotator delete-account: nothing done: pass --yes to delete");
        err.flush();
        return 1;
      }
      deletion.execute(plan, destroy);
      out.println("deleted account " + username);
      out.flush();
      return 0;
    } catch (CommandSetup.InvalidInput e) {
      return e.print(err);
    } catch (RuntimeException e) {
      err.println("md-rotator delete-account: failed: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private void checkTemplate() throws CommandSetup.InvalidInput {
    try {
      VaultPaths.expand(template, username, "slot");
    } catch (IllegalArgumentException e) {
      throw new CommandSetup.InvalidInput(List.of("--vault-path: " + e.getMessage()));
    }
  }

  private void describe(AccountDeletion.Plan plan, String mount, String verb, PrintWriter out) {
    if (plan.accountExists()) {
      out.println(verb + "delete account " + plan.username() + " (revokes its " + plan.liveTokenIds().size()
          + " live tokens: " + String.join(", ", plan.liveTokenIds()) + ")");
    } else {
      out.println("account " + plan.username() + " is already deleted in MotherDuck"
          + (slots.isEmpty() ? " (name its slots with --slot to clean their Vault keys)" : ""));
    }
    String action = destroy ? "destroy all versions of " : "soft-delete the latest version of ";
    for (AccountDeletion.Key k : plan.keys()) {
      String where = mount + "/" + k.path();
      out.println(k.delete() ? verb + action + where + " (" + k.note() + ")" : "leave " + where + ": " + k.note());
    }
    out.flush();
  }
}
