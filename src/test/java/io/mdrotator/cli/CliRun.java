package io.mdrotator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line with stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Both streams, for leak checks and failure messages. */
  String all() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
