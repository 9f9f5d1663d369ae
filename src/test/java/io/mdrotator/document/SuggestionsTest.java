package io.mdrotator.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  static final List<String> SLOT_KEYS = List.of("name", "token_type", "ttl", "renewBefore", "gracePeriod", "vaultPath");

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("ttl", "ttl")).isZero();
    assertThat(Suggestions.distance("tll", "ttl")).isEqualTo(1);
    assertThat(Suggestions.distance("gracePriod", "graceperiod")).isEqualTo(2);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void aNearKeyIsSuggestedCaseInsensitively() {
    assertThat(Suggestions.closest("renewbefore", SLOT_KEYS)).contains("renewBefore");
    assertThat(Suggestions.closest("tokenType", SLOT_KEYS)).contains("token_type");
    assertThat(Suggestions.closest("nme", SLOT_KEYS)).contains("name");
  }

  @Test
  void aFarKeyGetsNoSuggestion() {
    assertThat(Suggestions.closest("owner", SLOT_KEYS)).isEmpty();
    assertThat(Suggestions.closest("schedule", SLOT_KEYS)).isEmpty();
    assertThat(Suggestions.closest("tt", SLOT_KEYS)).contains("ttl");
    assertThat(Suggestions.closest("t", SLOT_KEYS)).isEmpty();
    assertThat(Suggestions.closest("x", List.of())).isEmpty();
  }
}
