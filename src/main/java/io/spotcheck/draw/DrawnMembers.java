package io.spotcheck.draw;

import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Utf8;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Which members of its snapshot a version 2 draw selected, told member by member from the member's
 * rank, without holding the drawn list. A stratum's members taken for the stratum are exactly its
 * {@code quota} eligible members lowest in (rank, key) order, so a member of the stratum was taken
 * for it exactly when it is eligible and not above the highest of them, its <em>cut</em>; the members
 * taken for a jurisdiction minimum are few (at most the minimum per jurisdiction) and are kept by key.
 * What this holds is one cut per stratum and the top-ups, whatever the number drawn: a substitution
 * and its verification walk the snapshot asking "drawn?" of every member of a basis, which a set of
 * every drawn key answered at the cost of the whole drawn list in memory.
 *
 * <p>Exclusion is not decided here: an excluded member below a cut was not drawn, so callers ask
 * whether a member is excluded before asking whether it was drawn.
 */
final class DrawnMembers {

    /** The (rank, key) of a stratum's highest-ranked member taken for the stratum. */
    private record Cut(byte[] rank, String key) {}

    private final Map<String, Cut> cuts = new HashMap<>();
    private final Set<String> topUps = new HashSet<>();
    private final Map<String, SubjectDrawAlgorithm.Selected> kept = new HashMap<>();

    /**
     * One walk of the drawn list.
     *
     * @param selected the draw's selected members (any order)
     * @param keep keys whose drawn entry {@link #get(String)} gives afterwards (the members being replaced)
     */
    DrawnMembers(Iterable<SubjectDrawAlgorithm.Selected> selected, Set<String> keep) {
        HexFormat hex = HexFormat.of();
        for (SubjectDrawAlgorithm.Selected s : selected) {
            if (keep.contains(s.key())) {
                kept.put(s.key(), s);
            }
            if (Substitute.BASIS_JURISDICTION.equals(s.reason())) {
                topUps.add(s.key());
                continue;
            }
            byte[] rank = hex.parseHex(s.rank());
            Cut cut = cuts.get(s.stratum());
            if (cut == null || compare(rank, s.key(), cut) > 0) {
                cuts.put(s.stratum(), new Cut(rank, s.key()));
            }
        }
    }

    /**
     * Whether the draw selected this <em>eligible</em> member of the snapshot, whose rank under the
     * draw's seed is {@code rank} (for an excluded member the answer means nothing: ask about exclusion first).
     */
    boolean contains(DrawMember m, byte[] rank) {
        if (topUps.contains(m.code())) {
            return true;
        }
        Cut cut = cuts.get(m.stratum());
        return cut != null && compare(rank, m.code(), cut) <= 0;
    }

    /** The drawn entry of a key given to keep, or null when that key was not drawn. */
    SubjectDrawAlgorithm.Selected get(String key) {
        return kept.get(key);
    }

    /** The basis a drawn member is replaced from: its region when it was taken for the minimum, else its stratum. */
    static String[] basisOf(SubjectDrawAlgorithm.Selected s) {
        return Substitute.BASIS_JURISDICTION.equals(s.reason()) ? new String[] {Substitute.BASIS_JURISDICTION, s.region()}
                : new String[] {Substitute.BASIS_STRATUM, s.stratum()};
    }

    private static int compare(byte[] rank, String key, Cut cut) {
        int c = Arrays.compareUnsigned(rank, cut.rank());
        return c != 0 ? c : Utf8.compare(key, cut.key());
    }
}
