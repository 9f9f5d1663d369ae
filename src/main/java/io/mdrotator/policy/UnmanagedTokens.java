package io.mdrotator.policy;

/** What to do with tokens on an account that md-rotator did not mint. */
public enum UnmanagedTokens {
  /** Count and report them (metric, plan output); never touch them. The default. */
  REPORT,
  /** Revoke them. Only when the policy says so explicitly. */
  REVOKE
}
