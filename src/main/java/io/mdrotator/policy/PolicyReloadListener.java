package io.mdrotator.policy;

import io.mdrotator.document.Problem;
import java.util.List;

/** Told about every reload attempt of the policy file; called on the reloader's thread. */
public interface PolicyReloadListener {
  /** A valid policy was swapped in. */
  void applied(Policy previous, Policy next, PolicyDiff diff);

  /** The file was invalid and ignored; the previous policy stays in force. */
  void rejected(List<Problem> problems);
}
