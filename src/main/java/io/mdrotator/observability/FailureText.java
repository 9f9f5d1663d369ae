package io.mdrotator.observability;

import io.mdrotator.rotation.RotationFailedException;
import java.util.Optional;

/**
 * A failure as one line for logs and audit events: the top exception and its causes, each as class
 * and masked message, so the server's reason (HTTP status, MotherDuck {@code code}, {@code message},
 * {@code issues}) and the I/O cause stay visible behind the step that failed. Pure, thread-safe.
 */
final class FailureText {
  static final String CAUSED_BY = "; caused by ";
  private static final int MAX_DEPTH = 8;

  private FailureText() {}

  /**
   * {@code RotationFailedException: ... failed at mint: create-token outcome unknown (cause: ...);
   * caused by MotherDuckIoException: ...; caused by IOException: connection reset}, at most {@value
   * #MAX_DEPTH} exceptions. A cause whose text its wrapper's message already holds (a wrapper built
   * with {@code new X(cause)}, or one quoting its cause as RotationFailedException does) is left
   * out; its own causes are not.
   */
  static String chain(Throwable failure) {
    StringBuilder out = new StringBuilder();
    String previous = null;
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      String message = t.getMessage();
      if (previous == null || !repeats(previous, t)) {
        out.append(depth == 0 ? "" : CAUSED_BY).append(t.getClass().getSimpleName());
        if (message != null && !message.isBlank()) {
          out.append(": ").append(SecretMasker.mask(message));
        }
      }
      previous = message;
    }
    return out.toString();
  }

  private static boolean repeats(String wrapperMessage, Throwable cause) {
    String message = cause.getMessage();
    return wrapperMessage.contains(cause.toString())
        || (message != null && !message.isBlank() && wrapperMessage.contains(message));
  }

  /** The rotation step that failed ({@code mint}, {@code store}, ...), when the chain names one. */
  static Optional<String> step(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof RotationFailedException r) {
        return Optional.of(r.step());
      }
    }
    return Optional.empty();
  }
}
