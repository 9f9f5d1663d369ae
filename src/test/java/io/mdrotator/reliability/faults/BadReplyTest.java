package io.mdrotator.reliability.faults;

import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.CREATE_TOKEN;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.LIST_TOKENS;
import static io.mdrotator.emulator.motherduck.MotherDuckEmulator.REVOKE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.emulator.Fault;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.policy.TokenType;
import io.mdrotator.rotation.SlotOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Odd but well-delivered MotherDuck replies (HTTP 200, the operation done) on one account while
 * another account's slot rotates at the same time. Expected for each: a typed error whose message
 * names the endpoint and what was wrong (never the body), nothing lost (the served token unchanged,
 * no orphan: a token minted behind an unreadable create reply is found by name and revoked), the
 * other slot rotates, and the victim rotates once the replies are sane again; 0 probe violations.
 */
class BadReplyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LIST = "GET /v1/users/{username}/tokens";
  private static final String CREATE = "POST /v1/users/{username}/tokens";
  private static FaultWorld world;

  @BeforeAll
  static void start() {
    world = new FaultWorld();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  static Stream<Arguments> badReplies() {
    String huge = " ".repeat(17 << 20);
    return Stream.of(
        Arguments.of("list: tokens is a string", LIST_TOKENS, rewrite(n -> n.put("tokens", "none")), LIST, "'tokens'"),
        Arguments.of("list: token without id", LIST_TOKENS, eachToken(t -> t.remove("id")), LIST, "id"),
        Arguments.of("list: created_ts a number", LIST_TOKENS, eachToken(t -> t.put("created_ts", 12)), LIST, "created_ts"),
        Arguments.of("list: unknown token_type", LIST_TOKENS, eachToken(t -> t.put("token_type", "superuser")), LIST, "token_type"),
        Arguments.of("list: HTML error page", LIST_TOKENS, constant("<html><body><h1>502 Bad Gateway</h1></body></html>"), LIST, "JSON"),
        Arguments.of("list: empty body", LIST_TOKENS, constant(""), LIST, "malformed"),
        Arguments.of("list: 17 MiB body", LIST_TOKENS, (UnaryOperator<String>) b -> b + huge, LIST, "larger than"),
        Arguments.of("create: token is a number", CREATE_TOKEN, rewrite(n -> n.put("token", 42)), CREATE, "outcome unknown"),
        Arguments.of("create: no id", CREATE_TOKEN, rewrite(n -> n.remove("id")), CREATE, "outcome unknown"),
        Arguments.of("create: unknown token_type", CREATE_TOKEN, rewrite(n -> n.put("token_type", "superuser")), CREATE, "outcome unknown"),
        Arguments.of("create: HTML page", CREATE_TOKEN, constant("<!DOCTYPE html><html>oops</html>"), CREATE, "outcome unknown"),
        Arguments.of("create: empty body", CREATE_TOKEN, constant(""), CREATE, "outcome unknown"),
        Arguments.of("create: 17 MiB body", CREATE_TOKEN, (UnaryOperator<String>) b -> b + huge, CREATE, "outcome unknown"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badReplies")
  void badReplyIsATypedErrorAndNothingIsLost(String name, String endpoint, UnaryOperator<String> rewrite,
      String endpointText, String problemText) {
    world.heal();
    try (Slot victim = world.slot(Duration.ZERO); Slot bystander = world.slot(Duration.ZERO)) {
      victim.reconcile();
      bystander.reconcile();
      String served = victim.servedTokenId().orElseThrow();
      String bystanderServed = bystander.servedTokenId().orElseThrow();
      world.clock.advance(Duration.ofMinutes(41));
      victim.probe.checkOnce();

      world.md.rewriteReplies(endpoint, victim.user(), rewrite, Fault.UNLIMITED);
      SlotOutcome bad = victim.reconcile();
      assertThat(bad.failed()).as("victim fails: %s", bad).isTrue();
      RuntimeException failure = bad.failure().orElseThrow();
      String chain = messages(failure);
      System.out.println("bad reply [" + name + "]: " + chain);
      assertThat(causes(failure)).as(chain).hasAtLeastOneElementOfType(MotherDuckApiException.class);
      assertThat(chain).contains(endpointText).contains(problemText).hasSizeLessThan(4_000);
      assertThat(victim.servedTokenId()).contains(served);
      assertThat(victim.liveManaged()).as("nothing minted is left behind").extracting(t -> t.id()).containsExactly(served);

      assertThat(bystander.reconcile().status()).isEqualTo(SlotOutcome.Status.ROTATED);
      assertThat(bystander.servedTokenId()).isNotEqualTo(Optional.of(bystanderServed));

      world.md.clearRewrites();
      world.clock.advance(Duration.ofMinutes(1));
      assertThat(victim.reconcile().status()).isEqualTo(SlotOutcome.Status.ROTATED);
      assertThat(FaultAuditor.check(victim)).isEmpty();
      assertThat(victim.probe.figures().violationCount()).isZero();
      assertThat(bystander.probe.figures().violationCount()).isZero();
    }
  }

  @Test
  void revokeReplyBodyIsIgnoredBecauseTheDeleteTookEffect() {
    world.heal();
    try (Slot slot = world.slot(Duration.ZERO)) {
      slot.reconcile();
      String first = slot.servedTokenId().orElseThrow();
      world.md.rewriteReplies(REVOKE_TOKEN, slot.user(), constant("<html>not json</html>"), Fault.UNLIMITED);
      slot.runUntil(world.clock.instant().plus(Duration.ofMinutes(50)), now -> { });
      assertThat(slot.auditor.revoked(first)).isTrue();
      assertThat(world.md.isTokenLive(first)).isFalse();
      assertThat(FaultAuditor.check(slot)).isEmpty();
      assertThat(slot.probe.figures().violationCount()).isZero();
    }
  }

  @Test
  void duplicateIdsInAListingDoNotDuplicateActions() {
    world.heal();
    try (Slot slot = world.slot(Duration.ZERO)) {
      slot.reconcile();
      String first = slot.servedTokenId().orElseThrow();
      world.md.rewriteReplies(LIST_TOKENS, slot.user(), rewrite(n -> {
        ArrayNode tokens = (ArrayNode) n.get("tokens");
        List.copyOf(tokens.valueStream().toList()).forEach(t -> tokens.add(t.deepCopy()));
      }), Fault.UNLIMITED);
      slot.runUntil(world.clock.instant().plus(Duration.ofMinutes(50)), now -> { });
      assertThat(slot.auditor.count("revoked " + first + " ")).isEqualTo(1);
      assertThat(slot.auditor.count("minted")).as("the first token and one rotation").isEqualTo(2);
      assertThat(FaultAuditor.check(slot)).isEmpty();
      assertThat(slot.probe.figures().violationCount()).isZero();
    }
  }

  @Test
  void tokensMdRotatorDoesNotManageAreReportedAndLeftAlone() {
    world.heal();
    try (Slot slot = world.slot(Duration.ZERO)) {
      String ci = world.md.seedToken(slot.user(), "ci-pipeline", TokenType.READ_WRITE, Optional.of(Duration.ofHours(3))).info().id();
      String lookalike = world.md.seedToken(slot.user(), "md-rotator/other-slot/0123456789abcdef", TokenType.READ_WRITE,
          Optional.of(Duration.ofHours(3))).info().id();
      slot.runUntil(world.clock.instant().plus(Duration.ofMinutes(50)), now -> { });
      assertThat(slot.outcomes).allSatisfy(o -> assertThat(o.unmanagedTokens()).isEqualTo(1));
      assertThat(world.md.isTokenLive(ci)).isTrue();
      assertThat(world.md.isTokenLive(lookalike)).as("another slot's managed name is never touched").isTrue();
      assertThat(slot.servedHistory()).hasSize(2);
      assertThat(slot.probe.figures().violationCount()).isZero();
    }
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> out = new java.util.ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" <- ");
    }
    return b.toString();
  }

  private static UnaryOperator<String> constant(String body) {
    return b -> body;
  }

  private static UnaryOperator<String> rewrite(java.util.function.Consumer<ObjectNode> edit) {
    return body -> {
      ObjectNode n = (ObjectNode) JSON.readTree(body);
      edit.accept(n);
      return n.toString();
    };
  }

  private static UnaryOperator<String> eachToken(java.util.function.Consumer<ObjectNode> edit) {
    return rewrite(n -> {
      for (JsonNode t : n.get("tokens")) {
        edit.accept((ObjectNode) t);
      }
    });
  }
}
