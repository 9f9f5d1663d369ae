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

  record Field(String text, String pointer) {
    boolean isBuiltIn() {
      return pointer == null;
    }
  }

  String tokenTypePointer() {
    return pointer + "/token_type";
  }

  String namePointer() {
    return pointer + "/name";
  }
}
