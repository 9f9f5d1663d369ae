package io.mdrotator.cli;

import io.mdrotator.rotation.PlannedAction;
import io.mdrotator.rotation.PlannedAction.CancelRetirement;
import io.mdrotator.rotation.PlannedAction.CompleteIntent;
import io.mdrotator.rotation.PlannedAction.DeleteSecret;
import io.mdrotator.rotation.PlannedAction.DeleteState;
import io.mdrotator.rotation.PlannedAction.RecordRetirement;
import io.mdrotator.rotation.PlannedAction.RevokeRetired;
import io.mdrotator.rotation.PlannedAction.DropIntent;
import io.mdrotator.rotation.PlannedAction.ForgetSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeOrphan;
import io.mdrotator.rotation.PlannedAction.RevokeSuperseded;
import io.mdrotator.rotation.PlannedAction.RevokeUnmanaged;
import io.mdrotator.rotation.PlannedAction.Rotate;
import io.mdrotator.rotation.SlotReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stable form of a slot's due actions in {@code plan}'s output (documented in
 * docs/operations.md): each is an object with a snake_case {@code action} and its fields, in the
 * order a run performs them; account-level steps ({@code create_account}, {@code set_ducklings})
 * come first.
 */
final class DueActions {
  private DueActions() {}

  static List<Map<String, Object>> of(SlotReport r) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (r.createAccount()) {
      out.add(action("create_account"));
    }
    if (r.setDucklings()) {
      out.add(action("set_ducklings"));
    }
    r.dueNow().forEach(a -> out.add(of(a)));
    return out;
  }

  static Map<String, Object> of(PlannedAction a) {
    if (a instanceof Rotate r) {
      return action("rotate", "reason", r.reason().label());
    }
    if (a instanceof CompleteIntent c) {
      Map<String, Object> m = action("complete_intent", "rotation_id", c.rotationId());
      m.put("token_id", c.tokenId());
      return m;
    }
    if (a instanceof DropIntent d) {
      return action("drop_intent", "rotation_id", d.rotationId());
    }
    if (a instanceof RevokeSuperseded s) {
      return action("revoke_superseded", "token_id", s.tokenId());
    }
    if (a instanceof ForgetSuperseded f) {
      return action("forget_superseded", "token_id", f.tokenId());
    }
    if (a instanceof RevokeOrphan o) {
      return action("revoke_orphan", "token_id", o.tokenId());
    }
    if (a instanceof RevokeUnmanaged u) {
      return action("revoke_unmanaged", "token_id", u.tokenId());
    }
    if (a instanceof RecordRetirement r) {
      Map<String, Object> m = action("record_retirement", "recorded_at", r.recordedAt().toString());
      m.put("revoke_after", r.revokeAfter().toString());
      return m;
    }
    if (a instanceof CancelRetirement) {
      return action("cancel_retirement");
    }
    if (a instanceof RevokeRetired r) {
      return action("revoke_retired", "token_id", r.tokenId());
    }
    if (a instanceof DeleteSecret d) {
      return action(d.destroy() ? "destroy_secret" : "delete_secret");
    }
    if (a instanceof DeleteState) {
      return action("delete_state");
    }
    throw new IllegalArgumentException("not a due action: " + a.getClass().getSimpleName());
  }

  private static Map<String, Object> action(String name, String... fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", name);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      m.put(fields[i], fields[i + 1]);
    }
    return m;
  }
}
