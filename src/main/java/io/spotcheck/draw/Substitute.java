package io.spotcheck.draw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;
import io.spotcheck.scope.Utf8;

/**
 * The substitute for a drawn subject that left the district (docs/DRAW-ALGORITHM.md,
 * "Substitutes"). Version 1: among the frozen snapshot's members of the same stratum that the draw
 * neither selected nor excluded and that no earlier substitution of the task took, the one with the
 * lowest rank SHA-256(seed ":" code) under the draw's own seed. Version 2 keys the members by their
 * public key, keeps the rule the replaced member was taken under (a jurisdiction minimum is replaced
 * from the same region) and skips members whose current status is excluded.
 */
public final class Substitute {

    public static final String VERSION = "SHA256-RANK-NEXT/1";
    public static final String VERSION_2 = "SHA256-RANK-NEXT/2";
    /** The substitute comes from the replaced member's stratum. */
    public static final String BASIS_STRATUM = "STRATUM";
    /** The replaced member was taken for its region's minimum: the substitute comes from that region. */
    public static final String BASIS_JURISDICTION = "JURISDICTION_MINIMUM";

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

    private record Ranked(byte[] rank, DrawMember member) {}

    private static final Comparator<Ranked> ORDER = (a, b) -> {
        int c = Arrays.compareUnsigned(a.rank, b.rank);
        return c != 0 ? c : Utf8.compare(a.member.code(), b.member.code());
    };

    /**
     * Version 2: up to {@code n} members of the snapshot, lowest rank first, that match the basis
     * (stratum, or region for {@link #BASIS_JURISDICTION}) and whose key is not {@code unavailable}.
     * Each comes back with its subject code where the snapshot reader knew it, and its key.
     */
    public static List<SubjectDrawAlgorithm.Selected> candidates(Iterable<DrawMember> snapshot, String seed, String basis, String basisValue,
                                                                 Set<String> unavailable, int n) {
        return candidates(snapshot, seed, basis, basisValue, (m, rank) -> unavailable.contains(m.code()), n);
    }

    /** Whether a member of the basis is unavailable, told from the member and its rank under the draw's seed. */
    @FunctionalInterface
    public interface Unavailable {
        boolean test(DrawMember member, byte[] rank);
    }

    /** As {@link #candidates(Iterable, String, String, String, Set, int)}, with unavailability decided from each member and its rank. */
    public static List<SubjectDrawAlgorithm.Selected> candidates(Iterable<DrawMember> snapshot, String seed, String basis, String basisValue,
                                                                 Unavailable unavailable, int n) {
        SubjectDrawAlgorithm.Ranker ranker = new SubjectDrawAlgorithm.Ranker(seed);
        PriorityQueue<Ranked> heap = new PriorityQueue<>(ORDER.reversed());
        boolean byRegion = BASIS_JURISDICTION.equals(basis);
        for (DrawMember m : snapshot) {
            String field = byRegion ? m.region() : m.stratum();
            if (!field.equals(basisValue)) {
                continue;
            }
            byte[] rank = ranker.rank(m.code());
            if (unavailable.test(m, rank)) {
                continue;
            }
            Ranked r = new Ranked(rank, m);
            if (heap.size() < n) {
                heap.add(r);
            } else if (ORDER.compare(r, heap.peek()) < 0) {
                heap.poll();
                heap.add(r);
            }
        }
        List<Ranked> sorted = new ArrayList<>(heap);
        sorted.sort(ORDER);
        return sorted.stream().map(r -> new SubjectDrawAlgorithm.Selected(r.member.subjectCode(), r.member.stratum(), r.member.region(),
                r.member.kind(), Sha256.hex(r.rank), "SUBSTITUTE", r.member.code())).toList();
    }
}
