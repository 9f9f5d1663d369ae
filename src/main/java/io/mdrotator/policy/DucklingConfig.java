package io.mdrotator.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Duckling (compute) sizes of a service account. As a desired config, an empty cooldown means "the
 * server's default"; as the server's reply, an empty cooldown is a {@code pulse} Duckling (which
 * never carries one) or an incomplete reply.
 */
public record DucklingConfig(ReadWrite readWrite, ReadScaling readScaling) {
  public DucklingConfig {
    Objects.requireNonNull(readWrite, "readWrite");
    Objects.requireNonNull(readScaling, "readScaling");
  }

  /** True when every non-pulse Duckling has a cooldown, as a complete server reply always does. */
  public boolean hasEveryCooldown() {
    return (readWrite.instanceSize == InstanceSize.PULSE || readWrite.cooldownSeconds.isPresent())
        && (readScaling.instanceSize == InstanceSize.PULSE || readScaling.cooldownSeconds.isPresent());
  }

  /** Duckling sizes, with their wire names. */
  public enum InstanceSize {
    PULSE("pulse"),
    STANDARD("standard"),
    JUMBO("jumbo"),
    MEGA("mega"),
    GIGA("giga");

    private final String wire;

    InstanceSize(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static InstanceSize fromWire(String value) {
      for (InstanceSize s : values()) {
        if (s.wire.equals(value)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown instance_size '" + value + "' (expected pulse, standard, jumbo, mega or giga)");
    }

    @Override
    public String toString() {
      return wire;
    }
  }

  /** The read/write Duckling. */
  public record ReadWrite(InstanceSize instanceSize, Optional<Integer> cooldownSeconds) {
    public ReadWrite {
      Objects.requireNonNull(instanceSize, "instanceSize");
      Objects.requireNonNull(cooldownSeconds, "cooldownSeconds");
    }
  }

  /** The read-scaling flock. */
  public record ReadScaling(
      InstanceSize instanceSize, int flockSize, Optional<Integer> cooldownSeconds) {
    public ReadScaling {
      Objects.requireNonNull(instanceSize, "instanceSize");
      Objects.requireNonNull(cooldownSeconds, "cooldownSeconds");
    }
  }
}
