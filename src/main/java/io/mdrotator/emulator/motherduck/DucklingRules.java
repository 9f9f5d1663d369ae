package io.mdrotator.emulator.motherduck;

import io.mdrotator.policy.DucklingConfig;
import io.mdrotator.policy.DucklingConfig.InstanceSize;
import io.mdrotator.policy.DucklingConfig.ReadScaling;
import io.mdrotator.policy.DucklingConfig.ReadWrite;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Duckling config rules (API reference 7): defaults of a new account, PUT validation including
 * the "tier" limits, cooldown defaults on a size change, and the GET reply shape.
 */
final class DucklingRules {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private DucklingRules() {}

  static DucklingConfig defaults() {
    return new DucklingConfig(
        new ReadWrite(InstanceSize.STANDARD, Optional.of(60)),
        new ReadScaling(InstanceSize.STANDARD, 4, Optional.of(60)));
  }

  /** Validates a PUT body against {@code current} and returns the new config. */
  static DucklingConfig apply(JsonNode body, DucklingConfig current, EmulatorOptions options) {
    JsonNode config = section(body, "config", "config");
    JsonNode rw = section(config, "read_write", "config.read_write");
    JsonNode rs = section(config, "read_scaling", "config.read_scaling");
    InstanceSize rwSize = Validation.size(rw.path("instance_size"), "config.read_write.instance_size");
    Optional<Integer> rwCool = cooldown(rw, rwSize, "config.read_write");
    InstanceSize rsSize = Validation.size(rs.path("instance_size"), "config.read_scaling.instance_size");
    int flock = Validation.wholeNumber(rs.path("flock_size"), "config.read_scaling.flock_size", 0, 64, true).get();
    Optional<Integer> rsCool = cooldown(rs, rsSize, "config.read_scaling");
    if (!options.largeReadScalingSizes() && (rsSize == InstanceSize.MEGA || rsSize == InstanceSize.GIGA)) {
      throw ApiError.badRequest("config.read_scaling.instance_size", "custom",
          "Invalid config for tier: read_scaling instance_size " + rsSize.wire() + " requires a support request").fail();
    }
    if (flock > options.maxFlockSize()) {
      throw ApiError.badRequest("config.read_scaling.flock_size", "custom",
          "Invalid config for tier: flock_size " + flock + " exceeds the limit of " + options.maxFlockSize()).fail();
    }
    return new DucklingConfig(
        new ReadWrite(rwSize, effective(rwCool, rwSize, current.readWrite().instanceSize(), current.readWrite().cooldownSeconds())),
        new ReadScaling(rsSize, flock,
            effective(rsCool, rsSize, current.readScaling().instanceSize(), current.readScaling().cooldownSeconds())));
  }

  private static JsonNode section(JsonNode parent, String field, String path) {
    JsonNode n = parent.path(field);
    if (!n.isObject()) {
      throw ApiError.badRequest(path, "invalid_type",
          n.isMissingNode() ? "Required" : "Expected object, received " + Validation.jsonType(n)).fail();
    }
    return n;
  }

  private static Optional<Integer> cooldown(JsonNode n, InstanceSize size, String path) {
    Optional<Integer> c = Validation.wholeNumber(n.path("cooldown_seconds"), path + ".cooldown_seconds", 60, 86_400, false);
    if (c.isPresent() && size == InstanceSize.PULSE) {
      throw ApiError.badRequest(path + ".cooldown_seconds", "custom",
          "cooldown_seconds is not allowed for pulse Ducklings").fail();
    }
    return c;
  }

  /**
   * The cooldown the server stores, so replies and later GETs show the normalized config: a sent
   * cooldown wins; a size change without one gets the size's default (reference 7.2: standard 60,
   * jumbo 60, mega 300, giga 600, pulse none); an unchanged size keeps its cooldown (undocumented;
   * the reference only says what a size change does).
   */
  private static Optional<Integer> effective(
      Optional<Integer> sent, InstanceSize size, InstanceSize oldSize, Optional<Integer> oldCooldown) {
    if (sent.isPresent()) {
      return sent;
    }
    if (size == oldSize) {
      return oldCooldown;
    }
    return switch (size) {
      case PULSE -> Optional.empty();
      case STANDARD, JUMBO -> Optional.of(60);
      case MEGA -> Optional.of(300);
      case GIGA -> Optional.of(600);
    };
  }

  static String json(DucklingConfig c) {
    ObjectNode out = MAPPER.createObjectNode();
    ObjectNode rw = out.putObject("read_write").put("instance_size", c.readWrite().instanceSize().wire());
    c.readWrite().cooldownSeconds().ifPresent(v -> rw.put("cooldown_seconds", v));
    ObjectNode rs = out.putObject("read_scaling")
        .put("instance_size", c.readScaling().instanceSize().wire())
        .put("flock_size", c.readScaling().flockSize());
    c.readScaling().cooldownSeconds().ifPresent(v -> rs.put("cooldown_seconds", v));
    return out.toString();
  }
}
