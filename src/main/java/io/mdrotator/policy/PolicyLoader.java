package io.mdrotator.policy;

import io.mdrotator.policy.document.DocumentException;
import io.mdrotator.policy.document.LocatedDocument;
import io.mdrotator.policy.document.SchemaChecker;
import io.mdrotator.policy.document.StrictBinder;
import io.mdrotator.policy.document.YamlDocumentReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a policy file in two phases: a location-aware YAML tree checked against
 * {@code policy.schema.json}, then strict binding, inheritance, semantic checks and lint. Never
 * throws for bad content: every finding is a located {@link Problem}. Thread-safe.
 */
public final class PolicyLoader {
  public static final String SCHEMA = "/io/mdrotator/policy/policy.schema.json";
  private static final String DURATION = "a duration such as 30d, 12h, 90m, 45s or 1h30m";
  private static final SchemaChecker CHECKER = SchemaChecker.fromClasspath(SCHEMA).withHints(Map.of(
      "username", "a MotherDuck username: a letter, then letters, digits or _",
      "name", "a slot name: a letter or digit, then letters, digits, _, . or -",
      "ttl", DURATION,
      "gracePeriod", DURATION,
      "renewBefore", DURATION + ", or a percentage such as 33%"));

  private final YamlDocumentReader reader = new YamlDocumentReader();
  private final StrictBinder binder = new StrictBinder();

  /** Reads and loads {@code file}; an unreadable file is a problem at 1:1. */
  public LoadResult load(Path file, LoadOptions options) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return failed(new Problem(file, 1, 1, Severity.ERROR, "cannot read policy file: " + e));
    }
    return load(file, bytes, options);
  }

  /** For start-up: the policy, or an exception listing every error (warnings are not thrown). */
  public Policy loadOrThrow(Path file, LoadOptions options) throws PolicyException {
    LoadResult r = load(file, options);
    if (r.policy().isEmpty()) {
      throw new PolicyException(r.errors());
    }
    return r.policy().get();
  }

  /** Loads policy content; {@code file} is only used in problem locations. */
  public LoadResult load(Path file, byte[] content, LoadOptions options) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      return failed(new Problem(file, 1, 1, Severity.ERROR, "policy file is not valid UTF-8"));
    }
    return load(file, text, options);
  }

  public LoadResult load(Path file, String text, LoadOptions options) {
    LocatedDocument doc;
    try {
      doc = reader.read(text);
    } catch (DocumentException e) {
      return failed(new Problem(file, e.location().line(), e.location().column(), Severity.ERROR, e.getMessage()));
    }
    List<Problem> schemaErrors = CHECKER.check(file, doc, Set.of());
    if (!schemaErrors.isEmpty()) {
      return new LoadResult(Optional.empty(), schemaErrors);
    }
    PolicyFile pf;
    try {
      pf = binder.bind(file, doc, PolicyFile.class);
    } catch (StrictBinder.BindingException e) {
      return failed(e.problem());
    }
    PolicyResolver resolver = new PolicyResolver(file, doc, options);
    Policy policy = resolver.resolve(pf);
    List<Problem> all = new ArrayList<>(resolver.problems());
    for (Problem w : new PolicyLint(file, doc).check(pf, resolver.resolvedSlots())) {
      all.add(options.strict() ? w.asError() : w);
    }
    List<Problem> sorted = all.stream().distinct()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .toList();
    boolean ok = sorted.stream().noneMatch(Problem::isError);
    return new LoadResult(ok ? Optional.of(policy) : Optional.empty(), sorted);
  }

  private static LoadResult failed(Problem p) {
    return new LoadResult(Optional.empty(), List.of(p));
  }
}
