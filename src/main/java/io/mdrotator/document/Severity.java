package io.mdrotator.document;

/** How bad a {@link Problem} is: errors reject a file, warnings are lint (errors with --strict). */
public enum Severity {
  ERROR,
  WARNING
}
