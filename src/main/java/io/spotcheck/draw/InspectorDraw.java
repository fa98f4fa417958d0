package io.spotcheck.draw;

import io.spotcheck.draw.AssignmentGroup.GroupSubject;
import io.spotcheck.draw.DrawResult.Assignment;
import io.spotcheck.draw.DrawResult.Exclusion;
import io.spotcheck.draw.DrawResult.Unstaffed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import io.spotcheck.inspector.DrawCandidate;

/**
 * The seeded inspector draw (执法检查人员随机抽取), specified in {@code docs/INSPECTOR-DRAW.md}. Pure
 * function of its inputs: no clock, no I/O, no {@code java.util.Random}; inputs are put in
 * canonical order first, so the order the caller lists them in never matters.
 *
 * <p>Per group (by key) and subject (by code), the k eligible inspectors with the lowest
 * (running load, SHA-256(seed ‖ 0 ‖ groupKey ‖ 0 ‖ subjectCode ‖ 0 ‖ inspectorId), id) are chosen
 * and their running load goes up by one. Lowest-load-first keeps max − min load within a group at
 * most 1 whenever eligibility allows; the hash makes ties unpredictable before the seed exists but
 * checkable after.
 *
 * <p>Cost: candidates are kept in buckets by running load, so a subject touches only the lowest
 * buckets (hashing the members it must order) — O(n · b · log b) for n subjects and lowest-bucket
 * size b ≤ m, plus O(m) per group.
 */
public final class InspectorDraw {

    public static final String ALGORITHM = "inspector-draw/1";

    /**
     * The same procedure with every subject named by its public member key (docs/DRAW-ALGORITHM.md
     * §2) instead of its code, so no hash, order or digest of a record is a function of a natural
     * person's ID number. Only the first line of the canonical text differs.
     */
    public static final String ALGORITHM_2 = "inspector-draw/2";

    /** Code-point (= UTF-8 byte) order, the canonical order of every identifier in the algorithm. */
    public static final Comparator<String> CANONICAL = InspectorDraw::compareCodePoints;

    private InspectorDraw() {}

    public static DrawResult draw(String seedHex, List<AssignmentGroup> groups, List<DrawCandidate> candidates) {
        return draw(ALGORITHM, seedHex, groups, candidates);
    }

    /** {@code algorithm}: {@link #ALGORITHM} or {@link #ALGORITHM_2}, written as the canonical text's first line. */
    public static DrawResult draw(String algorithm, String seedHex, List<AssignmentGroup> groups, List<DrawCandidate> candidates) {
        if (!ALGORITHM.equals(algorithm) && !ALGORITHM_2.equals(algorithm)) {
            throw new IllegalArgumentException("unknown inspector-draw algorithm " + algorithm);
        }
        if (seedHex == null || seedHex.isBlank()) {
            throw new IllegalArgumentException("seed must not be empty");
        }
        byte[] seed;
        try {
            seed = HexFormat.of().parseHex(seedHex.trim().toLowerCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed must be hexadecimal");
        }
        return draw(algorithm, seed, groups, candidates);
    }

    public static DrawResult draw(byte[] seed, List<AssignmentGroup> groups, List<DrawCandidate> candidates) {
        return draw(ALGORITHM, seed, groups, candidates);
    }

    private static DrawResult draw(String algorithm, byte[] seed, List<AssignmentGroup> groups, List<DrawCandidate> candidates) {
        if (seed == null || seed.length == 0) {
            throw new IllegalArgumentException("seed must not be empty");
        }
        seed = seed.clone();
        Map<String, List<DrawCandidate>> pools = pools(candidates);
        List<AssignmentGroup> ordered = canonicalGroups(groups);

        List<Assignment> assignments = new ArrayList<>();
        List<Unstaffed> unstaffed = new ArrayList<>();
        Map<String, Integer> drawn = new TreeMap<>(CANONICAL);
        MessageDigest canonicalText = sha256();
        update(canonicalText, algorithm + "\n" + "seed\t" + HexFormat.of().formatHex(seed) + "\n");

        for (AssignmentGroup group : ordered) {
            List<DrawCandidate> pool = pools.getOrDefault(poolKey(group.department(), group.agency()), List.of());
            new GroupDraw(seed, group, pool).run(assignments, unstaffed, drawn, canonicalText);
        }
        String digest = HexFormat.of().formatHex(canonicalText.digest());
        return new DrawResult(algorithm, HexFormat.of().formatHex(seed), List.copyOf(assignments), List.copyOf(unstaffed),
                Collections.unmodifiableMap(new LinkedHashMap<>(drawn)), digest);
    }

    /** The first rule a candidate fails for a group regardless of subject, or null when it passes all. */
    static Exclusion groupExclusion(DrawCandidate c, AssignmentGroup g) {
        if (!DrawCandidate.ACTIVE.equals(c.status())) {
            return Exclusion.NOT_ACTIVE;
        }
        if (c.certificateValidFrom() == null || c.certificateValidUntil() == null
                || c.certificateValidFrom().isAfter(g.inspectionFrom()) || c.certificateValidUntil().isBefore(g.inspectionTo())) {
            return Exclusion.CERTIFICATE_NOT_VALID;
        }
        if (!c.qualifications().containsAll(g.requiredQualifications())) {
            return Exclusion.MISSING_QUALIFICATION;
        }
        return null;
    }

    /** One group's draw; running loads live in its buckets since an inspector belongs to one agency. */
    private static final class GroupDraw {
        private final byte[] seed;
        private final AssignmentGroup group;
        private final List<DrawCandidate> pool;
        private final Map<Exclusion, Integer> groupExcluded = new EnumMap<>(Exclusion.class);
        private final TreeMap<Long, LinkedHashSet<Slot>> buckets = new TreeMap<>();
        private final Map<String, Slot> eligibleById = new HashMap<>();
        private final Map<String, Set<String>> recusedBySubject = new HashMap<>();

        GroupDraw(byte[] seed, AssignmentGroup group, List<DrawCandidate> pool) {
            this.seed = seed;
            this.group = group;
            this.pool = pool;
            for (Exclusion e : Exclusion.values()) {
                groupExcluded.put(e, 0);
            }
            for (DrawCandidate c : pool) {
                Exclusion e = groupExclusion(c, group);
                if (e != null) {
                    groupExcluded.merge(e, 1, Integer::sum);
                    continue;
                }
                Slot slot = new Slot(c.id(), c.currentLoad());
                eligibleById.put(c.id(), slot);
                buckets.computeIfAbsent(slot.load, l -> new LinkedHashSet<>()).add(slot);
                for (String subject : c.recusedSubjects()) {
                    recusedBySubject.computeIfAbsent(subject, s -> new HashSet<>()).add(c.id());
                }
            }
        }

        void run(List<Assignment> assignments, List<Unstaffed> unstaffed, Map<String, Integer> drawn, MessageDigest text) {
            int k = group.inspectorsPerSubject();
            for (GroupSubject subject : canonicalSubjects(group.subjects())) {
                Set<String> recused = recusedBySubject.getOrDefault(subject.code(), Set.of());
                Set<String> excluded = recused;
                int last = 0;
                for (String id : subject.lastInspectors()) {
                    if (eligibleById.containsKey(id) && !excluded.contains(id)) {
                        if (excluded == recused) {
                            excluded = new HashSet<>(recused);
                        }
                        excluded.add(id);
                        last++;
                    }
                }
                int eligible = eligibleById.size() - excluded.size();
                String prefix = group.department() + "\t" + group.agency() + "\t" + subject.code() + "\t";
                if (eligible < k) {
                    Map<Exclusion, Integer> counts = new EnumMap<>(groupExcluded);
                    counts.put(Exclusion.RECUSED, recused.size());
                    counts.put(Exclusion.INSPECTED_LAST_TIME, last);
                    unstaffed.add(new Unstaffed(group.department(), group.agency(), subject.code(), k, eligible,
                            Collections.unmodifiableMap(counts), reason(eligible, counts)));
                    update(text, "U\t" + prefix + eligible + "\n");
                    continue;
                }
                List<String> picked = pick(subject.code(), excluded, k);
                for (String id : picked) {
                    drawn.merge(id, 1, Integer::sum);
                }
                assignments.add(new Assignment(group.department(), group.agency(), subject.code(), List.copyOf(picked)));
                update(text, "A\t" + prefix + String.join(",", picked) + "\n");
            }
        }

        /** The k lowest by (load, hash, id) among the non-excluded; then their loads go up by one. */
        private List<String> pick(String subjectCode, Set<String> excluded, int k) {
            MessageDigest subjectPrefix = sha256();
            subjectPrefix.update(seed);
            subjectPrefix.update((byte) 0);
            update(subjectPrefix, group.key());
            subjectPrefix.update((byte) 0);
            update(subjectPrefix, subjectCode);
            subjectPrefix.update((byte) 0);

            List<Slot> chosen = new ArrayList<>(k);
            for (LinkedHashSet<Slot> bucket : buckets.values()) {
                int need = k - chosen.size();
                if (need == 0) {
                    break;
                }
                // Partial selection: only the `need` best of this bucket are kept, in order.
                List<Ranked> best = new ArrayList<>(need + 1);
                for (Slot slot : bucket) {
                    if (excluded.contains(slot.id)) {
                        continue;
                    }
                    Ranked r = new Ranked(slot, hash(subjectPrefix, slot.idBytes));
                    if (best.size() == need && Ranked.ORDER.compare(r, best.get(need - 1)) >= 0) {
                        continue;
                    }
                    int at = best.size();
                    while (at > 0 && Ranked.ORDER.compare(r, best.get(at - 1)) < 0) {
                        at--;
                    }
                    best.add(at, r);
                    if (best.size() > need) {
                        best.remove(need);
                    }
                }
                for (Ranked r : best) {
                    chosen.add(r.slot);
                }
            }
            List<String> ids = new ArrayList<>(k);
            for (Slot slot : chosen) {
                LinkedHashSet<Slot> from = buckets.get(slot.load);
                from.remove(slot);
                if (from.isEmpty()) {
                    buckets.remove(slot.load);
                }
                slot.load++;
                buckets.computeIfAbsent(slot.load, l -> new LinkedHashSet<>()).add(slot);
                ids.add(slot.id);
            }
            return ids;
        }

        private String reason(int eligible, Map<Exclusion, Integer> counts) {
            if (pool.isEmpty()) {
                return "agency " + group.agency() + " of " + group.department() + " has no inspectors";
            }
            StringBuilder s = new StringBuilder();
            s.append("only ").append(eligible).append(" of ").append(pool.size()).append(" inspectors of agency ")
                    .append(group.agency()).append(" eligible, ").append(group.inspectorsPerSubject()).append(" needed; excluded:");
            for (Map.Entry<Exclusion, Integer> e : counts.entrySet()) {
                if (e.getValue() > 0) {
                    s.append(' ').append(e.getKey().name()).append('=').append(e.getValue());
                }
            }
            return s.toString();
        }
    }

    private static final class Slot {
        final String id;
        final byte[] idBytes;
        long load;

        Slot(String id, long load) {
            this.id = id;
            this.idBytes = id.getBytes(StandardCharsets.UTF_8);
            this.load = load;
        }
    }

    private record Ranked(Slot slot, byte[] hash) {
        static final Comparator<Ranked> ORDER = (a, b) -> {
            int byHash = Arrays.compareUnsigned(a.hash, b.hash);
            return byHash != 0 ? byHash : compareCodePoints(a.slot.id, b.slot.id);
        };
    }

    private static byte[] hash(MessageDigest prefix, byte[] inspectorId) {
        try {
            MessageDigest d = (MessageDigest) prefix.clone();
            d.update(inspectorId);
            return d.digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<DrawCandidate>> pools(List<DrawCandidate> candidates) {
        Map<String, List<DrawCandidate>> pools = new HashMap<>();
        Set<String> ids = new HashSet<>();
        List<DrawCandidate> sorted = new ArrayList<>(candidates == null ? List.of() : candidates);
        sorted.sort(Comparator.comparing(DrawCandidate::id, CANONICAL));
        for (DrawCandidate c : sorted) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("candidate " + c.id() + " is listed twice");
            }
            pools.computeIfAbsent(poolKey(c.department(), c.agency()), k -> new ArrayList<>()).add(c);
        }
        return pools;
    }

    private static List<AssignmentGroup> canonicalGroups(List<AssignmentGroup> groups) {
        List<AssignmentGroup> sorted = new ArrayList<>(groups == null ? List.of() : groups);
        Set<String> keys = new HashSet<>();
        for (AssignmentGroup g : sorted) {
            if (g.department().contains("/")) {
                throw new IllegalArgumentException("department code must not contain '/': " + g.department());
            }
            if (!keys.add(g.key())) {
                throw new IllegalArgumentException("group " + g.key() + " is listed twice");
            }
        }
        sorted.sort(Comparator.comparing(AssignmentGroup::key, CANONICAL));
        return sorted;
    }

    /** Subjects by code; a code listed twice is one subject whose last inspectors are the union. */
    private static List<GroupSubject> canonicalSubjects(List<GroupSubject> subjects) {
        TreeMap<String, Set<String>> byCode = new TreeMap<>(CANONICAL);
        for (GroupSubject s : subjects) {
            byCode.computeIfAbsent(s.code(), c -> new HashSet<>()).addAll(s.lastInspectors());
        }
        List<GroupSubject> result = new ArrayList<>(byCode.size());
        byCode.forEach((code, last) -> result.add(new GroupSubject(code, last)));
        return result;
    }

    private static String poolKey(String department, String agency) {
        return department + "\u0000" + agency;
    }

    static void requireId(String what, String value) {
        if (value == null || value.isBlank() || value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(what + " must be non-blank and free of NUL characters");
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
