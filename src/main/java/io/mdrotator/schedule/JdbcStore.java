package io.mdrotator.schedule;

import io.mdrotator.secret.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the clustered Quartz job store lives: a PostgreSQL database shared by every md-rotator node.
 *
 * @param url JDBC URL ({@code jdbc:postgresql://...})
 * @param user database user, empty for the driver's default
 * @param password database password, empty when the URL or the environment authenticates
 * @param tablePrefix prefix of the Quartz tables (letters, digits, underscore)
 * @param instanceId Quartz instance id; {@code AUTO} (host name + start time) in production
 * @param clusterCheckin how often a node checks in; a dead node's runs are recovered within
 *     {@link #failoverBound()}
 */
public record JdbcStore(
    String url,
    Optional<String> user,
    Optional<Secret> password,
    String tablePrefix,
    String instanceId,
    Duration clusterCheckin) {
  public static final String AUTO = "AUTO";
  public static final Duration DEFAULT_CHECKIN = Duration.ofSeconds(15);
  /** Quartz adds this fixed grace to the check-in interval before declaring a node dead. */
  static final Duration QUARTZ_GRACE = Duration.ofMillis(7500);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,30}");

  public JdbcStore {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(clusterCheckin, "clusterCheckin");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("scheduler.jdbc.url must be a jdbc:postgresql: URL");
    }
    if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
      throw new IllegalArgumentException(
          "scheduler.jdbc.tablePrefix must match " + PREFIX.pattern() + ", was " + tablePrefix);
    }
    if (clusterCheckin.compareTo(Duration.ofMillis(500)) < 0) {
      throw new IllegalArgumentException("clusterCheckin must be at least 500ms, was " + clusterCheckin);
    }
  }

  /** Production defaults: AUTO instance id, 15 s check-in. */
  public static JdbcStore of(String url, Optional<String> user, Optional<Secret> password, String tablePrefix) {
    return new JdbcStore(url, user, password, tablePrefix, AUTO, DEFAULT_CHECKIN);
  }

  /**
   * Worst case from a node's death until another node recovers its in-flight run: the dead node's
   * last check-in can be one interval old, Quartz waits interval + 7.5 s, and the survivor only
   * looks once per interval: 2 x interval + 7.5 s (37.5 s with the default 15 s).
   */
  public Duration failoverBound() {
    return clusterCheckin.multipliedBy(2).plus(QUARTZ_GRACE);
  }
}
