package io.mdrotator.observability;

import io.mdrotator.policy.SlotId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts {@code account}, {@code slot} and {@code rotation_id} into the MDC for a block and restores
 * the previous values on close: {@code try (var mdc = SlotMdc.of(slot, rotationId)) { ... }}.
 * Same thread only (MDC is thread-local). javac's {@code -Xlint:try} warns that {@code mdc} is
 * unused; annotate the method {@code @SuppressWarnings("try")}.
 */
public final class SlotMdc implements AutoCloseable {
  public static final String ACCOUNT = "account";
  public static final String SLOT = "slot";
  public static final String ROTATION_ID = "rotation_id";

  private final Map<String, String> previous = new HashMap<>();

  private SlotMdc(SlotId slot, String rotationId) {
    put(ACCOUNT, slot.username());
    put(SLOT, slot.slot());
    if (rotationId != null) {
      put(ROTATION_ID, rotationId);
    }
  }

  /** Slot and rotation; {@code rotationId} may be null when no rotation is running. */
  public static SlotMdc of(SlotId slot, String rotationId) {
    return new SlotMdc(slot, rotationId);
  }

  public static SlotMdc of(SlotId slot) {
    return new SlotMdc(slot, null);
  }

  private void put(String key, String value) {
    previous.put(key, MDC.get(key));
    MDC.put(key, value);
  }

  @Override
  public void close() {
    previous.forEach((k, v) -> {
      if (v == null) {
        MDC.remove(k);
      } else {
        MDC.put(k, v);
      }
    });
  }
}
