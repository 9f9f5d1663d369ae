package io.mdrotator.cli;

import io.mdrotator.daemon.ClassDataArchive;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code md-rotator cds}: creates the JVM's class-data sharing archive when it is missing or was made
 * for another jar, java or flag set (docs/deployment.md "Class-data sharing"). The systemd unit runs
 * it before the daemon; the archive is created by a second JVM with this JVM's flags.
 */
@Command(
    name = "cds",
    mixinStandardHelpOptions = true,
    description = {
      "Create the class-data sharing archive the JVM maps at start (-XX:SharedArchiveFile=FILE) when it is"
          + " missing or was made for another jar, java or JVM flags; faster start of run, validate and plan.",
      "The archive is made by a second JVM with this JVM's flags, running the daemon, validate and plan against"
          + " the built-in emulators (no network, no credential). Exit 0 when the archive is current, 1 when it"
          + " could not be created (the daemon then starts without it)."
    })
public final class CdsCommand implements Callable<Integer> {
  /** How long a training run may take before it is abandoned. */
  static final Duration TRAINING_BOUND = Duration.ofMinutes(3);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--archive", paramLabel = "FILE",
      description = "The archive (default: the one this JVM was started with, -XX:SharedArchiveFile=).")
  Path archive;

  @Option(names = "--force", description = "Create the archive even when it is current.")
  boolean force;

  @Option(names = "--train", hidden = true, description = "Run the training workload (in the archiving JVM).")
  boolean train;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (train) {
      return CdsTraining.run(err);
    }
    Optional<ClassDataArchive> a = archive != null
        ? Optional.of(ClassDataArchive.forThisJvm(archive)) : ClassDataArchive.ofThisJvm();
    if (a.isEmpty()) {
      err.println("cds: no --archive given and this JVM has no -XX:SharedArchiveFile=");
      err.flush();
      return CommandSetup.INVALID_INPUT;
    }
    if (!force && a.get().current()) {
      out.println("cds: " + a.get().archive() + " is current");
      out.flush();
      return 0;
    }
    ClassDataArchive.Outcome o = a.get().create(TRAINING_BOUND);
    (o.created() ? out : err).println("cds: " + o.detail());
    out.flush();
    err.flush();
    return o.created() ? 0 : 1;
  }
}
