package io.spotcheck.draw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.SnapshotDigest;
import io.spotcheck.scope.Utf8;

/**
 * Recomputes a version 2 draw from public data alone — the published record, the snapshot bytes
 * and the substitutions in chain order — as docs/DRAW-ALGORITHM.md specifies, and lists every
 * difference. The server's {@code verifyDraw} and the {@code verify} command both run this; the
 * specification's Python script does the same steps. No Spring, no Elasticsearch.
 */
public final class DrawVerifier {

    private DrawVerifier() {}

    /** @param differences empty when everything matches */
    public record Outcome(List<String> differences, String scopeDigest, String selectedDigest) {

        public boolean matches() {
            return differences.isEmpty();
        }
    }

    /** The stored records, as the public reads them, against the snapshot: the server's verifyDraw. */
    public static Outcome verifyStored(DrawRecord record, List<SubstitutionRecord> substitutions, Iterable<DrawMember> snapshot) {
        return verify(record.publicView(), snapshot, chainOf(substitutions));
    }

    /** The version 2 substitutions of a task in chain order, as published. */
    public static List<PublicDraw.Substitution> chainOf(List<SubstitutionRecord> substitutions) {
        return substitutions.stream().filter(SubstitutionRecord::isVersion2)
                .sorted(java.util.Comparator.comparing(SubstitutionRecord::seq, java.util.Comparator.nullsLast(Integer::compare)))
                .map(SubstitutionRecord::publicView).toList();
    }

    /** @param snapshot the snapshot's members in file order; iterated once per pass, the same members each time */
    public static Outcome verify(PublicDraw record, Iterable<DrawMember> snapshot, List<PublicDraw.Substitution> chain) {
        List<String> diff = new ArrayList<>();
        if (!SubjectDrawAlgorithm.VERSION_2.equals(record.algorithm())) {
            diff.add("algorithm: " + record.algorithm() + " is not " + SubjectDrawAlgorithm.VERSION_2);
            return new Outcome(diff, null, null);
        }
        // §2: the snapshot bytes and the scope digest
        SnapshotDigest digest = new SnapshotDigest();
        try {
            snapshot.forEach(digest::add);
        } catch (RuntimeException e) {
            diff.add("snapshot: unreadable or out of order: " + e.getMessage());
            return new Outcome(diff, null, null);
        }
        String scopeDigest = digest.hex();
        compare(diff, "scopeDigest", record.scopeDigest(), scopeDigest);
        compare(diff, "snapshotSha256", record.snapshotSha256(), scopeDigest);
        compare(diff, "snapshotBytes", record.snapshotBytes(), digest.bytes());
        compare(diff, "scopeSize", record.scopeSize(), digest.count());
        compare(diff, "scopeSizes", record.scopeSizes() == null ? null : new TreeMap<>(record.scopeSizes()), digest.strata());

        // §3: commitment, then seed
        SeedCommitment c = record.commitment();
        String refusal = record.scopeFrozenAt() == null ? "scopeFrozenAt missing" : SeedCommitment.refusal(c, record.scopeFrozenAt());
        if (refusal != null) {
            diff.add("commitment: " + refusal);
        }
        String seed = null;
        try {
            seed = c == null ? null : DrawSeed.deriveV2(record.taskId(), scopeDigest, record.scopeFrozenAt(), c, record.publicValue());
        } catch (IllegalArgumentException e) {
            diff.add("seed: " + e.getMessage());
        }
        if (seed == null) {
            return new Outcome(diff, scopeDigest, null);
        }
        compare(diff, "seed", record.seed(), seed);

        // §6: ratios as basis points
        Map<String, Integer> bp = new TreeMap<>(record.ratioBasisPoints() == null ? Map.of() : record.ratioBasisPoints());
        if (record.ratios() != null) {
            record.ratios().forEach((s, p) -> {
                Integer recorded = bp.get(s);
                try {
                    if (!Objects.equals(recorded, SubjectDrawAlgorithm.basisPoints(p))) {
                        diff.add("ratioBasisPoints of " + s + ": recorded " + recorded + ", ratio " + p + " % gives " + SubjectDrawAlgorithm.basisPoints(p));
                    }
                } catch (IllegalArgumentException e) {
                    diff.add("ratio of " + s + ": " + e.getMessage());
                }
            });
        }

        // §5–§8: the draw itself, external exclusions taken from the record
        Map<String, String> external = new HashMap<>();
        Map<String, List<String>> evidence = new HashMap<>();
        for (SubjectDrawAlgorithm.Exclusion e : record.exclusions()) {
            if (SubjectDrawAlgorithm.isExternal(e.reason())) {
                external.put(e.code(), e.reason());
                evidence.put(e.code(), e.evidence());
                if (e.evidence().isEmpty()) {
                    diff.add("exclusion " + e.code() + " " + e.reason() + ": no public evidence");
                }
            }
        }
        SubjectDrawAlgorithm.Result result;
        SubjectDrawAlgorithm.Spec spec;
        // The recomputed exclusions are compared with the recorded ones as the pass finds them, never
        // held: a scope of 10^7 has well over a million, and the record's list is read a part at a time.
        ExclusionCheck check = new ExclusionCheck(record.exclusions());
        try {
            spec = new SubjectDrawAlgorithm.Spec(seed, SubjectDrawAlgorithm.Mode.valueOf(record.mode()), bp,
                    record.count() == null ? 0 : record.count(), record.minPerJurisdiction() == null ? 0 : record.minPerJurisdiction(),
                    Set.copyOf(record.excludedStatuses()), external, record.targetKinds() == null ? null : Set.copyOf(record.targetKinds()),
                    evidence);
            // The stratum sizes were just counted from the snapshot itself (§2), so a RATIO draw is recomputed in one pass.
            result = SubjectDrawAlgorithm.draw(snapshot, spec, digest.strata(), check);
        } catch (RuntimeException e) {
            diff.add("draw: cannot be recomputed: " + e.getMessage());
            return new Outcome(diff, scopeDigest, null);
        }
        try (result) {
            if (check.abandoned) {
                // the two passes decided and hold the exclusions: compared the same way, line by line
                ExclusionCheck again = new ExclusionCheck(record.exclusions());
                again.accept(result.exclusions());
                again.finish();
                check = again;
            }
            check.report(diff);
            compare(diff, "eligibleSizes", record.eligibleSizes() == null ? null : new TreeMap<>(record.eligibleSizes()), result.eligibleSizes());
            compare(diff, "quotas", record.quotas() == null ? null : new TreeMap<>(record.quotas()), result.quotas());
            compareLines(diff, "selected", record.selected(), m -> m.key() + " " + m.reason() + " " + m.rank(),
                    result.selected(), s -> s.key() + " " + s.reason() + " " + s.rank());
            compare(diff, "selectedDigest", record.selectedDigest(), result.selectedDigest());
            compare(diff, "selectedDigest of the listed keys", record.selectedDigest(),
                    SubjectDrawAlgorithm.keyDigestAsListed(PartedList.mapped(record.selected(), PublicDraw.Member::key)));

            verifyChain(diff, record, snapshot, seed, result, chain, m -> SubjectDrawAlgorithm.exclusionReason(m, spec) != null);
            return new Outcome(diff, scopeDigest, result.selectedDigest());
        }
    }

    /**
     * Compares the recomputed exclusions, handed in key order, with the recorded list read alongside:
     * line by line (code and reason), counting the differences and keeping the first few, so neither
     * list is held. The list {@link #finish()} gives the draw's result is empty: nothing is kept.
     */
    static final class ExclusionCheck implements SubjectDrawAlgorithm.ExclusionSink {
        private static final int SHOWN = 5;
        private final List<SubjectDrawAlgorithm.Exclusion> recorded;
        private final java.util.Iterator<SubjectDrawAlgorithm.Exclusion> next;
        private final List<String> first = new ArrayList<>();
        private long compared;
        private long differing;
        private long missing;
        private long extra;
        private boolean finished;
        boolean abandoned;

        ExclusionCheck(List<SubjectDrawAlgorithm.Exclusion> recorded) {
            this.recorded = recorded;
            this.next = recorded.iterator();
        }

        @Override
        public void accept(List<SubjectDrawAlgorithm.Exclusion> batch) {
            for (SubjectDrawAlgorithm.Exclusion e : batch) {
                if (!next.hasNext()) {
                    extra++;
                    note("line " + (compared + extra) + ": recorded nothing, recomputed " + e.code() + " " + e.reason());
                    continue;
                }
                SubjectDrawAlgorithm.Exclusion r = next.next();
                compared++;
                if (!r.code().equals(e.code()) || !r.reason().equals(e.reason())) {
                    differing++;
                    note("line " + compared + ": recorded " + r.code() + " " + r.reason() + ", recomputed " + e.code() + " " + e.reason());
                }
            }
        }

        @Override
        public List<SubjectDrawAlgorithm.Exclusion> finish() {
            if (!finished) {
                finished = true;
                while (next.hasNext()) {
                    SubjectDrawAlgorithm.Exclusion r = next.next();
                    missing++;
                    note("line " + (compared + missing) + ": recorded " + r.code() + " " + r.reason() + ", recomputed nothing");
                }
            }
            return List.of();
        }

        @Override
        public void abandon() {
            abandoned = true;
        }

        private void note(String line) {
            if (first.size() < SHOWN) {
                first.add(line);
            }
        }

        void report(List<String> diff) {
            if (differing + missing + extra > 0) {
                diff.add("exclusions: " + (differing + missing + extra) + " lines differ (recorded " + recorded.size() + ", recomputed "
                        + (compared + extra) + "); first: " + String.join("; ", first));
            }
        }
    }

    /** Two lists compared line by line as they are read, reporting the first lines that differ and the sizes. */
    private static <A, B> void compareLines(List<String> diff, String what, List<A> recorded, java.util.function.Function<A, String> a,
                                            List<B> recomputed, java.util.function.Function<B, String> b) {
        List<String> first = new ArrayList<>();
        long differing = 0;
        int n = Math.max(recorded.size(), recomputed.size());
        java.util.Iterator<A> ra = recorded.iterator();
        java.util.Iterator<B> rb = recomputed.iterator();
        for (int i = 0; i < n; i++) {
            String x = ra.hasNext() ? a.apply(ra.next()) : null;
            String y = rb.hasNext() ? b.apply(rb.next()) : null;
            if (!Objects.equals(x, y)) {
                differing++;
                if (first.size() < 5) {
                    first.add("line " + (i + 1) + ": recorded " + (x == null ? "nothing" : x) + ", recomputed " + (y == null ? "nothing" : y));
                }
            }
        }
        if (differing > 0) {
            diff.add(what + ": " + differing + " lines differ (recorded " + recorded.size() + ", recomputed " + recomputed.size() + "); first: "
                    + String.join("; ", first));
        }
    }

    /**
     * "Substitutes", version 2: each substitution recomputed in chain order from the recomputed draw
     * and the substitutes recomputed before it — never from what earlier records say — so a deleted or
     * altered earlier record breaks every later one.
     */
    static void verifyChain(List<String> diff, PublicDraw record, Iterable<DrawMember> snapshot, String seed,
                            SubjectDrawAlgorithm.Result result, List<PublicDraw.Substitution> chain,
                            java.util.function.Predicate<DrawMember> drawExcluded) {
        if (chain.isEmpty()) {
            return;
        }
        // The drawn are told member by member from their rank (DrawnMembers), not held: only the members
        // the chain replaces are kept, for their basis; the skipped and the substitutes are few.
        Set<String> replaced = new HashSet<>();
        chain.forEach(sub -> replaced.add(sub.movedOutKey()));
        DrawnMembers drawn = new DrawnMembers(result.selected(), replaced);
        Map<String, String[]> basisOf = new HashMap<>();
        for (String key : replaced) {
            SubjectDrawAlgorithm.Selected s = drawn.get(key);
            if (s != null) {
                basisOf.put(key, DrawnMembers.basisOf(s));
            }
        }
        Set<String> unavailable = new HashSet<>();
        // The draw's exclusions are unavailable too: decided member by member as the draw decided them, not listed.
        Set<String> excluded = Set.copyOf(record.excludedStatuses());
        List<String> prior = new ArrayList<>();
        Set<String> movedOut = new LinkedHashSet<>();
        int expectedSeq = 1;
        for (PublicDraw.Substitution sub : chain) {
            String at = "substitution " + expectedSeq + " (" + sub.id() + ")";
            if (!Objects.equals(sub.seq(), expectedSeq)) {
                diff.add(at + ": seq is " + sub.seq() + ", the chain expects " + expectedSeq);
            }
            expectedSeq++;
            if (!Substitute.VERSION_2.equals(sub.algorithm())) {
                diff.add(at + ": algorithm " + sub.algorithm());
            }
            String[] basis = basisOf.get(sub.movedOutKey());
            if (basis == null || !movedOut.add(sub.movedOutKey())) {
                diff.add(at + ": " + sub.movedOutKey() + " is neither drawn nor an earlier substitute, or was replaced before");
                continue;
            }
            compare(diff, at + " basis", sub.basis() + " " + sub.basisValue(), basis[0] + " " + basis[1]);
            compare(diff, at + " priorSubstitutes", sortedKeys(sub.priorSubstitutes()), sortedKeys(prior));
            List<PublicDraw.Skipped> skipped = sub.skipped() == null ? List.of() : sub.skipped();
            for (PublicDraw.Skipped k : skipped) {
                if (!excluded.contains(k.status())) {
                    diff.add(at + ": skipped " + k.key() + " with status " + k.status() + ", which is not excluded");
                }
            }
            // The skipped members and the substitute must be exactly the first candidates in rank order.
            List<SubjectDrawAlgorithm.Selected> expected = Substitute.candidates(snapshot, seed, basis[0], basis[1],
                    (m, rank) -> drawExcluded.test(m) || unavailable.contains(m.code()) || drawn.contains(m, rank), skipped.size() + 1);
            List<String> expectedKeys = expected.stream().map(SubjectDrawAlgorithm.Selected::key).toList();
            List<String> recordedKeys = new ArrayList<>(skipped.stream().map(PublicDraw.Skipped::key).toList());
            if (sub.substitute() != null) {
                recordedKeys.add(sub.substitute().key());
            }
            compare(diff, at + " skipped and substitute in rank order", recordedKeys, expectedKeys);
            SubjectDrawAlgorithm.Selected chosen = expected.size() == skipped.size() + 1 ? expected.get(skipped.size()) : null;
            if (sub.substitute() != null && chosen != null) {
                compare(diff, at + " substitute rank", sub.substitute().rank(), chosen.rank());
            }
            skipped.forEach(k -> unavailable.add(k.key()));
            if (chosen != null) {
                unavailable.add(chosen.key());
                basisOf.put(chosen.key(), basis);
                prior.add(chosen.key());
            }
        }
    }

    private static List<String> sortedKeys(List<String> keys) {
        return keys == null ? List.of() : keys.stream().sorted(Utf8.ORDER).toList();
    }

    private static void compare(List<String> diff, String what, Object recorded, Object recomputed) {
        if (!Objects.equals(recorded, recomputed)) {
            String r = String.valueOf(recorded);
            String c = String.valueOf(recomputed);
            diff.add(what + ": recorded " + (r.length() > 300 ? r.substring(0, 300) + "…" : r) + ", recomputed "
                    + (c.length() > 300 ? c.substring(0, 300) + "…" : c));
        }
    }
}
