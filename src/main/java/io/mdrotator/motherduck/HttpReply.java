package io.mdrotator.motherduck;

import java.net.http.HttpHeaders;

/** A received HTTP reply; the body may be empty. */
record HttpReply(int status, String body, HttpHeaders headers) {
  boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  String contentType() {
    return headers.firstValue("Content-Type").orElse("");
  }
}
