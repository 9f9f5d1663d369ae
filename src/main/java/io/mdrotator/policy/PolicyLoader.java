package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import io.mdrotator.document.DocumentException;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.SchemaChecker;
import io.mdrotator.document.SchemaPruner;
import io.mdrotator.document.StrictBinder;
import io.mdrotator.document.YamlDocumentReader;
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
 * Loads a policy file in one pass: a location-aware YAML tree checked against
 * {@code policy.schema.json}, then strict binding, inheritance, semantic checks and lint over the
 * tree without the values the schema rejected ({@link SchemaPruner}), so schema, semantic and
 * cross-field problems are all reported together. Only a lexical YAML error, a missing required
 * key or a malformed list item stops the semantic checks. Never throws for bad content: every
 * finding is a located {@link Problem}. Thread-safe.
 */
public final class PolicyLoader {
  public static final String SCHEMA = "/io/mdrotator/policy/policy.schema.json";
  private static final String DURATION = "a duration such as 30d, 12h, 90m, 45s or 1h30m";
  private static final SchemaChecker CHECKER = SchemaChecker.fromClasspath(SCHEMA).withHints(Map.of(
      "username", "a MotherDuck username: 3 to 255 characters, a letter first, then letters, digits or _",
      "name", "a slot name: a letter or digit, then letters, digits, _, . or -",
      "ttl", DURATION,
      "gracePeriod", DURATION,
      "renewBefore", DURATION + ", or a percentage such as 33%"));

  /*
   * Shared by every loader (both are thread-safe): callers make a new loader per load, and a new
   * binder would introspect the policy records again and a new reader build its YAML factory again.
   */
  private static final YamlDocumentReader READER = new YamlDocumentReader();
  private static final StrictBinder BINDER = new StrictBinder();

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
      doc = READER.read(text);
    } catch (DocumentException e) {
      return failed(new Problem(file, e.location().line(), e.location().column(), Severity.ERROR, e.getMessage()));
    }
    List<SchemaChecker.Finding> schema = CHECKER.findings(file, doc, Set.of());
    List<Problem> all = new ArrayList<>(schema.stream().map(SchemaChecker.Finding::problem).toList());
    LocatedDocument checkable = SchemaPruner.prune(doc, schema.stream().map(SchemaChecker.Finding::pointer).toList());
    Optional<Policy> policy = Optional.empty();
    if (schema.isEmpty() || CHECKER.findings(file, checkable, Set.of()).isEmpty()) {
      policy = semantic(file, checkable, options, all);
    }
    List<Problem> sorted = all.stream().distinct()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .toList();
    boolean ok = sorted.stream().noneMatch(Problem::isError);
    return new LoadResult(ok ? policy : Optional.empty(), sorted);
  }

  /**
   * Binding, inheritance, semantic checks and lint over a schema-clean tree (the document itself,
   * or a copy without the values schema errors are about, so one pass reports both kinds);
   * adds what it finds to {@code out}.
   */
  private Optional<Policy> semantic(Path file, LocatedDocument doc, LoadOptions options, List<Problem> out) {
    PolicyFile pf;
    try {
      pf = BINDER.bind(file, doc, PolicyFile.class);
    } catch (StrictBinder.BindingException e) {
      out.add(e.problem());
      return Optional.empty();
    }
    PolicyResolver resolver = new PolicyResolver(file, doc, options);
    Policy policy = resolver.resolve(pf);
    out.addAll(resolver.problems());
    for (Problem w : new PolicyLint(file, doc).check(pf, resolver.resolvedSlots())) {
      out.add(options.strict() ? w.asError() : w);
    }
    return Optional.of(policy);
  }

  private static LoadResult failed(Problem p) {
    return new LoadResult(Optional.empty(), List.of(p));
  }
}
