package io.mdrotator.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Lexical YAML errors are reported where the offending character is, in the parser's own words. */
class YamlLexicalErrorTest {
  final YamlDocumentReader reader = new YamlDocumentReader();

  @Test
  void aTabIsReportedAtItsOwnPositionWithTheParserReason() {
    String text = "version: 1\naccounts:\n  - username: etl\n    slots:\n\t- {name: rw, token_type: read_write}\n";
    assertThatThrownBy(() -> reader.read(text)).isInstanceOfSatisfying(DocumentException.class, e -> {
      assertThat(e.location()).isEqualTo(new Location(5, 1));
      assertThat(e.getMessage()).isEqualTo(
          "invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"
              + " (while scanning for the next token)");
    });
  }

  @Test
  void anUnclosedQuoteIsReportedAtItsOpeningQuoteWithTheParserReason() {
    String text = "version: 1\naccounts: \"open\n";
    assertThatThrownBy(() -> reader.read(text)).isInstanceOfSatisfying(DocumentException.class, e -> {
      assertThat(e.location()).isEqualTo(new Location(2, 11));
      assertThat(e.getMessage()).isEqualTo(
          "invalid YAML: found unexpected end of stream (while scanning a quoted scalar)");
    });
  }
}
