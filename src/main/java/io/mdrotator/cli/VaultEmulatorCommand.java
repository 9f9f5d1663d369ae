package io.mdrotator.cli;

import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emulator vault}: runs the Vault emulator until stopped. The root token is read from
 * {@code --root-token-file} when that file exists and is not empty; otherwise a random one is
 * generated and written there (mode 600). Only the address is printed, never the token.
 */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Run the Vault emulator (KV v2, token, AppRole, Kubernetes auth).")
public final class VaultEmulatorCommand implements Callable<Integer> {
  @Option(names = "--port", description = "Port on 127.0.0.1 (0 = any free port).", defaultValue = "8200")
  int port;

  @Option(names = "--root-token-file", required = true, description = "File holding the root token (created if absent).")
  Path rootTokenFile;

  @Option(names = "--cas-required", description = "Require check-and-set on every write to the mount.")
  boolean casRequired;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException, InterruptedException {
    String token = EmulatorTokenFile.read(rootTokenFile);
    VaultEmulatorOptions options = VaultEmulatorOptions.defaults().port(port).mountCasRequired(casRequired);
    if (token != null) {
      options.rootToken(token);
    }
    VaultEmulator emulator = VaultEmulator.start(options);
    if (token == null) {
      EmulatorTokenFile.writePrivate(rootTokenFile, emulator.rootToken().reveal());
      // stdout stays the address alone (scripts read it); where the token went is for the operator
      spec.commandLine().getErr().println("wrote a new root token to " + rootTokenFile + " (mode 600)");
      spec.commandLine().getErr().flush();
    }
    Thread hook = new Thread(this::stop, "vault-emulator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println(emulator.address());
    spec.commandLine().getOut().flush();
    try {
      stopped.await();
    } finally {
      emulator.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    return 0;
  }

  /** Stops a running emulator (the shutdown hook, or a test). */
  public void stop() {
    stopped.countDown();
  }
}
