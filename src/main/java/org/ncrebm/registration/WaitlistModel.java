package org.ncrebm.registration;

import org.ncrebm.platform.Times;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The overview page's waiting-list section: the lists joined with places and offers, and the lists one may join. */
final class WaitlistModel {
  private WaitlistModel() {
  }

  /** {@code offered}: the overview's subject rows (code, name, remaining, held). */
  static Map<String, Object> of(List<WaitingLists.Entry> entries, List<Map<String, Object>> offered, Registration r,
                                boolean windowOpen) {
    Map<String, String> names = new HashMap<>();
    offered.forEach(s -> names.put((String) s.get("code"), (String) s.get("name")));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (WaitingLists.Entry e : entries) {
      Map<String, Object> row = new HashMap<>();
      row.put("subject", e.subject());
      row.put("name", names.getOrDefault(e.subject(), ""));
      row.put("state", e.state());
      if (e.position() != null) row.put("position", e.position());
      if (e.offerExpiresAt() != null) row.put("expiresAt", Times.display(e.offerExpiresAt()));
      rows.add(row);
    }
    List<Map<String, Object>> joinable = new ArrayList<>();
    boolean canJoin = r.status().editable() && windowOpen && entries.size() < WaitingLists.MAX_LISTS;
    for (Map<String, Object> s : offered) {
      boolean listed = entries.stream().anyMatch(e -> e.subject().equals(s.get("code")));
      if (canJoin && !listed && !(Boolean) s.get("held") && ((Number) s.get("remaining")).intValue() == 0) {
        joinable.add(s);
      }
    }
    return Map.of("entries", rows, "joinable", joinable, "canAccept", r.status().editable());
  }
}
