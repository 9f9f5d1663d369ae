package io.mdrotator.observability;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An operator's invocation of a command, as the {@code command_invoked} audit event records it:
 * the command, its arguments without secrets, who ran it (from the environment) and where.
 * {@code user} is {@code $SUDO_USER} (the person behind sudo), else {@code $USER}, else {@code
 * $LOGNAME}, else the JVM's {@code user.name}: the environment can be set by the caller, so this
 * is attribution for an honest operator, not authentication.
 */
public record Invocation(String command, List<String> args, String user, String host, long pid) {
  /** Options whose value is a credential: recorded as {@code ****}, whatever it looks like. */
  private static final Pattern SECRET_OPTION =
      Pattern.compile("(?i)--[a-z-]*(token|secret|password|credential)[a-z-]*");

  public Invocation {
    args = List.copyOf(args);
  }

  /** The invocation of this process; {@code args} as given after the command name. */
  public static Invocation of(String command, List<String> args, Map<String, String> env) {
    return new Invocation(command, withoutSecrets(args), user(env), host(env), ProcessHandle.current().pid());
  }

  /**
   * {@code args} with the value of a credential option ({@code --x-token V}, {@code --x-token=V})
   * replaced by {@code ****} and every argument passed through {@link SecretMasker}.
   */
  static List<String> withoutSecrets(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean valueIsSecret = false;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (valueIsSecret) {
        out.add(SecretMasker.MASK);
        valueIsSecret = false;
      } else if (eq > 0 && SECRET_OPTION.matcher(arg.substring(0, eq)).matches()) {
        out.add(arg.substring(0, eq + 1) + SecretMasker.MASK);
      } else {
        valueIsSecret = SECRET_OPTION.matcher(arg).matches();
        out.add(SecretMasker.mask(arg));
      }
    }
    return out;
  }

  static String user(Map<String, String> env) {
    return Stream.of("SUDO_USER", "USER", "LOGNAME").map(env::get).filter(Invocation::present).findFirst()
        .orElse(System.getProperty("user.name", "unknown"));
  }

  /**
   * The kernel's host name when readable (no DNS involved: a lookup can take seconds on a host with
   * a broken resolver), else {@code $HOSTNAME}, else the JVM's local host name, else {@code unknown}.
   */
  static String host(Map<String, String> env) {
    return kernelHostName().or(() -> Optional.ofNullable(env.get("HOSTNAME")).filter(Invocation::present))
        .orElseGet(Invocation::localHostName);
  }

  private static Optional<String> kernelHostName() {
    try {
      return Optional.of(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).filter(Invocation::present);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
