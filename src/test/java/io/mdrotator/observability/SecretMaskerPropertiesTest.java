package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SecretMaskerPropertiesTest {
  private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Provide
  Arbitrary<String> jwts() {
    Arbitrary<String> part = Arbitraries.strings().withChars(B64URL.toCharArray()).ofMinLength(4).ofMaxLength(60);
    return Combinators.combine(part, part, part).as((h, p, s) -> "eyJ" + h + ".eyJ" + p + "." + s);
  }

  @Provide
  Arbitrary<String> vaultTokens() {
    return Arbitraries.strings().withChars(B64URL.toCharArray()).ofMinLength(24).ofMaxLength(100).map(s -> "hvs." + s);
  }

  @Provide
  Arbitrary<String> contexts() {
    return Arbitraries.of("%s", "token=%s", "{\"token\":\"%s\"}", "Authorization: Bearer %s", "x %s y",
        "(%s)", "'%s',", "secret_id: %s\nnext", "url?client_token=%s&a=b",
        "keeping the current token: %s renew-self failed");
  }

  /** AppRole role and secret ids: UUIDs, which no whole-token pattern catches; only a key does. */
  @Provide
  Arbitrary<String> appRoleIds() {
    return Arbitraries.randomValue(r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString());
  }

  @Provide
  Arbitrary<String> keyedContexts() {
    return Arbitraries.of("secret_id=%s", "secret_id: %s", "{\"secret_id\":\"%s\"}", "secret_id: %s renew failed",
        "keeping the current token: %s renew-self failed", "password: %s and more");
  }

  /** Plain words, as prose has them: lower case, the first letter possibly a capital. */
  @Provide
  Arbitrary<String> words() {
    Arbitrary<String> lower = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(19);
    Arbitrary<Character> first = Arbitraries.chars().range('A', 'Z');
    return Arbitraries.oneOf(lower, Combinators.combine(first, lower).as((c, w) -> c + w));
  }

  @Property(tries = 300)
  void jwtsNeverSurvive(@ForAll("jwts") String jwt, @ForAll("contexts") String context) {
    String masked = SecretMasker.mask(context.formatted(jwt));
    LeakCanary.watching(jwt).assertNoLeak("masked", masked);
    assertThat(SecretMasker.mask(masked)).isEqualTo(masked);
  }

  @Property(tries = 300)
  void vaultTokensNeverSurvive(@ForAll("vaultTokens") String token, @ForAll("contexts") String context) {
    String masked = SecretMasker.mask(context.formatted(token));
    LeakCanary.watching(token).assertNoLeak("masked", masked);
    assertThat(SecretMasker.mask(masked)).isEqualTo(masked);
  }

  @Property(tries = 300)
  void appRoleIdsAfterAKeyNeverSurvive(@ForAll("appRoleIds") String id, @ForAll("keyedContexts") String context) {
    String masked = SecretMasker.mask(context.formatted(id));
    LeakCanary.watching(id).assertNoLeak("masked", masked);
    assertThat(SecretMasker.mask(masked)).isEqualTo(masked);
  }

  /** A sentence that goes on after "token: " is not a credential: the word after it stays. */
  @Property(tries = 300)
  void proseAfterTokenColonSurvives(@ForAll("words") String word) {
    String line = "Vault token renewal failed (auth approle); keeping the current token: " + word + " renew-self failed";
    assertThat(SecretMasker.mask(line)).isEqualTo(line);
  }
}
