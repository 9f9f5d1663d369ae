package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.port.MotherDuckIoException;
import io.mdrotator.port.TokenOutcomeUnknownException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class FailureTextTest {
  @Test
  void outcomeUnknownKeepsTheIoCauseBehindIt() {
    var io = new MotherDuckIoException("createToken", "svc_etl", "reply dropped after sending", true,
        new java.io.IOException("connection reset"));
    var unknown = new TokenOutcomeUnknownException("svc_etl", "mdr-primary-1", io);
    assertThat(FailureText.chain(Causes.wrapMint(Scenario.ETL, unknown)))
        .startsWith("RotationFailedException: rotation r-w of slot svc_etl/primary failed at mint: create-token"
            + " outcome unknown (cause: MotherDuck createToken for 'svc_etl' failed: outcome unknown")
        .doesNotContain("caused by TokenOutcomeUnknownException") // the wrapper quotes it already
        .contains("; caused by MotherDuckIoException: MotherDuck createToken for 'svc_etl' failed: reply dropped"
            + " after sending; caused by IOException: connection reset")
        .endsWith("connection reset");
  }

  @Test
  void aWrapperThatRepeatsItsCauseIsNotRepeated() {
    var timeout = new SocketTimeoutException("read timed out");
    var wrapped = new UncheckedIOException(timeout.toString(), timeout);
    assertThat(FailureText.chain(wrapped))
        .isEqualTo("UncheckedIOException: java.net.SocketTimeoutException: read timed out");
    assertThat(FailureText.chain(new RuntimeException(timeout)))
        .isEqualTo("RuntimeException: java.net.SocketTimeoutException: read timed out");
  }

  @Test
  void exceptionsWithoutMessageShowTheirClass() {
    assertThat(FailureText.chain(new IllegalStateException(new NullPointerException())))
        .isEqualTo("IllegalStateException: java.lang.NullPointerException");
    assertThat(FailureText.chain(new IllegalStateException("outer", new NullPointerException())))
        .isEqualTo("IllegalStateException: outer; caused by NullPointerException");
  }

  @Test
  void everyMessageOfTheChainIsMasked() {
    String text = FailureText.chain(new IllegalStateException("outer Bearer " + MaskingEncodersTest.VAULT,
        new RuntimeException("inner token=" + MaskingEncodersTest.JWT)));
    assertThat(text).isEqualTo("IllegalStateException: outer Bearer ****; caused by RuntimeException: inner token=****");
  }

  @Test
  void aCyclicChainEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertThat(FailureText.chain(a).split("caused by")).hasSize(8);
    assertThat(FailureText.step(a)).isEmpty();
  }

  @Test
  void stepIsTheFailedRotationStep() {
    assertThat(FailureText.step(Causes.storeSealed(Scenario.BI, "r-1"))).contains("store");
    assertThat(FailureText.step(new IllegalStateException(Causes.mintForbidden(Scenario.BI, "r-2")))).contains("mint");
  }
}
