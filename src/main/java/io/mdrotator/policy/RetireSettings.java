package io.mdrotator.policy;

import io.mdrotator.document.Pointers;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code retire} of an account and of its slots (the schema has checked the shape: a boolean,
 * or an object with {@code gracePeriod} and {@code destroy}). An account's {@code retire} retires
 * every slot of it and gives their defaults; a slot's own object overrides them. A slot written
 * {@code retire: false} under a retired account is an error: an account is wound down whole.
 * Built-in grace: {@link Retirement#DEFAULT_GRACE}.
 */
final class RetireSettings {
  private final BiConsumer<String, String> error;

  /** {@code error} receives (pointer, message) for each problem. */
  RetireSettings(BiConsumer<String, String> error) {
    this.error = error;
  }

  /** The slot's retirement, empty when neither the slot nor its account is retired. */
  Optional<Retirement> of(JsonNode account, String ap, JsonNode slot, String sp) {
    boolean accountRetires = retires(account);
    if (accountRetires && slot != null && slot.isBoolean() && !slot.asBoolean()) {
      error.accept(sp + "/retire", Pointers.dotted(sp) + ".retire: false, but the account is retired"
          + " (" + Pointers.dotted(ap) + ".retire); retire the slots one by one instead");
      return Optional.empty();
    }
    if (!accountRetires && !retires(slot)) {
      return Optional.empty();
    }
    Duration grace = grace(slot, sp).or(() -> grace(account, ap)).orElse(Retirement.DEFAULT_GRACE);
    boolean destroy = destroy(slot).or(() -> destroy(account)).orElse(false);
    return Optional.of(new Retirement(grace, destroy));
  }

  private static boolean retires(JsonNode n) {
    return n != null && (n.isObject() || (n.isBoolean() && n.asBoolean()));
  }

  private Optional<Duration> grace(JsonNode n, String ptr) {
    if (n == null || !n.isObject() || !n.has("gracePeriod")) {
      return Optional.empty();
    }
    String text = n.get("gracePeriod").asString();
    try {
      return Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      error.accept(ptr + "/retire/gracePeriod", Pointers.dotted(ptr + "/retire/gracePeriod") + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Boolean> destroy(JsonNode n) {
    return n != null && n.isObject() && n.has("destroy") ? Optional.of(n.get("destroy").asBoolean()) : Optional.empty();
  }
}
