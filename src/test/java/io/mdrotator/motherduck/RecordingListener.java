package io.mdrotator.motherduck;

import io.mdrotator.port.ApiCallListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects listener calls as "target operation outcome" strings. */
final class RecordingListener implements ApiCallListener {
  final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public void completed(String target, String operation, String outcome, Duration elapsed) {
    if (elapsed.isNegative()) {
      throw new AssertionError("negative elapsed");
    }
    calls.add(target + " " + operation + " " + outcome);
  }
}
