package io.mdrotator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.demo.DemoEnvironment;
import io.mdrotator.testing.ChildJvm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} with its metrics port taken: one error line naming the key and the address, exit 2, no trace. */
class MetricsPortTakenTest {
  @Test
  void aTakenMetricsPortIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    try (DemoEnvironment env = DemoEnvironment.start(0)) {
      Path config = env.configFile();
      Matcher m = Pattern.compile("listen: 127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(config));
      assertThat(m.find()).as("the demo config sets metrics.listen").isTrue();
      int port = Integer.parseInt(m.group(1));
      try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = ChildJvm.of("256m", Main.class.getName(), "run", "--config", config.toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("run exits on its own").isTrue();
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as(stderr).isEqualTo(2);
        // stderr also carries the log lines written before the listener was bound (the audit
        // record of the invocation, lint warnings); the error itself is one line, and the last
        List<String> lines = stderr.lines().toList();
        assertThat(lines).as(stderr).last().isEqualTo("metrics.listen 127.0.0.1:" + port + ": address already in use");
        assertThat(lines).as(stderr).filteredOn(l -> l.contains("metrics.listen")).hasSize(1);
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(out)).isEmpty();
      }
    }
  }
}
