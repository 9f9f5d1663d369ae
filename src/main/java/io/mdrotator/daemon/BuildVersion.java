package io.mdrotator.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The build version that Maven writes into {@code version.properties}. */
public final class BuildVersion {
  private BuildVersion() {}

  /** The project version, for example {@code 0.1.0-SNAPSHOT}; {@code unknown} outside a build. */
  public static String version() {
    try (InputStream in = BuildVersion.class.getResourceAsStream("/io/mdrotator/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
  }
}
