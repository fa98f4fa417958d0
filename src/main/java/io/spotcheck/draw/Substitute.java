package io.spotcheck.draw;

import java.util.Arrays;
import java.util.Set;

/**
 * The substitute for a drawn subject that left the district (docs/DRAW-ALGORITHM.md,
 * "Substitutes"): among the frozen snapshot's members of the same stratum that the draw neither
 * selected nor excluded and that no earlier substitution of the task took, the one with the lowest
 * rank SHA-256(seed ":" code) under the draw's own seed — the member the draw would have taken
 * next. Equal ranks (never seen) go to the lower code.
 */
public final class Substitute {

    public static final String VERSION = "SHA256-RANK-NEXT/1";

    private Substitute() {}

    /** @return the substitute, or null when the stratum has nobody left */
    public static SubjectDrawAlgorithm.Selected pick(Iterable<DrawMember> snapshot, String seed, String stratum, Set<String> taken) {
        SubjectDrawAlgorithm.Ranker ranker = new SubjectDrawAlgorithm.Ranker(seed);
        DrawMember best = null;
        byte[] bestRank = null;
        for (DrawMember m : snapshot) {
            if (!m.stratum().equals(stratum) || taken.contains(m.code())) {
                continue;
            }
            byte[] rank = ranker.rank(m.code());
            int c = bestRank == null ? -1 : Arrays.compareUnsigned(rank, bestRank);
            if (c < 0 || (c == 0 && m.code().compareTo(best.code()) < 0)) {
                best = m;
                bestRank = rank;
            }
        }
        return best == null ? null
                : new SubjectDrawAlgorithm.Selected(best.code(), best.stratum(), best.region(), best.kind(), Sha256.hex(bestRank), "SUBSTITUTE");
    }
}
