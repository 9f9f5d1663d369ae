package io.mdrotator.cli;

import io.mdrotator.policy.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Command-line durations as in the files ({@code 30s}, {@code 1h30m}), ISO-8601 too ({@code PT30S}). */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value);
  }
}
