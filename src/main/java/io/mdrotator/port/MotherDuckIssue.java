package io.mdrotator.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of a MotherDuck error body's {@code issues} (MotherDuck's error format): the zod issue
 * {@code code} when sent, its {@code message} and the {@code path} of the offending request field
 * (e.g. {@code ["config", "read_scaling", "flock_size"]}; empty for issues not about a field).
 * Text is already scrubbed of secrets by the decoder.
 */
public record MotherDuckIssue(Optional<String> code, String message, List<String> path) {
  public MotherDuckIssue {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    path = List.copyOf(path);
  }

  /** An issue without code or path, as the spec's minimal schema ({@code {"message": ...}}). */
  public static MotherDuckIssue of(String message) {
    return new MotherDuckIssue(Optional.empty(), message, List.of());
  }

  /** The path joined with '.', e.g. {@code config.read_scaling.flock_size}; empty when none. */
  public String field() {
    return String.join(".", path);
  }

  /** {@code ttl: Number must be greater than or equal to 300}, or the bare message without a path. */
  public String render() {
    return path.isEmpty() ? message : field() + ": " + message;
  }
}
