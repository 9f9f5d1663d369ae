package io.mdrotator.policy;

import io.mdrotator.document.DocumentException;
import io.mdrotator.document.Location;
import io.mdrotator.document.LocatedDocument;
import io.mdrotator.document.Problem;
import io.mdrotator.document.Severity;
import io.mdrotator.document.YamlDocumentReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Slots a policy change removes without having retired them first. Removing a slot only stops
 * managing it: its tokens stay valid until they expire and its Vault secret and state document
 * stay behind. md-rotator cannot tell a removal from a policy alone, so the check compares two
 * versions: {@code validate --previous FILE} (the policy before the change, e.g. from git) and the
 * daemon's reload (the policy in force against the new one). A slot the previous policy already
 * retired may be removed without warning: that is the last step of a retirement.
 */
public final class RemovedSlots {
  private RemovedSlots() {}

  /** Slots of {@code previous} that {@code next} lacks and {@code previous} did not retire, sorted. */
  public static List<SlotId> unretired(Policy previous, Policy next) {
    return PolicyDiff.between(previous, next).removed().stream()
        .filter(id -> previous.slot(id).map(s -> !s.retired()).orElse(false))
        .toList();
  }

  /** The advice for one removed slot (log lines and validate warnings share it). */
  public static String advice(SlotId id) {
    return "slot " + id + " is removed without being retired: md-rotator stops managing it, its tokens"
        + " stay valid until they expire and its Vault secret and state stay behind; set retire: true"
        + " on it first and remove it once `md-rotator plan` shows it retired";
  }

  /**
   * One warning per unretired removed slot, located at the slot's {@code name} in the previous
   * file ({@code previousText}, which loaded as {@code previous}); 1:1 when it cannot be located.
   */
  public static List<Problem> warnings(Path previousFile, String previousText, Policy previous, Policy next) {
    LocatedDocument doc = null;
    try {
      doc = new YamlDocumentReader().read(previousText);
    } catch (DocumentException e) {
      // it loaded as a policy, so this does not happen; the warnings then point at 1:1
    }
    List<Problem> out = new ArrayList<>();
    for (SlotId id : unretired(previous, next)) {
      Location at = doc == null ? null : doc.valueAt(pointer(previous, id));
      out.add(new Problem(previousFile, at == null ? 1 : at.line(), at == null ? 1 : at.column(),
          Severity.WARNING, advice(id)));
    }
    return out;
  }

  /** The JSON pointer of the slot's name in the file {@code policy} was loaded from (same order). */
  private static String pointer(Policy policy, SlotId id) {
    List<AccountPolicy> accounts = policy.accounts();
    for (int i = 0; i < accounts.size(); i++) {
      List<SlotPolicy> slots = accounts.get(i).slots();
      for (int j = 0; j < slots.size(); j++) {
        if (slots.get(j).id().equals(id)) {
          return "/accounts/" + i + "/slots/" + j + "/name";
        }
      }
    }
    return "";
  }
}
