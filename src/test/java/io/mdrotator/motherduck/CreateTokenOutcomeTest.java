package io.mdrotator.motherduck;

import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.IssuedToken;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.port.MotherDuckMalformedResponseException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenOutcomeUnknownException;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mdrotator.emulator.Fault;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creates are never retried blindly: lost replies surface as outcome-unknown, never a 2nd mint. */
class CreateTokenOutcomeTest {
  static final Secret ADMIN = Secret.of("admin-token-for-outcome-tests");
  MotherDuckEmulator emu;
  MotherDuckClient client;

  @BeforeEach
  void start() {
    emu = MotherDuckEmulator.start(EmulatorOptions.builder(ADMIN).accounts(List.of("svc")).build());
    client = builder().build();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  MotherDuckClient.Builder builder() {
    return MotherDuckClient.builder().baseUrl(emu.baseUri()).adminToken(ADMIN).requestsPerSecond(0)
        .requestTimeout(Duration.ofSeconds(3)).maxRetries(3).maxRetryTime(Duration.ofSeconds(5))
        .backoff(Duration.ofMillis(5), Duration.ofMillis(40));
  }

  static TokenRequest req(String name) {
    return TokenRequest.of(name, Duration.ofSeconds(300), TokenType.READ_WRITE);
  }

  @Test
  void commitThenDropIsOutcomeUnknownAndMintsOnce() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.commitThenDrop().times(1));
    TokenOutcomeUnknownException e =
        catchThrowableOfType(() -> client.createToken("svc", req("gen-7")), TokenOutcomeUnknownException.class);
    assertThat(e.tokenName()).isEqualTo("gen-7");
    assertThat(e.username()).contains("svc");
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(1);
    assertThat(emu.liveTokens("svc")).hasSize(1);
    assertThat(client.listTokens("svc")).extracting(TokenInfo::name).containsExactly("gen-7");
  }

  @Test
  void resetAfterSendIsOutcomeUnknownWithoutRetry() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.reset().times(1));
    catchThrowableOfType(() -> client.createToken("svc", req("a")), TokenOutcomeUnknownException.class);
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(1);
    assertThat(emu.liveTokens("svc")).isEmpty();
  }

  @Test
  void timeoutAfterSendIsOutcomeUnknownAndTheServerStillMints() {
    MotherDuckClient impatient = builder().requestTimeout(Duration.ofMillis(200)).build();
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.latency(Duration.ofMillis(600)).times(1));
    catchThrowableOfType(() -> impatient.createToken("svc", req("slow")), TokenOutcomeUnknownException.class);
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(1);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> emu.liveTokens("svc").size() == 1);
  }

  @Test
  void rateLimitedCreateIsRetried() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.rateLimited(Duration.ZERO).times(1));
    IssuedToken t = client.createToken("svc", req("after-429"));
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(2);
    assertThat(emu.liveTokens("svc")).containsExactly(t.info());
  }

  @Test
  void gatewayErrorOnCreateIsOutcomeUnknownWithoutRetry() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.status(504).times(1));
    TokenOutcomeUnknownException e =
        catchThrowableOfType(() -> client.createToken("svc", req("gw")), TokenOutcomeUnknownException.class);
    assertThat(((MotherDuckApiException) e.getCause()).status()).isEqualTo(504);
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(1);
  }

  @Test
  void malformedCreateReplyIsOutcomeUnknown() {
    emu.faults().add(MotherDuckEmulator.CREATE_TOKEN, Fault.malformed().times(1));
    TokenOutcomeUnknownException e =
        catchThrowableOfType(() -> client.createToken("svc", req("m")), TokenOutcomeUnknownException.class);
    assertThat(e.getCause()).isInstanceOf(MotherDuckMalformedResponseException.class);
    assertThat(emu.liveTokens("svc")).hasSize(1);
  }

  @Test
  void createServiceAccountIsNotRetriedAfterSend() {
    emu.faults().add(MotherDuckEmulator.CREATE_SERVICE_ACCOUNT, Fault.commitThenDrop().times(1));
    MotherDuckIoException e = catchThrowableOfType(() -> client.createServiceAccount("fresh"), MotherDuckIoException.class);
    assertThat(e.mayHaveReachedServer()).isTrue();
    assertThat(e.getMessage()).contains("may have been processed");
    assertThat(emu.calls(MotherDuckEmulator.CREATE_SERVICE_ACCOUNT)).isEqualTo(1);
    assertThat(emu.accountExists("fresh")).isTrue();
  }

  @Test
  void connectionRefusedIsRetriedAndNotOutcomeUnknown() {
    emu.close();
    MotherDuckIoException e =
        catchThrowableOfType(() -> client.createToken("svc", req("never-sent")), MotherDuckIoException.class);
    assertThat(e).isNotInstanceOf(TokenOutcomeUnknownException.class);
    assertThat(e.kind()).isEqualTo(IoFailure.CONNECTION_REFUSED);
    assertThat(e.mayHaveReachedServer()).isFalse();
    assertThat(e.isTransient()).isTrue();
  }
}
