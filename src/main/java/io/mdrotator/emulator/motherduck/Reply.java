package io.mdrotator.emulator.motherduck;

import java.util.Map;

/** An HTTP reply the emulator will send. */
record Reply(int status, String contentType, String body, Map<String, String> headers) {
  static final String JSON = "application/json";

  static Reply json(int status, String body) {
    return new Reply(status, JSON, body, Map.of());
  }

  static Reply text(int status, String body) {
    return new Reply(status, "text/plain", body, Map.of());
  }
}
