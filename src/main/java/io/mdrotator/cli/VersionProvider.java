package io.mdrotator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the build version that Maven writes into {@code version.properties}. */
public final class VersionProvider implements IVersionProvider {
  /** The project version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("/io/mdrotator/version.properties")) {
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

  @Override
  public String[] getVersion() {
    return new String[] {"md-rotator " + version()};
  }
}
