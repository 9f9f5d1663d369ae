package io.mdrotator.tools.probe;

import java.util.List;

/**
 * What a probe saw so far. {@code reads} counts slot reads; {@code emptyReads} those where Vault
 * served nothing yet (before a slot's first store: not a violation); {@code violations} is every
 * failing read, oldest first, capped at {@link ConsumerProbe#KEPT_VIOLATIONS} while {@code
 * violationCount} keeps counting.
 */
public record ProbeFigures(long reads, long emptyReads, long violationCount, List<ProbeViolation> violations) {
  public ProbeFigures {
    violations = List.copyOf(violations);
  }

  public boolean clean() {
    return violationCount == 0;
  }
}
