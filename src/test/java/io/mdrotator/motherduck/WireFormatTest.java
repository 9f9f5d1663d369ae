package io.mdrotator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.TokenType;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.port.TokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.policy.DucklingConfig.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  @Test
  void expireAtNullEmptyOrAbsentMeansNever() {
    String body = "{\"tokens\":["
        + "{\"id\":\"a\",\"name\":\"n\",\"created_ts\":\"2026-06-19T00:00:00Z\",\"read_only\":false,\"token_type\":\"read_write\",\"expire_at\":null},"
        + "{\"id\":\"b\",\"created_ts\":\"2026-06-19T00:00:00.123+00:00\",\"read_only\":true,\"token_type\":\"read_scaling\",\"expire_at\":\"\"},"
        + "{\"id\":\"c\",\"created_ts\":\"2026-06-19T00:00:00Z\",\"token_type\":\"read_scaling\",\"expire_at\":\"2026-12-31T23:59:59Z\"},"
        + "{\"id\":\"d\",\"created_ts\":\"2026-06-19T00:00:00Z\",\"read_only\":false,\"token_type\":\"read_write\",\"extra\":1}]}";
    var tokens = WireFormat.tokenList(body);
    assertThat(tokens).extracting(TokenInfo::expiresAt)
        .containsExactly(Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2026-12-31T23:59:59Z")), Optional.empty());
    assertThat(tokens.get(1).createdAt()).isEqualTo(Instant.parse("2026-06-19T00:00:00.123Z"));
    assertThat(tokens.get(1).name()).isEmpty();
    assertThat(tokens.get(2).readOnly()).isTrue();
  }

  @Test
  void numbersMayBeFloats() {
    DucklingConfig c = WireFormat.ducklings("{\"read_write\":{\"instance_size\":\"jumbo\",\"cooldown_seconds\":60.0},"
        + "\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":4.0}}");
    assertThat(c.readWrite().cooldownSeconds()).contains(60);
    assertThat(c.readScaling().flockSize()).isEqualTo(4);
    assertThat(c.readScaling().instanceSize()).isEqualTo(InstanceSize.PULSE);
    assertThatThrownBy(() -> WireFormat.ducklings("{\"read_write\":{\"instance_size\":\"jumbo\"},"
        + "\"read_scaling\":{\"instance_size\":\"pulse\",\"flock_size\":2.5}}"))
        .isInstanceOf(MalformedReplyException.class).hasMessageContaining("read_scaling.flock_size");
  }

  @Test
  void malformedNamesTheFieldNotTheContent() {
    assertThatThrownBy(() -> WireFormat.tokenList("{\"tokens\":[{\"id\":\"x\"}]}"))
        .isInstanceOf(MalformedReplyException.class).hasMessageContaining("tokens[0].created_ts");
    assertThatThrownBy(() -> WireFormat.issuedToken("{\"token\":\"eyJsecretsecret"))
        .isInstanceOf(MalformedReplyException.class).hasMessageStartingWith("invalid JSON").hasMessageNotContaining("eyJ");
    assertThatThrownBy(() -> WireFormat.tokenList("{}")).hasMessageContaining("'tokens'");
    assertThatThrownBy(() -> WireFormat.tokenList("[]")).hasMessageContaining("not a JSON object");
  }

  @Test
  void putBodyIsFullAndNeverSendsCooldownWithPulse() {
    String body = WireFormat.setDucklingsBody(new DucklingConfig(
        new DucklingConfig.ReadWrite(InstanceSize.PULSE, Optional.of(60)),
        new DucklingConfig.ReadScaling(InstanceSize.STANDARD, 3, Optional.of(90))));
    assertThat(body).isEqualTo("{\"config\":{\"read_write\":{\"instance_size\":\"pulse\"},"
        + "\"read_scaling\":{\"instance_size\":\"standard\",\"flock_size\":3,\"cooldown_seconds\":90}}}");
  }

  @Test
  void createTokenBodyOmitsTtlWhenNever() {
    assertThat(WireFormat.createTokenBody(new TokenRequest("n", Optional.empty(), TokenType.READ_SCALING)))
        .isEqualTo("{\"name\":\"n\",\"token_type\":\"read_scaling\"}");
    assertThat(WireFormat.createTokenBody(TokenRequest.of("n", Duration.ofMinutes(5), TokenType.READ_WRITE)))
        .isEqualTo("{\"name\":\"n\",\"ttl\":300,\"token_type\":\"read_write\"}");
  }

  @Test
  void emptyBodyReadsAsEmptyObject() {
    assertThat(WireFormat.username("", "fallback")).isEqualTo("fallback");
  }
}
