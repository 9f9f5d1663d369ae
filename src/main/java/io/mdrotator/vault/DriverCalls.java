package io.mdrotator.vault;

import io.mdrotator.port.VaultStoreException;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.VaultResponse;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;
import io.mdrotator.port.ApiCallListener;
import java.time.Duration;

/** Runs one driver call, reports it to the {@link ApiCallListener} and maps driver exceptions. */
final class DriverCalls {
  static final String TARGET = "vault";

  /** A driver call that may throw the driver's checked exception. */
  @FunctionalInterface
  interface DriverOp<T extends VaultResponse> {
    T run() throws VaultException;
  }

  /** A request through the driver's REST layer, which throws only when no reply came. */
  @FunctionalInterface
  interface RestOp {
    RestResponse run() throws RestException;
  }

  private final ApiCallListener listener;

  DriverCalls(ApiCallListener listener) {
    this.listener = listener;
  }

  /**
   * Runs {@code op}; a reply (any status) is returned for the caller to check, an exception from
   * the driver is reported and rethrown as a {@link VaultStoreException}.
   */
  <T extends VaultResponse> T run(String operation, String path, DriverOp<T> op) {
    long start = System.nanoTime();
    try {
      T reply = op.run();
      report(operation, reply.getRestResponse() == null ? 200 : reply.getRestResponse().getStatus(), start);
      return reply;
    } catch (VaultException e) {
      VaultStoreException mapped = VaultErrors.fromException(operation, path, e);
      report(operation, mapped.status(), start);
      throw mapped;
    } catch (RuntimeException e) {
      // the driver throws unchecked exceptions on some parse failures; keep the message out
      report(operation, 0, start);
      throw new VaultStoreException(operation, path, 0, "driver failure (" + e.getClass().getSimpleName() + ")",
          VaultErrors.RedactedCause.of(e));
    }
  }

  /**
   * Sends {@code op}; a reply (any status) is returned for the caller to check, a failure to get
   * one is reported and thrown as a {@link VaultStoreException} with status 0.
   */
  RestResponse rest(String operation, String path, RestOp op) {
    long start = System.nanoTime();
    try {
      RestResponse reply = op.run();
      report(operation, reply.getStatus(), start);
      return reply;
    } catch (RestException e) {
      report(operation, 0, start);
      throw VaultErrors.noReply(operation, path, e);
    } catch (RuntimeException e) {
      report(operation, 0, start);
      throw new VaultStoreException(operation, path, 0, "driver failure (" + e.getClass().getSimpleName() + ")",
          VaultErrors.RedactedCause.of(e));
    }
  }

  private void report(String operation, int status, long startNanos) {
    try {
      listener.completed(TARGET, operation, outcome(status), Duration.ofNanos(System.nanoTime() - startNanos));
    } catch (RuntimeException ignored) {
      // a listener must never break a Vault call (its contract says it never throws)
    }
  }

  /** Outcome by HTTP status class: success, client_error, server_error, rate_limited, io_error. */
  static String outcome(int status) {
    if (status == 0) {
      return "io_error";
    }
    if (status == 429) {
      return "rate_limited";
    }
    if (status >= 500) {
      return "server_error";
    }
    return status >= 400 ? "client_error" : "success";
  }
}
