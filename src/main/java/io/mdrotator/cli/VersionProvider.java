package io.mdrotator.cli;

import io.mdrotator.daemon.BuildVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code md-rotator --version}: the build version. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"md-rotator " + BuildVersion.version()};
  }
}
