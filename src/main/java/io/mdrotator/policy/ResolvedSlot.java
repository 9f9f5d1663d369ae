package io.mdrotator.policy;

/**
 * A slot after inheritance, remembering where each effective value was written so lint can point
 * at it. A {@link Field} pointer is null for a built-in default.
 */
record ResolvedSlot(
    SlotPolicy policy,
    String pointer,
    Field ttl,
    Field renewBefore,
    Field gracePeriod,
    Field vaultPath) {

  /**
   * An effective value and where it is written: the key {@code key} of the mapping at {@code
   * owner}; {@code owner} is null for a built-in default. The pointer is joined only when asked
   * (a problem or a warning), not for every field of every slot.
   */
  record Field(String text, String owner, String key) {
    static Field builtIn(String text) {
      return new Field(text, null, null);
    }

    boolean isBuiltIn() {
      return owner == null;
    }

    /** The JSON Pointer of the value; null for a built-in default. */
    String pointer() {
      return owner == null ? null : owner + "/" + key;
    }
  }

  String tokenTypePointer() {
    return pointer + "/token_type";
  }

  String namePointer() {
    return pointer + "/name";
  }
}
