package io.mdrotator.motherduck;

import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No token (admin or minted) appears in any exception message, cause chain or toString. */
class SecretLeakTest {
  static final Secret ADMIN = Secret.of("admin-canary-7f3a9c1e5b");

  @Test
  void noSecretInExceptionsOrToString() {
    List<Object> seen = new ArrayList<>();
    try (MotherDuckEmulator emu = MotherDuckEmulator.start(EmulatorOptions.builder(ADMIN).accounts(List.of("svc")).build())) {
      MotherDuckClient client = MotherDuckClient.builder().baseUrl(emu.baseUri()).adminToken(ADMIN)
          .requestsPerSecond(0).maxRetries(1).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
      IssuedToken ok = client.createToken("svc", TokenRequest.of("ok", Duration.ofSeconds(300), TokenType.READ_WRITE));
      seen.add(ok);
      seen.add(ok.info());
      seen.add(client);
      MotherDuckClient asSa = MotherDuckClient.builder().baseUrl(emu.baseUri()).adminToken(ok.secret()).build();
      seen.add(asSa);
      seen.add(capture(() -> asSa.listTokens("svc")));
      seen.add(capture(() -> MotherDuckClient.builder().baseUrl(emu.baseUri())
          .adminToken(Secret.of("wrong-admin-canary-123")).build().listTokens("svc")));
      for (Fault f : List.of(Fault.malformed(), Fault.commitThenDrop(), Fault.reset(), Fault.status(500))) {
        emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, f.times(1));
        seen.add(capture(() -> client.createToken("svc", TokenRequest.of("x", Duration.ofSeconds(300), TokenType.READ_WRITE))));
      }
      seen.add(capture(() -> client.createServiceAccount("bad-name")));
      List<String> secrets = new ArrayList<>(emu.issuedSecrets());
      secrets.add(ADMIN.reveal());
      secrets.add("wrong-admin-canary-123");
      assertThat(emu.issuedSecrets()).hasSize(3); // ok, malformed, commit-then-drop
      assertThat(seen).doesNotContainNull();
      for (Object o : seen) {
        for (String text : texts(o)) {
          for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
            String[] parts = secret.split("\\.");
            if (parts.length == 3) {
              assertThat(text).doesNotContain(parts[1].substring(0, 24)).doesNotContain(parts[2].substring(0, 16));
            }
          }
        }
      }
    }
  }

  private static List<String> texts(Object o) {
    List<String> out = new ArrayList<>();
    out.add(String.valueOf(o));
    if (o instanceof Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        out.add(String.valueOf(c.getMessage()));
        out.add(c.toString());
      }
    }
    return out;
  }

  private static Throwable capture(Runnable r) {
    try {
      r.run();
      return null;
    } catch (MotherDuckApiException e) {
      return e;
    }
  }
}
