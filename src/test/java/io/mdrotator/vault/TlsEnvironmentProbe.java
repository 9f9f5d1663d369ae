package io.mdrotator.vault;

import io.github.jopenlibs.vault.SslConfig;
import io.mdrotator.secret.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child-JVM side of {@link VaultTlsEnvironmentTest}, run with {@code VAULT_SSL_VERIFY=false} and
 * {@code VAULT_SSL_CERT=<stranger's certificate>} in its environment. Prints one
 * {@code RESULT <case> <outcome>} line per case; the outcome is {@code ok} or the exception's
 * simple class name. Arguments: trusted server URI, its CA file, stranger's server URI.
 */
public final class TlsEnvironmentProbe {
  private TlsEnvironmentProbe() {}

  public static void main(String[] args) throws Exception {
    URI trusted = URI.create(args[0]);
    Path ca = Path.of(args[1]);
    URI stranger = URI.create(args[2]);
    // the control: the driver's own SslConfig does see this environment
    System.out.println("RESULT driver-sslconfig-verify " + new SslConfig().build().isVerify());
    System.out.println("RESULT configured-ca-to-trusted " + read(trusted, ca));
    System.out.println("RESULT configured-ca-to-stranger " + read(stranger, ca));
    System.out.println("RESULT jvm-trust-to-stranger " + read(stranger, null));
  }

  private static String read(URI address, Path ca) {
    try {
      VaultKvStore.builder().address(address).auth(VaultAuth.token(Secret.of("t"))).tls(ca, null, null)
          .readTimeout(Duration.ofSeconds(5)).readRetries(0, Duration.ZERO).build().readLatest("p");
      return "ok";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }
}
