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
        "(%s)", "'%s',", "secret_id: %s\nnext", "url?client_token=%s&a=b");
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
}
