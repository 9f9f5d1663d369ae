package io.mdrotator.motherduck;

import io.mdrotator.policy.TokenType;
import io.mdrotator.port.IoFailure;
import io.mdrotator.port.MotherDuckIoException;
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

/**
 * Reply bodies are read up to {@link HttpTransport#MAX_REPLY_BYTES}: a larger one is refused without
 * a retry, and a refused create reply is an unknown outcome (the token was minted). Defect found by
 * the bad-reply tests: bodies used to be read whole, whatever their size.
 */
class ReplySizeLimitTest {
  static final Secret ADMIN = Secret.of("admin-token-for-size-tests");
  private static final String HUGE_PADDING = " ".repeat((int) HttpTransport.MAX_REPLY_BYTES);
  MotherDuckEmulator emu;
  MotherDuckClient client;

  @BeforeEach
  void start() {
    emu = MotherDuckEmulator.start(EmulatorOptions.builder(ADMIN).accounts(List.of("svc")).build());
    client = MotherDuckClient.builder().baseUrl(emu.baseUri()).adminToken(ADMIN).requestsPerSecond(0)
        .requestTimeout(Duration.ofSeconds(10)).maxRetries(3).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void oversizeListReplyIsATypedErrorNamingTheEndpointWithoutRetry() {
    emu.rewriteReplies(MotherDuckEmulator.LIST_TOKENS, null, body -> body + HUGE_PADDING, Fault.UNLIMITED);
    MotherDuckIoException e = catchThrowableOfType(() -> client.listTokens("svc"), MotherDuckIoException.class);
    assertThat(e.getMessage()).isEqualTo("MotherDuck listTokens for 'svc' failed: GET /v1/users/{username}/tokens: "
        + "reply HTTP 200 is larger than the " + HttpTransport.MAX_REPLY_BYTES + "-byte limit (Content-Length "
        + (HttpTransport.MAX_REPLY_BYTES + 13) + "); not read");
    assertThat(e.kind()).isEqualTo(IoFailure.REPLY_TOO_LARGE);
    assertThat(emu.calls(MotherDuckEmulator.LIST_TOKENS)).isEqualTo(1);
  }

  @Test
  void oversizeCreateReplyIsAnUnknownOutcomeAndTheTokenIsFoundByName() {
    emu.rewriteReplies(MotherDuckEmulator.CREATE_TOKEN, null, body -> body + HUGE_PADDING, 1);
    TokenOutcomeUnknownException e = catchThrowableOfType(
        () -> client.createToken("svc", TokenRequest.of("md-rotator/rw/abc", Duration.ofSeconds(300), TokenType.READ_WRITE)),
        TokenOutcomeUnknownException.class);
    assertThat(e.tokenName()).isEqualTo("md-rotator/rw/abc");
    assertThat(((MotherDuckIoException) e.getCause()).kind()).isEqualTo(IoFailure.REPLY_TOO_LARGE);
    assertThat(emu.calls(MotherDuckEmulator.CREATE_TOKEN)).isEqualTo(1);
    assertThat(client.listTokens("svc")).extracting(TokenInfo::name).containsExactly("md-rotator/rw/abc");
  }

  @Test
  void aBodyJustUnderTheLimitIsRead() {
    emu.rewriteReplies(MotherDuckEmulator.LIST_TOKENS, null,
        body -> body + " ".repeat((int) HttpTransport.MAX_REPLY_BYTES - body.length()), 1);
    assertThat(client.listTokens("svc")).isEmpty();
  }
}
