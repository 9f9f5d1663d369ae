package io.mdrotator.policy;

import java.util.Objects;

/** Identifies a token slot: a service account's username and the slot's name within it. */
public record SlotId(String username, String slot) implements Comparable<SlotId> {
  public SlotId {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(slot, "slot");
  }

  /** Parses {@code username/slot}, the form used on the command line. */
  public static SlotId parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("slot must be written username/slot, was '" + text + "'");
    }
    return new SlotId(text.substring(0, slash), text.substring(slash + 1));
  }

  /* Written out (same values as the generated ones): Policy indexes every slot on each load, and the
   * generated record methods run through method handles that C1-only JVMs (-XX:TieredStopAtLevel=1)
   * do not inline. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SlotId other && username.equals(other.username) && slot.equals(other.slot);
  }

  @Override
  public int hashCode() {
    return 31 * username.hashCode() + slot.hashCode();
  }

  @Override
  public int compareTo(SlotId o) {
    int c = username.compareTo(o.username);
    return c != 0 ? c : slot.compareTo(o.slot);
  }

  @Override
  public String toString() {
    return username + "/" + slot;
  }
}
