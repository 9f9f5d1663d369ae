package io.mdrotator.emulator.motherduck;

import java.util.Map;

/** An HTTP reply the emulator will send. */
record ApiReply(int status, String contentType, String body, Map<String, String> headers) {
  static final String JSON = "application/json";

  static ApiReply json(int status, String body) {
    return new ApiReply(status, JSON, body, Map.of());
  }

  static ApiReply text(int status, String body) {
    return new ApiReply(status, "text/plain", body, Map.of());
  }
}
