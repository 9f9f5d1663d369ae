package io.mdrotator.motherduck;

import java.util.Optional;

/**
 * One logical Admin API call. {@code endpoint} is the method and path template used in error
 * messages; {@code path} is the encoded request path. {@code idempotent} calls are retried on I/O
 * errors and 429/502/503/504; the others only when the request provably was not processed.
 */
record ApiCall(
    String operation,
    String username,
    String method,
    String endpoint,
    String path,
    Optional<String> jsonBody,
    boolean idempotent) {}
