package io.mdrotator.vault;

import io.mdrotator.port.VaultPermissionDeniedException;
import io.mdrotator.port.VaultSealedException;
import io.mdrotator.port.VaultStoreException;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.rest.RestResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns driver replies and exceptions into typed {@link VaultStoreException}s. Only Vault's
 * {@code errors[]} text is kept: reply bodies and driver messages (which embed bodies) never reach
 * a message, so a secret in a reply cannot leak through an exception.
 */
final class VaultErrors {
  private static final Pattern STATUS_IN_MESSAGE = Pattern.compile("HTTP status code: (\\d{3})");
  private static final Pattern BODY_IN_MESSAGE = Pattern.compile("Response body: (\\{.*)", Pattern.DOTALL);

  private VaultErrors() {}

  /** The exception for a reply with an unexpected status. */
  static VaultStoreException fromStatus(String operation, String path, int status, String errorsText, Throwable cause) {
    if (status == 403) {
      return new VaultPermissionDeniedException(operation, path, errorsText, cause);
    }
    if (status == 503 && errorsText.contains("Vault is sealed")) {
      return new VaultSealedException(operation, path, errorsText, cause);
    }
    return new VaultStoreException(operation, path, status, errorsText, cause);
  }

  static VaultStoreException fromResponse(String operation, String path, RestResponse rest) {
    return fromStatus(operation, path, rest.getStatus(), errorsOf(rest.getBody()), null);
  }

  /** Maps a driver exception: with a status, like a reply; without, an I/O failure (status 0). */
  static VaultStoreException fromException(String operation, String path, VaultException e) {
    int status = e.getHttpStatusCode();
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (status == 0) {
      Matcher m = STATUS_IN_MESSAGE.matcher(message);
      if (m.find()) {
        status = Integer.parseInt(m.group(1));
      }
    }
    if (status > 0) {
      Matcher b = BODY_IN_MESSAGE.matcher(message);
      String errs = b.find() ? errorsOf(b.group(1).getBytes(StandardCharsets.UTF_8)) : "";
      return fromStatus(operation, path, status, errs, RedactedCause.of(e));
    }
    return noReply(operation, path, e);
  }

  /**
   * No usable reply to a request, from the driver's API or its REST layer: a passed deadline or an
   * oversize body ({@link ReplyLimitExceeded}, typed), a server certificate refused in the TLS
   * handshake ({@link VaultTlsException}), or another I/O failure (connect failure, reset,
   * interrupt; status 0). The interrupt flag is restored when the wait was interrupted.
   */
  static VaultStoreException noReply(String operation, String path, Exception e) {
    Throwable certificate = null;
    boolean handshake = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (t instanceof ReplyLimitExceeded limit) {
        return limit.toStoreException(operation, path);
      }
      handshake |= t instanceof SSLHandshakeException;
      if (t instanceof CertificateException || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException) {
        certificate = t;
      }
    }
    if (handshake && certificate != null) {
      return new VaultTlsException(operation, path, null, "TLS handshake failed, server certificate not accepted: "
          + certificate.getMessage(), RedactedCause.of(e));
    }
    return new VaultStoreException(operation, path, 0, "no reply: " + ioSummary(e), RedactedCause.of(e));
  }

  /** Vault's {@code errors[]} joined with "; ", or "" when the body has none. */
  static String errorsOf(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonValue v = Json.parse(new String(body, StandardCharsets.UTF_8));
      JsonValue errs = v.isObject() ? v.asObject().get("errors") : null;
      if (errs == null || !errs.isArray()) {
        return "";
      }
      List<String> out = new ArrayList<>();
      errs.asArray().forEach(e -> out.add(e.isString() ? e.asString().strip() : e.toString()));
      return String.join("; ", out);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Class and message of the innermost I/O cause; I/O messages carry no payload. */
  private static String ioSummary(Throwable e) {
    Throwable io = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        io = t;
      }
    }
    if (io == null) {
      return "driver error (" + e.getClass().getSimpleName() + ")";
    }
    return io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
  }

  /** A stand-in cause with the original stack trace and type but no message. */
  static final class RedactedCause extends RuntimeException {
    private RedactedCause(String type) {
      super(type + " (message redacted)");
    }

    static RedactedCause of(Throwable t) {
      RedactedCause c = new RedactedCause(t.getClass().getName());
      c.setStackTrace(t.getStackTrace());
      return c;
    }
  }
}
