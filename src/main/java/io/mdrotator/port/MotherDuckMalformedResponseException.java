package io.mdrotator.port;

import java.util.List;

/**
 * A reply whose body is not the JSON the endpoint documents. Names the endpoint and what was wrong,
 * never the body itself (it may hold a secret).
 */
public class MotherDuckMalformedResponseException extends MotherDuckApiException {
  private final String endpoint;

  public MotherDuckMalformedResponseException(
      String operation, String username, int status, String endpoint, String problem) {
    super(
        operation,
        username,
        status,
        null,
        "malformed reply from " + endpoint + ": " + problem,
        List.of(),
        null);
    this.endpoint = endpoint;
  }

  /** Method and path template, e.g. {@code POST /v1/users/{username}/tokens}. */
  public String endpoint() {
    return endpoint;
  }
}
