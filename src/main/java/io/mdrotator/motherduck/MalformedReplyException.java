package io.mdrotator.motherduck;

/** Internal signal from {@link WireFormat}: the reply body does not match the documented shape. */
final class MalformedReplyException extends RuntimeException {
  MalformedReplyException(String problem) {
    super(problem, null, false, false);
  }
}
