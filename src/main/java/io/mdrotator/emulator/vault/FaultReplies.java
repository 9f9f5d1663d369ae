package io.mdrotator.emulator.vault;

import com.sun.net.httpserver.HttpExchange;
import io.mdrotator.emulator.Exchanges;
import io.mdrotator.emulator.Fault;
import java.io.IOException;

/** Replies of injected faults that replace the operation, in Vault's own words. */
final class FaultReplies {
  private FaultReplies() {}

  /** Applies a fault that replaces the operation; true when the exchange is finished. */
  static boolean beforeOperation(HttpExchange ex, Fault f, VaultRequest req) throws IOException {
    switch (f.kind()) {
      case STATUS -> {
        FaultingHandler.send(ex, VaultReply.errors(f.status(), faultMessage(f.status(), req)));
        return true;
      }
      case RATE_LIMIT -> {
        ex.getResponseHeaders().set("Retry-After", Long.toString(f.retryAfter().toSeconds()));
        FaultingHandler.send(ex, VaultReply.errors(429, "request path \"" + req.path() + "\": rate limit quota exceeded"));
        return true;
      }
      case RESET -> {
        Exchanges.dropConnection(ex);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Vault's own error text for {@code status} ({@code vault-kv2-and-driver.md} 2, RespondErrorCommon). */
  private static String faultMessage(int status, VaultRequest req) {
    return switch (status) {
      case 403 -> VaultReply.multierror("permission denied");
      case 405 -> "unsupported operation";
      // logical.go: a body over max_request_size fails JSON parsing and is answered 413
      case 413 -> "error parsing JSON";
      // Enterprise namespace API lock (sys/namespaces/api-lock) [I: text not seen in the shared docs]
      case 423 -> "API access to this namespace has been locked by an administrator";
      case 412 -> "required index state not present";
      case 503 -> "Vault is sealed";
      case 429 -> "request path \"" + req.path() + "\": rate limit quota exceeded";
      default -> "internal error";
    };
  }
}
