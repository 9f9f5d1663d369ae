package io.mdrotator.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates the Quartz tables if missing and seeds the QRTZ_LOCKS rows, in one transaction under a
 * transaction-scoped advisory lock, so any number of nodes may start at once on an empty database.
 */
public final class QuartzSchema {
  static final String RESOURCE = "quartz-postgres.sql";
  /** Arbitrary constant advisory-lock key ("mdrotqtz"); shared by all md-rotator nodes. */
  static final long ADVISORY_KEY = 0x6d64726f74717a7aL;
  static final List<String> LOCKS = List.of("TRIGGER_ACCESS", "STATE_ACCESS");

  private QuartzSchema() {}

  /** Idempotent: safe on an empty database, an initialised one, and concurrently. */
  public static void ensure(DataSource ds, String tablePrefix, String schedulerName) throws SQLException {
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_KEY + ")");
          for (String ddl : statements(tablePrefix)) {
            if (missing(c, objectName(ddl))) {
              s.execute(ddl);
            }
          }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + tablePrefix
            + "LOCKS (SCHED_NAME, LOCK_NAME) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
          for (String lock : LOCKS) {
            p.setString(1, schedulerName);
            p.setString(2, lock);
            p.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  /**
   * Even with IF NOT EXISTS, CREATE INDEX first takes a SHARE lock on its table, which deadlocks
   * with the row locks of nodes already running; so existing objects are not touched at all.
   */
  private static boolean missing(Connection c, String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
      p.setString(1, name);
      try (java.sql.ResultSet r = p.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  /** The table or index a {@code CREATE ... IF NOT EXISTS <name>} statement creates. */
  static String objectName(String ddl) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("^CREATE (?:TABLE|INDEX) IF NOT EXISTS (\\w+)").matcher(ddl);
    if (!m.find()) {
      throw new IllegalStateException("unexpected statement in " + RESOURCE + ": " + ddl.lines().findFirst().orElse(""));
    }
    return m.group(1);
  }

  static List<String> statements(String tablePrefix) {
    String sql;
    try (InputStream in = QuartzSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String body = Arrays.stream(sql.split("\n")).filter(l -> !l.startsWith("--"))
        .reduce("", (a, b) -> a + b + "\n");
    return Arrays.stream(body.replace("{prefix}", tablePrefix).split(";"))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
