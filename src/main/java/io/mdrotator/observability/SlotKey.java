package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import java.util.Objects;

/** A slot as metrics label it: its id and token type wire name ({@code read_write}, ...). */
public record SlotKey(SlotId slot, String tokenType) {
  public SlotKey {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(tokenType, "tokenType");
  }
}
