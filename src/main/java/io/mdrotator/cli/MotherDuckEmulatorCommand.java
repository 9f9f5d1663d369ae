package io.mdrotator.cli;

import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.secret.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code emulator motherduck}: runs the MotherDuck Admin API emulator until stopped. */
@Command(
    name = "motherduck",
    mixinStandardHelpOptions = true,
    description = {
        "Run the MotherDuck Admin API emulator; prints its base URL, runs until stopped.",
        "",
        "Fault injection from outside (admin bearer token required):",
        "  POST /_emulator/faults with a JSON body, e.g.",
        "    {\"endpoint\":\"createToken\",\"kind\":\"STATUS\",\"status\":503,\"count\":-1}",
        "    endpoint: * createServiceAccount deleteServiceAccount listTokens",
        "              createToken revokeToken getDucklings setDucklings",
        "    kind: STATUS RATE_LIMIT LATENCY RESET COMMIT_THEN_DROP MALFORMED",
        "    optional: rate (0..1], latencyMs, retryAfterSeconds; count -1 = forever",
        "    replies 204, or 400 with the reason, 401 without the admin token",
        "  DELETE /_emulator/faults removes every injected fault (204)."},
    footer = {"", "Example:",
        "  curl -X POST -H \"Authorization: Bearer $(cat admin-token)\" \\",
        "    -d '{\"endpoint\":\"createToken\",\"kind\":\"STATUS\",\"status\":503}' \\",
        "    http://127.0.0.1:PORT/_emulator/faults"})
public final class MotherDuckEmulatorCommand implements java.util.concurrent.Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "0", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Bind address; anything but loopback logs a WARN. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--admin-token-file", required = true,
      description = "File holding the admin bearer token (created with a random token, mode 600, if absent or empty).")
  Path adminTokenFile;

  @Option(names = "--latency", defaultValue = "0ms", description = "Added latency per request, e.g. 25ms, 2s.")
  String latency;

  @Option(names = "--accounts", split = ",", description = "Service accounts to create at start, e.g. a,b,c.")
  List<String> accounts = List.of();

  @Option(names = "--relaxed-ttl", description = "Accept token TTLs down to 1 s (demo/soak); nothing else differs.")
  boolean relaxedTtl;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String token = EmulatorTokenFile.read(adminTokenFile);
    if (token == null) {
      token = EmulatorTokenFile.create(adminTokenFile);
      // stdout stays the base URL alone (scripts read it); where the token went is for the operator
      spec.commandLine().getErr().println("wrote a new admin token to " + adminTokenFile + " (mode 600)");
      spec.commandLine().getErr().flush();
    }
    // The logger is looked up here, not in a static field: picocli builds every command when any
    // command runs, and the first logger sets up logging, which commands that never log skip.
    Logger log = LoggerFactory.getLogger(MotherDuckEmulatorCommand.class);
    exposureWarning(host).ifPresent(log::warn);
    EmulatorOptions options = EmulatorOptions.builder(Secret.of(token))
        .host(host).port(port).latency(parseDuration(latency)).accounts(accounts).relaxedTtl(relaxedTtl).build();
    MotherDuckEmulator emulator;
    try {
      emulator = MotherDuckEmulator.start(options);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }, "md-emulator-shutdown"));
    System.out.println(emulator.baseUri());
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The warning for a bind address other hosts can reach; empty for a loopback address, and for a
   * name that does not resolve (the start fails and says why). The emulator is a test double:
   * plain HTTP, fault injection over HTTP, tokens that mean nothing; on 0.0.0.0 or any
   * non-loopback address the network can call it, which is rarely what a test wants.
   */
  static Optional<String> exposureWarning(String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    if (address.isLoopbackAddress()) {
      return Optional.empty();
    }
    return Optional.of("MotherDuck emulator bound to " + host + ", not a loopback address: it is reachable from"
        + " the network (plain HTTP, fault injection included); use --host 127.0.0.1 unless other hosts must reach it");
  }

  private Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new ParameterException(spec.commandLine(),
          "invalid duration '" + text + "' for --latency (expected e.g. 25ms, 2s, 1m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
