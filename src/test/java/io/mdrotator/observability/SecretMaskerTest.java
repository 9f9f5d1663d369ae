package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretMaskerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "created eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln for x | created **** for x",
      "vault hvs.CAESIJlU9xWr3dM0aYhZ7eKqN5p4hR4 ok | vault **** ok",
      "legacy s.Abcdefghijklmnopqrstuvwx end | legacy **** end",
      "url ?token=abc123&x=1 | url ?token=****&x=1",
      "json {\"secret_id\":\"0f1e2d3c\"} | json {\"secret_id\":\"****\"}",
      "escaped {\\\"token\\\":\\\"abc\\\"} | escaped {\\\"token\\\":\\\"****\\\"}",
      "hdr Authorization: Bearer abc.def.ghi | hdr Authorization: Bearer ****",
      "hdr2 bearer ABCDEFGH | hdr2 bearer ****",
      "hdr3 Authorization: Basic dXNlcjpwYXNz | hdr3 Authorization: Basic ****",
      "Password = hunter2; next | Password = ****; next",
      // "key: " then prose is left alone only for a plain word going on into a sentence:
      "current token: abc123 renewed | current token: **** renewed",
      "secret_id: abcdef | secret_id: ****",
      "token: Vault, then | token: ****, then",
      "password: hunter and more | password: **** and more",
      "token=Vault next | token=**** next",
      "json {\"token\": \"Vault more\"} | json {\"token\": \"**** more\"}",
      "keeping the current token: hvs.CAESIJlU9xWr3dM0aYhZ7eKqN5p4hR4 renew | keeping the current token: **** renew",
  })
  void masks(String in, String out) {
    assertThat(SecretMasker.mask(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "token_id=tok-123 revoked",
      "tokens: 3 live",
      "token_type=read_write",
      "rotation_id=r-0001 slot=primary",
      "eyJ alone is fine",
      "sha s.short",
      "Vault token renewal failed (auth approle); keeping the current token: Vault renew-self failed: HTTP 503",
      "Vault re-login failed (auth approle); keeping the current token: Vault is sealed",
  })
  void leavesNonSecretsAlone(String in) {
    assertThat(SecretMasker.mask(in)).isEqualTo(in);
  }
}
