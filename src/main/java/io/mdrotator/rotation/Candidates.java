package io.mdrotator.rotation;

import io.mdrotator.policy.TokenType;
import io.mdrotator.port.TokenInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which listed token a hand-made secret is, for {@link Adoption}: the token with the given id, the
 * only token with the given name, or without either the only token of the slot's type that
 * md-rotator did not mint. Tokens md-rotator minted and tokens another slot serves never qualify.
 * {@code problem} says why none was chosen, listing the candidates by id, name and creation time.
 */
record Candidates(Optional<TokenInfo> token, String problem) {

  static Candidates of(List<TokenInfo> tokens, Set<String> servedElsewhere, TokenType type, Adoption.Identify identify) {
    List<TokenInfo> eligible = tokens.stream()
        .filter(t -> TokenNames.parse(t.name()).isEmpty() && !servedElsewhere.contains(t.id()))
        .sorted(Comparator.comparing(TokenInfo::createdAt)).toList();
    if (identify.tokenId().isPresent()) {
      String id = identify.tokenId().get();
      return one(eligible.stream().filter(t -> t.id().equals(id)).toList(),
          "no token with id " + id + " that md-rotator may adopt (listed, not minted by md-rotator, served by no other slot)",
          eligible);
    }
    if (identify.tokenName().isPresent()) {
      String name = identify.tokenName().get();
      return one(eligible.stream().filter(t -> t.name().equals(name)).toList(),
          "token name '" + name + "'", eligible);
    }
    return one(eligible.stream().filter(t -> t.type() == type).toList(),
        "hand-made " + type.wire() + " token", eligible);
  }

  private static Candidates one(List<TokenInfo> matching, String what, List<TokenInfo> eligible) {
    if (matching.size() == 1) {
      return new Candidates(Optional.of(matching.get(0)), "");
    }
    String qualifier = matching.isEmpty() ? "no " : matching.size() + " tokens match: ";
    String listed = (matching.isEmpty() ? eligible : matching).stream()
        .map(t -> t.id() + " '" + t.name() + "' " + t.type().wire() + " created " + t.createdAt())
        .collect(Collectors.joining("; "));
    String problem = (matching.isEmpty() && what.startsWith("no ") ? what : qualifier + what)
        + "; name it with --token-id" + (listed.isEmpty() ? " (the account has no hand-made token)" : " among: " + listed);
    return new Candidates(Optional.empty(), problem);
  }
}
