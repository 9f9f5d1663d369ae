package io.mdrotator.rotation;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.VaultStoreException;
import java.util.function.UnaryOperator;

/** Reads and check-and-set-updates state documents; a lost CAS race re-reads and re-applies. */
final class StateStore {
  static final int MAX_CAS_ATTEMPTS = 8;
  private final KvStore kv;

  StateStore(KvStore kv) {
    this.kv = kv;
  }

  SlotState read(String path) {
    return kv.readLatest(path)
        .map(v -> StateCodec.decode(path, v.version(), v.data()))
        .orElseGet(() -> SlotState.EMPTY.atVersion(currentVersion(path)));
  }

  /** Applies {@code change} to the latest document until a CAS write succeeds; returns the result. */
  SlotState update(String path, UnaryOperator<SlotState> change) {
    return update(path, null, change);
  }

  /**
   * As {@link #update(String, UnaryOperator)}, but the first attempt applies {@code change} to
   * {@code base}, the document as last read or written (its version is the CAS base), instead of
   * reading it again. A stale base only costs a CAS conflict, after which the document is re-read:
   * check-and-set, not the base, is what keeps concurrent writers apart.
   */
  SlotState update(String path, SlotState base, UnaryOperator<SlotState> change) {
    for (int attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      SlotState current = attempt == 1 && base != null ? base : read(path);
      SlotState next = change.apply(current);
      if (next.equals(current)) {
        return current;
      }
      CasResult r;
      try {
        r = kv.writeCas(path, StateCodec.encode(next), current.version());
      } catch (VaultStoreException e) {
        return landedAnyway(path, next, e);
      }
      if (r instanceof CasResult.Written w) {
        return next.atVersion(w.version());
      }
    }
    throw new IllegalStateException(
        "state document '" + path + "' kept changing: " + MAX_CAS_ATTEMPTS + " CAS conflicts in a row");
  }

  /** A write whose reply was lost is resolved by re-reading, never by writing again blindly. */
  private SlotState landedAnyway(String path, SlotState next, VaultStoreException e) {
    SlotState now;
    try {
      now = read(path);
    } catch (RuntimeException again) {
      e.addSuppressed(again);
      throw e;
    }
    if (now.intents().equals(next.intents()) && now.superseded().equals(next.superseded())
        && now.retirement().equals(next.retirement())) {
      return now;
    }
    throw e;
  }

  private long currentVersion(String path) {
    return kv.readMetadata(path).map(m -> m.currentVersion()).orElse(0L);
  }
}
