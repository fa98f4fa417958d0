package io.spotcheck.draw;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import io.spotcheck.scope.Chunked;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;
import io.spotcheck.scope.Utf8;

/**
 * The subject draw of {@code docs/DRAW-ALGORITHM.md}, version {@link #VERSION}: every eligible
 * member is ranked by SHA-256(seed ":" code) and the lowest ranks of each stratum are taken.
 * The result depends only on the seed, the set of members and the parameters — never on the order
 * members arrive in, shard counts or index generations. Memory is bounded by the sample size: the
 * members are streamed (up to three times) and each stratum keeps a bounded max-heap of its k best.
 */
public final class SubjectDrawAlgorithm {

    public static final String VERSION = "SHA256-RANK-STRATIFIED/1";
    /** Members named by their public member key, digest over whole lines, target kinds and commit-then-reveal (docs/DRAW-ALGORITHM.md). */
    public static final String VERSION_2 = "SHA256-RANK-STRATIFIED/2";

    /** Ratio mode takes a share of each stratum; count mode takes a total spread over strata. */
    public enum Mode { RATIO, COUNT }

    /**
     * @param seed lowercase hex seed
     * @param mode RATIO or COUNT
     * @param ratioBasisPoints per stratum, in 1/100 of a percent (1 % = 100); strata not named get 0
     * @param count total wanted in COUNT mode
     * @param minPerJurisdiction after the stratified draw, top up every jurisdiction to this many (0 = off)
     * @param excludedStatuses member statuses never eligible (e.g. DEREGISTERED, MOVED_OUT)
     * @param externalExclusions code → reason for exclusions decided outside the snapshot (recorded with the draw);
     *                           looked up by the member's key and, where the server knows it, by its subject code
     * @param targetKinds kinds some item of the task targets; a member of another kind is excluded (version 2); null = every kind (version 1)
     * @param externalEvidence key or subject code → the public ids (tasks) behind its external exclusion
     */
    public record Spec(String seed, Mode mode, Map<String, Integer> ratioBasisPoints, int count, int minPerJurisdiction,
                       Set<String> excludedStatuses, Map<String, String> externalExclusions, Set<String> targetKinds,
                       Map<String, List<String>> externalEvidence) {

        public Spec(String seed, Mode mode, Map<String, Integer> ratioBasisPoints, int count, int minPerJurisdiction,
                    Set<String> excludedStatuses, Map<String, String> externalExclusions) {
            this(seed, mode, ratioBasisPoints, count, minPerJurisdiction, excludedStatuses, externalExclusions, null, null);
        }

        public Spec(String seed, Mode mode, Map<String, Integer> ratioBasisPoints, int count, int minPerJurisdiction,
                    Set<String> excludedStatuses, Map<String, String> externalExclusions, Set<String> targetKinds) {
            this(seed, mode, ratioBasisPoints, count, minPerJurisdiction, excludedStatuses, externalExclusions, targetKinds, null);
        }

        /** The public ids behind a member's external exclusion (by key, then by subject code). */
        List<String> evidence(DrawMember m) {
            List<String> e = externalEvidence.get(m.code());
            if (e == null && m.subject() != null) {
                e = externalEvidence.get(m.subject());
            }
            return e == null ? List.of() : e;
        }

        public Spec {
            externalEvidence = externalEvidence == null ? Map.of() : Map.copyOf(externalEvidence);
            targetKinds = targetKinds == null ? null : Set.copyOf(targetKinds);
            ratioBasisPoints = ratioBasisPoints == null ? Map.of() : Map.copyOf(ratioBasisPoints);
            excludedStatuses = excludedStatuses == null ? Set.of() : Set.copyOf(excludedStatuses);
            externalExclusions = externalExclusions == null ? Map.of() : Map.copyOf(externalExclusions);
            if (seed == null || !seed.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("seed must be 64 lowercase hex digits");
            }
            if (minPerJurisdiction < 0 || count < 0) {
                throw new IllegalArgumentException("negative count");
            }
            ratioBasisPoints.forEach((k, v) -> {
                if (v < 0 || v > 10_000) {
                    throw new IllegalArgumentException("ratio of " + k + " out of 0..100 %");
                }
            });
        }
    }

    /**
     * A drawn member, with why it was taken: STRATUM or JURISDICTION_MINIMUM.
     *
     * @param code the subject's code (internal; for a natural person its ID number — never public)
     * @param key its public member key, which the rank is computed on (version 1: the code)
     */
    public record Selected(String code, String stratum, String region, String kind, String rank, String reason, String key) {

        public Selected(String code, String stratum, String region, String kind, String rank, String reason) {
            this(code, stratum, region, kind, rank, reason, code);
        }

        public Selected {
            key = key == null ? code : key;
        }
    }

    /**
     * A scope member that could not be drawn, and the first reason that applied.
     *
     * @param code the member's key as the snapshot names it (version 1: its code)
     * @param evidence for an external exclusion, the public ids (tasks) that decided it; empty otherwise
     */
    public record Exclusion(String code, String reason, List<String> evidence) {

        public Exclusion(String code, String reason) {
            this(code, reason, List.of());
        }

        public Exclusion {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /**
     * @param scopeSizes members per stratum
     * @param eligibleSizes eligible members per stratum
     * @param quotas members taken per stratum by the stratified step
     * @param selected every drawn member, ascending by code
     * @param exclusions scope members excluded, ascending by code
     * @param selectedDigest SHA-256 over the selected codes in ascending order, each followed by "\n"
     */
    public record Result(Map<String, Long> scopeSizes, Map<String, Long> eligibleSizes, Map<String, Long> quotas,
                         List<Selected> selected, List<Exclusion> exclusions, String selectedDigest) implements AutoCloseable {

        /**
         * True when the drawn members are read from the draw's candidate files ({@link SpilledSelection}):
         * the list is walked in order (each walk reads the files again; {@code get(i)} walks too) and is
         * gone once the result is closed.
         */
        public boolean spilled() {
            return selected instanceof SpilledSelection;
        }

        /** Deletes the candidate files of a spilled result; nothing otherwise. */
        @Override
        public void close() {
            if (selected instanceof SpilledSelection s) {
                s.close();
            }
        }
    }

    /**
     * Where the single pass hands the exclusions as it finds them, instead of holding them to the
     * end: a draw record's store writes them while the members are still being ranked. The pass
     * hands every batch's exclusions in key order, batch after batch; the result's exclusion list
     * is what {@link #finish()} gives back. When the pass cannot decide alone (members out of key
     * order, counts that do not match the frozen sizes, too few candidates), it calls
     * {@link #abandon()} and the draw is made by the two passes, which hold the exclusions.
     */
    public interface ExclusionSink {

        /** The exclusions of the next batch of the pass, in key order; may block while the sink is behind. */
        void accept(List<Exclusion> batch);

        /** Every exclusion was handed: the whole list, in key order, as the sink keeps it. */
        List<Exclusion> finish();

        /** Nothing handed will be used. */
        void abandon();
    }

    private SubjectDrawAlgorithm() {}

    /** Converts a percentage with at most two decimals (e.g. 2.5) to basis points, exactly. */
    public static int basisPoints(double percent) {
        BigDecimal bp = new BigDecimal(Double.toString(percent)).movePointRight(2).stripTrailingZeros();
        if (bp.scale() > 0 || bp.signum() < 0 || bp.compareTo(BigDecimal.valueOf(10_000)) > 0) {
            throw new IllegalArgumentException("a ratio is a percentage between 0 and 100 with at most two decimals: " + percent);
        }
        return bp.intValueExact();
    }

    /** k = ceil(eligible × bp / 10000), never more than the eligible members. */
    public static long ratioQuota(long eligible, int basisPoints) {
        return Math.min(eligible, (eligible * basisPoints + 9_999) / 10_000);
    }

    /**
     * COUNT mode: {@code count} spread over strata in proportion to eligible × ratio (largest
     * remainder; equal remainders go to the alphabetically first stratum); a stratum that cannot
     * hold its share passes the excess on to the others in another round.
     */
    public static Map<String, Long> countQuotas(Map<String, Long> eligible, Map<String, Integer> bp, long count) {
        Map<String, Long> quotas = new TreeMap<>();
        Map<String, Long> weights = new TreeMap<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(eligible).entrySet()) {
            quotas.put(e.getKey(), 0L);
            long w = e.getValue() * bp.getOrDefault(e.getKey(), 0);
            if (w > 0) {
                weights.put(e.getKey(), w);
            }
        }
        long remaining = count;
        while (remaining > 0 && !weights.isEmpty()) {
            long total = weights.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> add = new TreeMap<>();
            Map<String, Long> fraction = new TreeMap<>();
            long given = 0;
            for (Map.Entry<String, Long> w : weights.entrySet()) {
                // remaining ≤ 10^7 and w ≤ 10^11 here; the product fits a long.
                long product = Math.multiplyExact(remaining, w.getValue());
                add.put(w.getKey(), product / total);
                fraction.put(w.getKey(), product % total);
                given += product / total;
            }
            List<String> byFraction = new ArrayList<>(weights.keySet());
            byFraction.sort(Comparator.<String>comparingLong(fraction::get).reversed().thenComparing(Comparator.naturalOrder()));
            for (int i = 0; i < remaining - given; i++) {
                add.merge(byFraction.get(i), 1L, Long::sum);
            }
            long overflow = 0;
            for (String s : List.copyOf(weights.keySet())) {
                long q = quotas.get(s) + add.get(s);
                long cap = eligible.get(s);
                if (q >= cap) {
                    overflow += q - cap;
                    q = cap;
                    weights.remove(s);
                }
                quotas.put(s, q);
            }
            remaining = overflow;
        }
        return quotas;
    }

    /** Rank of a code under a seed: SHA-256 over the UTF-8 bytes of {@code seed + ":" + code}. */
    public static byte[] rank(String seed, String code) {
        return new Ranker(seed).rank(code);
    }

    /**
     * Ranks many codes under one seed. The seed and ":" are 65 bytes, so SHA-256 has compressed the
     * first 64 of them before any code byte arrives: that state is computed once and cloned for each
     * code, which halves the work per member. Same bytes in, same digest out (a test compares it
     * with the plain digest); a provider that cannot clone falls back to hashing the whole input.
     */
    static final class Ranker {
        private final MessageDigest plain = Sha256.newDigest();
        private final byte[] prefix;
        private final MessageDigest afterFullBlocks;
        private final byte[] tail;

        Ranker(String seed) {
            prefix = (seed + ":").getBytes(StandardCharsets.UTF_8);
            int full = prefix.length - prefix.length % 64;
            MessageDigest state = Sha256.newDigest();
            state.update(prefix, 0, full);
            MessageDigest cloneable;
            try {
                state.clone();
                cloneable = state;
            } catch (CloneNotSupportedException e) {
                cloneable = null;
            }
            afterFullBlocks = cloneable;
            tail = Arrays.copyOfRange(prefix, full, prefix.length);
        }

        byte[] rank(String code) {
            byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
            if (afterFullBlocks != null) {
                try {
                    MessageDigest md = (MessageDigest) afterFullBlocks.clone();
                    md.update(tail);
                    return md.digest(bytes);
                } catch (CloneNotSupportedException e) {
                    // checked at construction; not reached
                }
            }
            plain.update(prefix);
            return plain.digest(bytes);
        }

        private final byte[] ascii = new byte[64];

        /**
         * The rank of {@code code} written into {@code out} (32 bytes) without allocating: the draw's
         * single pass ranks every member and keeps only a few, and the garbage of a million digests
         * and byte arrays cost more in collections than the hashing itself.
         */
        void rankInto(String code, byte[] out) {
            int n = code.length();
            boolean plainAscii = n <= ascii.length;
            for (int i = 0; plainAscii && i < n; i++) {
                char c = code.charAt(i);
                if (c >= 0x80) {
                    plainAscii = false;
                } else {
                    ascii[i] = (byte) c;
                }
            }
            try {
                plain.update(prefix);
                if (plainAscii) {
                    plain.update(ascii, 0, n);
                } else {
                    plain.update(code.getBytes(StandardCharsets.UTF_8));
                }
                plain.digest(out, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A ranked member; {@code prefix} is the rank's first 8 bytes big-endian, which decides almost
     * every comparison. {@code seq}: where the single pass met the member (its batch in the high
     * half, its place in the batch in the low), 0 elsewhere.
     */
    private record Ranked(byte[] rank, long prefix, DrawMember member, long seq) {

        Ranked(byte[] rank, DrawMember member) {
            this(rank, prefixOf(rank), member, 0);
        }

        Ranked(byte[] rank, DrawMember member, long seq) {
            this(rank, prefixOf(rank), member, seq);
        }

        static long prefixOf(byte[] rank) {
            long p = 0;
            for (int i = 0; i < 8; i++) {
                p = (p << 8) | (rank[i] & 0xFF);
            }
            return p;
        }
    }

    /**
     * Lower rank first (unsigned, byte by byte — the unsigned comparison of the 8-byte prefix is the
     * same order for those bytes); equal ranks (never seen in practice) by code.
     */
    private static final Comparator<Ranked> ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.prefix, b.prefix);
        if (c == 0) {
            c = Arrays.compareUnsigned(a.rank, b.rank);
        }
        return c != 0 ? c : Utf8.ORDER.compare(a.member.code(), b.member.code());
    };

    /** In the order the single pass met the members ({@link Ranked#seq}). */
    private static final Comparator<Ranked> BY_SEQ = Comparator.comparingLong(Ranked::seq);

    /**
     * Draws from {@code members}, which is iterated up to three times and must give the same
     * members each time (in any order).
     */
    public static Result draw(Iterable<DrawMember> members, Spec spec) {
        return draw(members, spec, null);
    }

    /**
     * As {@link #draw(Iterable, Spec)}; with {@code knownScopeSizes} (the frozen scope's members per
     * stratum) a RATIO draw reads the members once instead of twice: each stratum's heap is bounded
     * by the quota its whole size would give — never less than the quota of its eligible members —
     * and cut to the exact quota once the pass has counted them. The k lowest ranks of a stratum
     * are among its k' ≥ k lowest, so the result is the same member for member. If the members
     * counted do not match the sizes given, the two-pass draw decides. A COUNT draw, whose quotas
     * need every stratum's eligible size, first reads the members once only counting, then ranks
     * in the same single pass with its exact quotas ({@link #countThenDraw}).
     */
    public static Result draw(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes) {
        return draw(members, spec, knownScopeSizes, null);
    }

    /**
     * As {@link #draw(Iterable, Spec, Map)}; the single pass hands its exclusions to {@code sink} (when
     * given) as it goes, so memory holds the candidates to be drawn, not the scope's exclusions. The
     * sink is either finished (its list is the result's) or abandoned.
     */
    public static Result draw(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes, ExclusionSink sink) {
        return draw(members, spec, knownScopeSizes, sink, CANDIDATES_IN_MEMORY);
    }

    /**
     * As {@link #draw(Iterable, Spec, Map, ExclusionSink)}; a single pass expecting more than
     * {@code candidatesInMemory} candidates keeps them in encrypted files on local disk instead of in
     * memory ({@link CandidateSpill}) and counts their ranks in a histogram per stratum; once the
     * quotas are known, one read of the files finds each stratum's cut, and the drawn members are
     * read from the files, in key order, whenever the result's list is walked. Memory then holds
     * counters, the few members ranked at a stratum's cut and the jurisdiction top-ups, however many
     * are drawn. Close the result to delete the files.
     */
    public static Result draw(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes, ExclusionSink sink,
                              long candidatesInMemory) {
        if (knownScopeSizes != null) {
            Result once = spec.mode() == Mode.RATIO
                    ? drawOnce(members, spec, knownScopeSizes, CANDIDATE_MARGIN, CANDIDATE_SLACK, sink, candidatesInMemory)
                    : countThenDraw(members, spec, knownScopeSizes, sink, candidatesInMemory);
            if (once != null) {
                return once;
            }
        } else if (sink != null) {
            sink.abandon();
        }
        // Pass 1: sizes, eligibility, exclusions.
        Tally tally = new Tally();
        for (DrawMember m : members) {
            tally.count(m, spec);
        }
        tally.done();
        Map<String, Long> scopeSizes = tally.scopeSizes;
        Map<String, Long> eligible = tally.eligible;
        Map<String, Long> eligibleByRegion = tally.eligibleByRegion;
        List<Exclusion> exclusions = tally.sortedExclusions();

        Map<String, Long> quotas = new TreeMap<>();
        if (spec.mode() == Mode.RATIO) {
            eligible.forEach((s, n) -> quotas.put(s, ratioQuota(n, spec.ratioBasisPoints().getOrDefault(s, 0))));
        } else {
            quotas.putAll(countQuotas(eligible, spec.ratioBasisPoints(), spec.count()));
        }

        // Pass 2: the k lowest ranks per stratum, each in a max-heap of size k.
        Ranker ranker = new Ranker(spec.seed());
        Map<String, PriorityQueue<Ranked>> heaps = new HashMap<>();
        for (DrawMember m : members) {
            long k = quotas.getOrDefault(m.stratum(), 0L);
            if (k == 0 || exclusionReason(m, spec) != null) {
                continue;
            }
            offer(heaps.computeIfAbsent(m.stratum(), s -> new PriorityQueue<>(ORDER.reversed())), k,
                    new Ranked(ranker.rank(m.code()), m));
        }
        return finish(members, spec, ranker, scopeSizes, eligible, eligibleByRegion, exclusions, quotas, heaps);
    }

    /** Members handed to a lane at a time. */
    static final int BATCH = 8_192;
    /** Candidates kept per stratum in the single pass: margin × what it takes, plus slack (see {@link Lane}). */
    static final double CANDIDATE_MARGIN = 1.3;
    static final long CANDIDATE_SLACK = 64;
    /** Candidates a single pass keeps in memory at most; beyond, they go to encrypted files ({@link CandidateSpill}). */
    public static final long CANDIDATES_IN_MEMORY = 100_000;
    /** Buckets of the rank histogram a spilling pass keeps per stratum and lane. */
    static final int BUCKETS = 1 << 16;

    /**
     * The single pass of a RATIO draw with known stratum sizes; null when the members do not match them.
     * The pass is split over lanes, one thread each, fed batches in turn: each lane counts and ranks
     * its batches into its own tally and bounded heaps, and the lanes are merged at the end. Counts
     * add up and the k lowest ranks of a union are the k lowest of the parts' k lowest, so the
     * result does not depend on the number of lanes or on which lane got which batch.
     */
    static Result drawOnce(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes, double margin, long slack) {
        return drawOnce(members, spec, knownScopeSizes, margin, slack, null, CANDIDATES_IN_MEMORY);
    }

    /** As above; the exclusions go to {@code sink} (when given), which is finished, or abandoned when this returns null or fails. */
    static Result drawOnce(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes, double margin, long slack,
                           ExclusionSink sink, long candidatesInMemory) {
        // Each stratum's quota is at most the one its whole size would give; its threshold is a share of its whole size.
        Map<String, Long> bounds = new HashMap<>();
        knownScopeSizes.forEach((s, n) -> bounds.put(s, ratioQuota(n, spec.ratioBasisPoints().getOrDefault(s, 0))));
        return drawOnce(members, spec, knownScopeSizes, bounds, knownScopeSizes, margin, slack, sink, candidatesInMemory,
                eligible -> {
                    Map<String, Long> quotas = new TreeMap<>();
                    eligible.forEach((s, n) -> quotas.put(s, ratioQuota(n, spec.ratioBasisPoints().getOrDefault(s, 0))));
                    return quotas;
                });
    }

    /**
     * A COUNT draw with known stratum sizes: its quotas depend on every stratum's eligible size, so a
     * first pass only counts (keeping nothing but counters), and the single pass then ranks with the
     * exact quotas as bounds, its thresholds a share of each stratum's eligible members, handing its
     * exclusions to the sink as a RATIO draw does. Null (the sink abandoned) when the pass cannot decide.
     */
    static Result countThenDraw(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes, ExclusionSink sink,
                                long candidatesInMemory) {
        Tally counting = countAll(members, spec);
        if (!counting.scopeSizes.equals(new TreeMap<>(knownScopeSizes))) {
            if (sink != null) {
                sink.abandon();
            }
            return null;
        }
        Map<String, Long> quotas = countQuotas(counting.eligible, spec.ratioBasisPoints(), spec.count());
        return drawOnce(members, spec, knownScopeSizes, quotas, counting.eligible, CANDIDATE_MARGIN, CANDIDATE_SLACK, sink,
                candidatesInMemory, eligible -> countQuotas(eligible, spec.ratioBasisPoints(), spec.count()));
    }

    /**
     * Counts every member, keeping nothing but counters. A snapshot's chunks are counted on the lanes,
     * as the single pass ranks them, while the next chunks are read; counts add up, so the lanes' tallies
     * merge into the same counts in any order.
     */
    private static Tally countAll(Iterable<DrawMember> members, Spec spec) {
        int laneCount = laneCount();
        if (!(members instanceof Chunked<DrawMember> chunked) || laneCount == 1) {
            Tally counting = new Tally(false);
            for (DrawMember m : members) {
                counting.count(m, spec);
            }
            return counting.done();
        }
        Tally[] tallies = new Tally[laneCount];
        for (int i = 0; i < laneCount; i++) {
            tallies[i] = new Tally(false);
        }
        try (LaneThreads threads = new LaneThreads(laneCount, "draw-count")) {
            int next = 0;
            for (java.util.Iterator<List<DrawMember>> chunks = chunked.chunks(); chunks.hasNext(); next++) {
                List<DrawMember> chunk = chunks.next();
                Tally tally = tallies[next % laneCount];
                threads.hand(next % laneCount, () -> {
                    for (DrawMember m : chunk) {
                        tally.count(m, spec);
                    }
                });
            }
            threads.await("counting");
        }
        for (int i = 1; i < laneCount; i++) {
            tallies[0].absorb(tallies[i]);
        }
        return tallies[0].done();
    }

    private static int laneCount() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The single pass with, per stratum, an upper {@code bound} of its quota and the {@code population}
     * its candidate threshold is a share of; {@code quotaRule} gives the quotas from the eligible
     * sizes the pass counts (never above the bounds, or the pass does not decide).
     */
    static Result drawOnce(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes, Map<String, Long> bounds,
                           Map<String, Long> population, double margin, long slack, ExclusionSink sink, long candidatesInMemory,
                           java.util.function.Function<Map<String, Long>, Map<String, Long>> quotaRule) {
        InOrder streamed = sink == null ? null : new InOrder(sink);
        boolean finished = false;
        try {
            Result result = singlePass(members, spec, knownScopeSizes, bounds, population, margin, slack, streamed, candidatesInMemory,
                    quotaRule);
            finished = result != null;
            return result;
        } finally {
            if (streamed != null && !finished) {
                streamed.abandon();
            }
        }
    }

    private static Result singlePass(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes,
                                     Map<String, Long> bounds, Map<String, Long> population, double margin, long slack,
                                     InOrder streamed, long candidatesInMemory,
                                     java.util.function.Function<Map<String, Long>, Map<String, Long>> quotaRule) {
        Map<String, Long> thresholds = new HashMap<>();
        double expected = 0;
        for (Map.Entry<String, Long> p : population.entrySet()) {
            long n = p.getValue();
            long bound = bounds.getOrDefault(p.getKey(), 0L);
            double share = n == 0 ? 1 : (margin * bound + slack) / n;
            if (share < 0.5) {
                // unsigned 64-bit: share × 2^64
                thresholds.put(p.getKey(), new BigDecimal(share).multiply(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(64))).toBigInteger().longValue());
                expected += bound > 0 ? Math.min(n, margin * bound + slack) : 0;
            } else {
                expected += bound > 0 ? n : 0;
            }
        }
        int laneCount = laneCount();
        boolean spill = expected > candidatesInMemory;
        Lane[] lanes = new Lane[laneCount];
        boolean handedOver = false;
        try {
            for (int i = 0; i < laneCount; i++) {
                lanes[i] = new Lane(spec, bounds, thresholds, streamed, spill ? new CandidateSpill() : null);
            }
            Result result = singlePass(members, spec, knownScopeSizes, bounds, lanes, streamed, quotaRule);
            handedOver = result != null;
            return result;
        } finally {
            if (!handedOver) {
                for (Lane lane : lanes) {
                    if (lane != null && lane.spill != null) {
                        lane.spill.close();
                    }
                }
            }
        }
    }

    private static Result singlePass(Iterable<DrawMember> members, Spec spec, Map<String, Long> knownScopeSizes,
                                     Map<String, Long> bounds, Lane[] lanes, InOrder streamed,
                                     java.util.function.Function<Map<String, Long>, Map<String, Long>> quotaRule) {
        int laneCount = lanes.length;
        try (LaneThreads threads = new LaneThreads(laneCount, "draw-lane")) {
            int next = 0;
            if (members instanceof Chunked<DrawMember> chunked) {
                // The lists the snapshot is read in go to the lanes as they are: no second gathering.
                for (java.util.Iterator<List<DrawMember>> chunks = chunked.chunks(); chunks.hasNext(); ) {
                    List<DrawMember> chunk = chunks.next();
                    if (!chunk.isEmpty()) {
                        hand(threads, lanes, chunk, next++);
                    }
                }
            } else {
                List<DrawMember> batch = new ArrayList<>(BATCH);
                for (DrawMember m : members) {
                    batch.add(m);
                    if (batch.size() == BATCH) {
                        hand(threads, lanes, batch, next++);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                if (!batch.isEmpty()) {
                    hand(threads, lanes, batch, next);
                }
            }
            threads.await("drawing");
            // Each lane orders its own candidates (or closes its file) on its own thread; they are merged below.
            for (int i = 0; i < laneCount; i++) {
                threads.submit(i, lanes[i]::endPass);
            }
            threads.await("drawing");
        }
        Lane all = lanes[0];
        for (int i = 1; i < laneCount; i++) {
            all.absorb(lanes[i]);
        }

        Tally tally = all.tally.done();
        if (!tally.scopeSizes.equals(new TreeMap<>(knownScopeSizes)) || streamed != null && !streamed.inOrder()) {
            return null;
        }
        Map<String, Long> scopeSizes = tally.scopeSizes;
        Map<String, Long> eligible = tally.eligible;
        Map<String, Long> eligibleByRegion = tally.eligibleByRegion;
        Map<String, Long> quotas = new TreeMap<>(quotaRule.apply(eligible));
        for (Map.Entry<String, Long> q : quotas.entrySet()) {
            if (q.getValue() > bounds.getOrDefault(q.getKey(), 0L)) {
                // more than the pass kept candidates for: the two passes decide
                return null;
            }
        }
        if (all.spill != null) {
            List<Exclusion> exclusions = streamed == null ? tally.sortedExclusions() : null;
            return fromSpills(members, spec, lanes, all, scopeSizes, eligible, eligibleByRegion, quotas,
                    () -> exclusions != null ? exclusions : streamed.finish());
        }
        Map<String, java.util.Collection<Ranked>> chosen = new HashMap<>();
        for (Map.Entry<String, PriorityQueue<Ranked>> e : all.heaps.entrySet()) {
            long k = quotas.getOrDefault(e.getKey(), 0L);
            PriorityQueue<Ranked> heap = e.getValue();
            while (heap.size() > k) {
                heap.poll();
            }
            chosen.put(e.getKey(), heap);
        }
        for (Map.Entry<String, List<List<Ranked>>> e : all.candidates().entrySet()) {
            long k = quotas.getOrDefault(e.getKey(), 0L);
            List<List<Ranked>> sorted = e.getValue();
            if (sorted.stream().mapToLong(List::size).sum() < k) {
                // Fewer members ranked under the stratum's threshold than it takes: decide with the two passes.
                return null;
            }
            chosen.put(e.getKey(), lowest(sorted, (int) k));
        }
        for (Map.Entry<String, Long> q : quotas.entrySet()) {
            if (q.getValue() > 0 && !chosen.containsKey(q.getKey())) {
                return null;
            }
        }
        List<Exclusion> exclusions = streamed == null ? tally.sortedExclusions() : streamed.finish();
        return finish(members, spec, all.ranker, scopeSizes, eligible, eligibleByRegion, exclusions, quotas, chosen);
    }

    /** Per jurisdiction short of the minimum, how many members it still wants (§9). */
    private static Map<String, Long> shortJurisdictions(Spec spec, Map<String, Long> eligibleByRegion, Map<String, Long> selectedByRegion) {
        Map<String, Long> missing = new LinkedHashMap<>();
        eligibleByRegion.forEach((region, n) -> {
            long want = Math.min(n, spec.minPerJurisdiction()) - selectedByRegion.getOrDefault(region, 0L);
            if (want > 0) {
                missing.put(region, want);
            }
        });
        return missing;
    }

    /** The width of a stratum's histogram buckets: a share of its threshold, or 0 for the whole 64-bit range (the top 16 bits). */
    static long bucketWidth(boolean thresholded, long threshold) {
        if (!thresholded) {
            return 0;
        }
        return threshold == 0 ? 1 : Long.divideUnsigned(threshold - 1, BUCKETS) + 1;
    }

    /** The bucket of a rank's 8-byte prefix; below {@link #BUCKETS} for every prefix under the stratum's threshold. */
    static long bucket(long prefix, long width) {
        return width == 0 ? prefix >>> 48 : Long.divideUnsigned(prefix, width);
    }

    /**
     * Where a spilling pass cuts a stratum: its members ranked in buckets below {@code bucket} are
     * drawn, and of those in it the {@code need} lowest, found by one read of the files and then
     * named by where the pass met them.
     */
    private static final class Cut {
        final long bucket;
        final long need;
        final long width;
        List<Ranked> boundary = new ArrayList<>();
        Set<Long> acceptedSeqs = Set.of();
        Set<String> acceptedKeys = Set.of();

        Cut(long bucket, long need, long width) {
            this.bucket = bucket;
            this.need = need;
            this.width = width;
        }

        boolean drawnAt(long prefix, long seq) {
            long b = bucket(prefix, width);
            return b < bucket || b == bucket && acceptedSeqs.contains(seq);
        }

        boolean drawnByKey(long prefix, String key) {
            long b = bucket(prefix, width);
            return b < bucket || b == bucket && acceptedKeys.contains(key);
        }
    }

    /**
     * The end of a spilling pass. Each stratum's quota is cut in its histogram, one read of the files
     * (merged in the order the pass met the members, which must be key order) collects the members of
     * the cut's bucket and counts the drawn per jurisdiction, the jurisdiction minimum tops up as in
     * {@link #finish}, and the drawn members stay in the files, read in key order as the list is
     * walked. Null when the members were not in key order or a stratum has fewer candidates than its
     * quota (the two passes decide).
     */
    private static Result fromSpills(Iterable<DrawMember> members, Spec spec, Lane[] lanes, Lane all, Map<String, Long> scopeSizes,
                                     Map<String, Long> eligible, Map<String, Long> eligibleByRegion, Map<String, Long> quotas,
                                     java.util.function.Supplier<List<Exclusion>> exclusions) {
        Map<String, Cut> cuts = new HashMap<>();
        long stratified = 0;
        for (Map.Entry<String, Long> q : quotas.entrySet()) {
            long k = q.getValue();
            if (k == 0) {
                continue;
            }
            long[] histogram = all.histograms.get(q.getKey());
            if (histogram == null) {
                return null;
            }
            long before = 0;
            int b = 0;
            while (b < BUCKETS && before + histogram[b] < k) {
                before += histogram[b];
                b++;
            }
            if (b == BUCKETS) {
                return null;
            }
            Long threshold = all.thresholds.get(q.getKey());
            cuts.put(q.getKey(), new Cut(b, k - before, bucketWidth(threshold != null, threshold == null ? 0 : threshold)));
            stratified += k;
        }
        List<CandidateSpill> spills = new ArrayList<>();
        for (Lane lane : lanes) {
            spills.add(lane.spill);
        }
        Map<String, Long> selectedByRegion = new HashMap<>();
        String last = null;
        try (Merged in = new Merged(spills)) {
            while (in.hasNext()) {
                CandidateSpill.Entry e = in.next();
                String key = e.member().code();
                if (last != null && Utf8.compare(last, key) >= 0) {
                    return null;
                }
                last = key;
                Cut cut = cuts.get(e.member().stratum());
                if (cut == null) {
                    continue;
                }
                long b = bucket(Ranked.prefixOf(e.rank()), cut.width);
                if (b < cut.bucket) {
                    selectedByRegion.merge(e.member().region(), 1L, Long::sum);
                } else if (b == cut.bucket) {
                    cut.boundary.add(new Ranked(e.rank(), e.member(), e.seq()));
                }
            }
        }
        for (Cut cut : cuts.values()) {
            cut.boundary.sort(ORDER);
            List<Ranked> accepted = cut.boundary.subList(0, (int) cut.need);
            cut.acceptedSeqs = new java.util.HashSet<>();
            cut.acceptedKeys = new java.util.HashSet<>();
            for (Ranked r : accepted) {
                cut.acceptedSeqs.add(r.seq);
                cut.acceptedKeys.add(r.member.code());
                selectedByRegion.merge(r.member.region(), 1L, Long::sum);
            }
            cut.boundary = null;
        }

        // The jurisdiction minimum, as in finish(): a further pass over the members when some jurisdiction is short.
        List<Selected> topUps = new ArrayList<>();
        if (spec.minPerJurisdiction() > 0) {
            Map<String, Long> missing = shortJurisdictions(spec, eligibleByRegion, selectedByRegion);
            if (!missing.isEmpty()) {
                Ranker ranker = new Ranker(spec.seed());
                Map<String, PriorityQueue<Ranked>> regionHeaps = new HashMap<>();
                for (DrawMember m : members) {
                    Long want = missing.get(m.region());
                    if (want == null || exclusionReason(m, spec) != null) {
                        continue;
                    }
                    byte[] rank = ranker.rank(m.code());
                    Cut cut = cuts.get(m.stratum());
                    if (cut != null && cut.drawnByKey(Ranked.prefixOf(rank), m.code())) {
                        continue;
                    }
                    offer(regionHeaps.computeIfAbsent(m.region(), r -> new PriorityQueue<>(ORDER.reversed())), want, new Ranked(rank, m));
                }
                regionHeaps.values().forEach(heap -> heap.forEach(r -> topUps.add(selected(r, "JURISDICTION_MINIMUM"))));
            }
        }
        Utf8.sort(topUps, Selected::key);
        SpilledSelection selected = new SpilledSelection(spills, cuts, List.copyOf(topUps), stratified + topUps.size());
        MessageDigest md = Sha256.newDigest();
        for (Selected s : selected) {
            md.update((s.key() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Result(scopeSizes, eligible, quotas, selected, exclusions.get(), Sha256.hex(md.digest()));
    }

    /** The candidates of every lane's file, in the order the pass met them (each file is in that order already). */
    private static final class Merged implements java.util.Iterator<CandidateSpill.Entry>, AutoCloseable {
        private final List<CandidateSpill.Reader> readers = new ArrayList<>();
        private final CandidateSpill.Entry[] heads;

        Merged(List<CandidateSpill> spills) {
            heads = new CandidateSpill.Entry[spills.size()];
            for (int i = 0; i < spills.size(); i++) {
                CandidateSpill.Reader r = spills.get(i).read();
                readers.add(r);
                heads[i] = r.hasNext() ? r.next() : null;
            }
        }

        @Override
        public boolean hasNext() {
            for (CandidateSpill.Entry h : heads) {
                if (h != null) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public CandidateSpill.Entry next() {
            int best = -1;
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] != null && (best < 0 || heads[i].seq() < heads[best].seq())) {
                    best = i;
                }
            }
            if (best < 0) {
                throw new java.util.NoSuchElementException();
            }
            CandidateSpill.Entry out = heads[best];
            CandidateSpill.Reader r = readers.get(best);
            heads[best] = r.hasNext() ? r.next() : null;
            return out;
        }

        @Override
        public void close() {
            readers.forEach(CandidateSpill.Reader::close);
        }
    }

    /**
     * The drawn members of a spilling pass, read from its files in key order on every walk: the
     * stratified members (their cut decides) merged with the jurisdiction top-ups. Walk it with its
     * iterator; {@code get(i)} walks from the start.
     */
    static final class SpilledSelection extends java.util.AbstractList<Selected> implements AutoCloseable {
        private final List<CandidateSpill> spills;
        private final Map<String, Cut> cuts;
        private final List<Selected> topUps;
        private final long size;

        private SpilledSelection(List<CandidateSpill> spills, Map<String, Cut> cuts, List<Selected> topUps, long size) {
            this.spills = spills;
            this.cuts = cuts;
            this.topUps = topUps;
            this.size = size;
        }

        @Override
        public int size() {
            return Math.toIntExact(size);
        }

        @Override
        public Selected get(int index) {
            java.util.Objects.checkIndex(index, size());
            java.util.Iterator<Selected> it = iterator();
            for (int i = 0; i < index; i++) {
                it.next();
            }
            return it.next();
        }

        @Override
        public java.util.Iterator<Selected> iterator() {
            return new java.util.Iterator<>() {
                private final Merged in = new Merged(spills);
                private int topUp;
                private Selected stratified = advance();

                private Selected advance() {
                    while (in.hasNext()) {
                        CandidateSpill.Entry e = in.next();
                        Cut cut = cuts.get(e.member().stratum());
                        if (cut != null && cut.drawnAt(Ranked.prefixOf(e.rank()), e.seq())) {
                            return selected(new Ranked(e.rank(), e.member(), e.seq()), "STRATUM");
                        }
                    }
                    in.close();
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return stratified != null || topUp < topUps.size();
                }

                @Override
                public Selected next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    if (stratified != null && (topUp == topUps.size() || Utf8.compare(stratified.key(), topUps.get(topUp).key()) < 0)) {
                        Selected out = stratified;
                        stratified = advance();
                        return out;
                    }
                    return topUps.get(topUp++);
                }
            };
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof List<?> other) || other.size() != size()) {
                return false;
            }
            java.util.Iterator<?> theirs = other.iterator();
            for (Selected s : this) {
                if (!s.equals(theirs.next())) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (Selected s : this) {
                h = 31 * h + s.hashCode();
            }
            return h;
        }

        @Override
        public void close() {
            spills.forEach(CandidateSpill::close);
        }
    }

    /** The {@code k} lowest of lists each in {@link #ORDER}, in that order. */
    private static List<Ranked> lowest(List<List<Ranked>> sorted, int k) {
        List<Ranked> out = new ArrayList<>(k);
        int[] at = new int[sorted.size()];
        while (out.size() < k) {
            int best = -1;
            for (int i = 0; i < at.length; i++) {
                if (at[i] < sorted.get(i).size()
                        && (best < 0 || ORDER.compare(sorted.get(i).get(at[i]), sorted.get(best).get(at[best])) < 0)) {
                    best = i;
                }
            }
            out.add(sorted.get(best).get(at[best]++));
        }
        return out;
    }

    /** Hands batch number {@code index} to its lane (the batches go round the lanes in turn). */
    private static void hand(LaneThreads threads, Lane[] lanes, List<DrawMember> batch, int index) {
        Lane lane = lanes[index % lanes.length];
        threads.hand(index % lanes.length, () -> lane.process(batch, index));
    }

    /**
     * One thread per lane, so each lane runs what it is handed in that order, and at most two
     * batches waiting per lane, so memory stays bounded however large the scope. A lane's failure
     * is thrown by {@link #await}; closing stops the threads.
     */
    private static final class LaneThreads implements AutoCloseable {
        private final java.util.concurrent.ExecutorService[] threads;
        private final java.util.concurrent.Semaphore inFlight;
        private final List<java.util.concurrent.Future<?>> work = new ArrayList<>();

        LaneThreads(int lanes, String name) {
            threads = new java.util.concurrent.ExecutorService[lanes];
            for (int i = 0; i < lanes; i++) {
                threads[i] = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
            }
            inFlight = new java.util.concurrent.Semaphore(2 * lanes);
        }

        /** Runs {@code task} on {@code lane} once fewer than two batches a lane wait. */
        void hand(int lane, Runnable task) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing a batch to a lane", e);
            }
            work.add(threads[lane].submit(() -> {
                try {
                    task.run();
                } finally {
                    inFlight.release();
                }
            }));
        }

        /** Runs {@code task} on {@code lane} after what it was handed. */
        void submit(int lane, Runnable task) {
            work.add(threads[lane].submit(task));
        }

        /** Waits for everything handed so far. */
        void await(String what) {
            try {
                for (java.util.concurrent.Future<?> f : work) {
                    f.get();
                }
                work.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + what, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            for (java.util.concurrent.ExecutorService t : threads) {
                t.shutdownNow();
            }
        }
    }

    /**
     * One lane of the single pass: its own tally, ranker and per-stratum candidates, used by one
     * thread at a time. A stratum drawing under half of its members keeps every member ranked
     * below a threshold — its share scaled by a margin, as a fraction of 2^64 — in a plain list;
     * ranks are uniform, so that is about the margin times what it takes, and the k lowest of the
     * stratum are all among them whenever at least k are (any member above the threshold ranks
     * after every one below it). Otherwise the draw falls back to the two passes. Larger shares
     * keep a bounded heap.
     */
    private static final class Lane {
        final Spec spec;
        final Map<String, Long> bounds;
        final Map<String, Long> thresholds;
        final Tally tally = new Tally();
        final Ranker ranker;
        final Map<String, PriorityQueue<Ranked>> heaps = new HashMap<>();
        final Map<String, List<Ranked>> candidates = new HashMap<>();
        /** Candidate lists of this lane and of the lanes absorbed, per stratum, each in {@link #ORDER} once sorted. */
        private final Map<String, List<List<Ranked>>> absorbed = new HashMap<>();
        private final byte[] rank = new byte[32];
        /** What the pass needs of each stratum, looked up once per member. */
        private final Map<String, Stratum> strata = new HashMap<>();
        /** Where a spilling pass writes its candidates (null: kept in memory), and their rank histograms per stratum. */
        final CandidateSpill spill;
        final Map<String, long[]> histograms = new HashMap<>();

        /** A stratum's bound and threshold, and where its members go (its candidate list, its heap, or the file and histogram). */
        private final class Stratum {
            final long bound;
            final boolean thresholded;
            final long threshold;
            final long width;
            private List<Ranked> list;
            private PriorityQueue<Ranked> heap;
            private long[] histogram;

            Stratum(String name) {
                bound = bounds.getOrDefault(name, 0L);
                Long t = thresholds.get(name);
                thresholded = t != null;
                threshold = t == null ? 0 : t;
                width = bucketWidth(thresholded, threshold);
                if (bound > 0 && spill != null) {
                    histogram = histograms.computeIfAbsent(name, s -> new long[BUCKETS]);
                } else if (bound > 0) {
                    if (thresholded) {
                        list = candidates.computeIfAbsent(name, s -> new ArrayList<>());
                    } else {
                        heap = heaps.computeIfAbsent(name, s -> new PriorityQueue<>(ORDER.reversed()));
                    }
                }
            }
        }

        /** Where each batch's exclusions go once counted; null = kept in the tally. */
        private final InOrder streamed;

        Lane(Spec spec, Map<String, Long> bounds, Map<String, Long> thresholds, InOrder streamed, CandidateSpill spill) {
            this.spec = spec;
            this.bounds = bounds;
            this.thresholds = thresholds;
            this.ranker = new Ranker(spec.seed());
            this.streamed = streamed;
            this.spill = spill;
        }

        /** Counts and ranks batch number {@code index} of the pass. */
        void process(List<DrawMember> batch, int index) {
            if (streamed == null) {
                tally.batch(index);
                rank(batch, index);
                return;
            }
            try {
                rank(batch, index);
            } finally {
                // the tally keeps nothing it hands on: the sink may still be reading the list
                streamed.put(index, tally.take());
            }
        }

        private void rank(List<DrawMember> batch, int index) {
            long seq = (long) index << 32;
            for (DrawMember m : batch) {
                seq++;
                if (!tally.count(m, spec)) {
                    continue;
                }
                Stratum stratum = strata.get(m.stratum());
                if (stratum == null) {
                    stratum = new Stratum(m.stratum());
                    strata.put(m.stratum(), stratum);
                }
                if (stratum.bound <= 0) {
                    continue;
                }
                ranker.rankInto(m.code(), rank);
                if (stratum.histogram != null) {
                    long prefix = Ranked.prefixOf(rank);
                    if (!stratum.thresholded || Long.compareUnsigned(prefix, stratum.threshold) < 0) {
                        stratum.histogram[(int) bucket(prefix, stratum.width)]++;
                        spill.write(seq, rank, m);
                    }
                } else if (stratum.thresholded) {
                    if (Long.compareUnsigned(Ranked.prefixOf(rank), stratum.threshold) < 0) {
                        stratum.list.add(new Ranked(rank.clone(), m, seq));
                    }
                } else {
                    offer(stratum.heap, stratum.bound, rank, m, seq);
                }
            }
        }

        /** Orders this lane's candidates, or ends its file (on the lane's thread, once its batches are done). */
        void endPass() {
            candidates.values().forEach(list -> list.sort(ORDER));
            if (spill != null) {
                spill.finishWriting();
            }
        }

        /** Every candidate list per stratum: this lane's and those of the lanes it absorbed. */
        Map<String, List<List<Ranked>>> candidates() {
            Map<String, List<List<Ranked>>> all = new HashMap<>();
            candidates.forEach((stratum, list) -> all.computeIfAbsent(stratum, s -> new ArrayList<>()).add(list));
            absorbed.forEach((stratum, lists) -> all.computeIfAbsent(stratum, s -> new ArrayList<>()).addAll(lists));
            return all;
        }

        void absorb(Lane other) {
            tally.absorb(other.tally);
            other.histograms.forEach((stratum, counts) -> {
                long[] mine = histograms.computeIfAbsent(stratum, s -> new long[BUCKETS]);
                for (int b = 0; b < BUCKETS; b++) {
                    mine[b] += counts[b];
                }
            });
            other.candidates().forEach((stratum, lists) -> absorbed.computeIfAbsent(stratum, s -> new ArrayList<>()).addAll(lists));
            other.heaps.forEach((stratum, heap) -> {
                PriorityQueue<Ranked> mine = heaps.computeIfAbsent(stratum, s -> new PriorityQueue<>(ORDER.reversed()));
                long bound = bounds.getOrDefault(stratum, 0L);
                for (Ranked r : heap) {
                    offer(mine, bound, r);
                }
            });
        }
    }

    /**
     * Hands the lanes' batches of exclusions to a sink in batch order (lanes finish batches out of
     * order; at most the batches in flight wait here), and checks that the keys ascend across the
     * whole pass — the order the result's list must have, which the two passes would sort into.
     */
    private static final class InOrder {
        private final ExclusionSink sink;
        private final java.util.NavigableMap<Integer, List<Exclusion>> waiting = new java.util.TreeMap<>();
        private int next;
        private String last;
        private boolean ascending = true;
        private boolean abandoned;

        InOrder(ExclusionSink sink) {
            this.sink = sink;
        }

        /** Batch {@code index}'s exclusions; every batch of the pass is put once, empty or not. */
        synchronized void put(int index, List<Exclusion> batch) {
            waiting.put(index, batch);
            for (List<Exclusion> ready = waiting.remove(next); ready != null; ready = waiting.remove(next)) {
                next++;
                if (abandoned || ready.isEmpty()) {
                    continue;
                }
                for (Exclusion e : ready) {
                    ascending &= last == null || Utf8.compare(last, e.code()) < 0;
                    last = e.code();
                }
                // a batch out of order is not handed on: the two passes will decide
                if (ascending) {
                    sink.accept(ready);
                }
            }
        }

        synchronized boolean inOrder() {
            return ascending && waiting.isEmpty();
        }

        List<Exclusion> finish() {
            return sink.finish();
        }

        synchronized void abandon() {
            if (!abandoned) {
                abandoned = true;
                waiting.clear();
                sink.abandon();
            }
        }
    }

    /** Stratum sizes, eligible counts per stratum and jurisdiction, and exclusions, as the members stream by. */
    private static final class Tally {
        // Hash maps of counters while counting (two lookups per member, nothing boxed), sorted once at the end:
        // per stratum {members, eligible members}, per jurisdiction eligible members.
        private final Map<String, long[]> strataCounts = new HashMap<>();
        private final Map<String, long[]> regionCounts = new HashMap<>();
        private final Map<String, String> statusReasons = new HashMap<>();
        private List<Exclusion> exclusions = new ArrayList<>();
        /** False for a pass that only counts: the exclusions are decided, not kept. */
        private final boolean keep;
        /**
         * The exclusions of the single pass by batch number. A snapshot is read in key order, so its
         * batches' exclusions joined in batch order are already in order, and the sort at the end only
         * confirms it instead of merging the lanes' interleaved lists.
         */
        private final java.util.NavigableMap<Integer, List<Exclusion>> batches = new java.util.TreeMap<>();

        Tally() {
            this(true);
        }

        Tally(boolean keep) {
            this.keep = keep;
        }

        /** The members counted next belong to batch {@code index}. */
        void batch(int index) {
            exclusions = batches.computeIfAbsent(index, i -> new ArrayList<>());
        }

        /** The exclusions counted since the last take, no longer this tally's (it starts a new list). */
        List<Exclusion> take() {
            List<Exclusion> taken = exclusions;
            exclusions = new ArrayList<>();
            return taken;
        }
        Map<String, Long> scopeSizes;
        Map<String, Long> eligible;
        Map<String, Long> eligibleByRegion;

        /** Counts the member; true when it is eligible to be drawn. */
        boolean count(DrawMember m, Spec spec) {
            long[] counts = strataCounts.computeIfAbsent(m.stratum(), s -> new long[2]);
            counts[0]++;
            String reason = exclusionReason(m, spec, statusReasons);
            if (reason != null) {
                if (!keep) {
                    return false;
                }
                // recorded under the member's key: the public exclusion list never carries a person's code
                exclusions.add(new Exclusion(m.code(), reason, reason.startsWith("STATUS_") ? List.of() : spec.evidence(m)));
                return false;
            }
            counts[1]++;
            if (!m.region().isEmpty()) {
                regionCounts.computeIfAbsent(m.region(), s -> new long[1])[0]++;
            }
            return true;
        }

        /** Adds another tally's counts and exclusions to this one (before {@link #done()}). */
        void absorb(Tally other) {
            other.strataCounts.forEach((k, v) -> {
                long[] mine = strataCounts.computeIfAbsent(k, s -> new long[2]);
                mine[0] += v[0];
                mine[1] += v[1];
            });
            add(regionCounts, other.regionCounts);
            if (other.batches.isEmpty()) {
                exclusions.addAll(other.exclusions);
            } else {
                other.batches.forEach((index, list) -> batches.merge(index, list, (a, b) -> {
                    a.addAll(b);
                    return a;
                }));
            }
        }

        private static void add(Map<String, long[]> to, Map<String, long[]> from) {
            from.forEach((k, v) -> to.computeIfAbsent(k, s -> new long[1])[0] += v[0]);
        }

        /** Ends the count: sizes sorted by key, exclusions by code. */
        Tally done() {
            scopeSizes = new TreeMap<>();
            eligible = new TreeMap<>();
            strataCounts.forEach((k, v) -> {
                scopeSizes.put(k, v[0]);
                eligible.put(k, v[1]);
            });
            eligibleByRegion = sorted(regionCounts);
            if (!batches.isEmpty()) {
                List<Exclusion> all = new ArrayList<>(batches.values().stream().mapToInt(List::size).sum());
                batches.values().forEach(all::addAll);
                exclusions = all;
            }
            Utf8.sort(exclusions, Exclusion::code);
            exclusions = List.copyOf(exclusions);
            return this;
        }

        private static Map<String, Long> sorted(Map<String, long[]> counts) {
            Map<String, Long> out = new TreeMap<>();
            counts.forEach((k, v) -> out.put(k, v[0]));
            return out;
        }

        List<Exclusion> sortedExclusions() {
            return exclusions;
        }
    }

    /** Selection from the per-stratum heaps, then the jurisdiction minimum (a further pass only when needed). */
    private static Result finish(Iterable<DrawMember> members, Spec spec, Ranker ranker, Map<String, Long> scopeSizes,
                                 Map<String, Long> eligible, Map<String, Long> eligibleByRegion, List<Exclusion> exclusions,
                                 Map<String, Long> quotas, Map<String, ? extends java.util.Collection<Ranked>> heaps) {
        if (spec.minPerJurisdiction() == 0) {
            // No top-up: the members taken are sorted as they are; only keys seen twice (a snapshot never
            // has them) take the general way below, which keeps one member per key.
            List<Ranked> taken = new ArrayList<>();
            for (java.util.Collection<Ranked> heap : heaps.values()) {
                taken.addAll(heap);
            }
            // In the order the single pass met them first: a snapshot is read in key order, so the sort
            // by key below only confirms it, where sorting the strings themselves cost more than ranking.
            taken.sort(BY_SEQ);
            List<Selected> list = new ArrayList<>(taken.size());
            for (Ranked r : taken) {
                list.add(selected(r, "STRATUM"));
            }
            Utf8.sort(list, Selected::key);
            boolean distinct = true;
            for (int i = 1; i < list.size() && distinct; i++) {
                distinct = !list.get(i).key().equals(list.get(i - 1).key());
            }
            if (distinct) {
                List<Selected> sorted = List.copyOf(list);
                return new Result(scopeSizes, eligible, quotas, sorted, exclusions,
                        keyDigest(sorted.stream().map(Selected::key).toList()));
            }
        }
        // Sorted by code once at the end rather than kept sorted on every insert.
        Map<String, Selected> selected = new HashMap<>();
        Map<String, Long> selectedByRegion = new HashMap<>();
        for (java.util.Collection<Ranked> heap : heaps.values()) {
            for (Ranked r : heap) {
                selected.put(r.member.code(), selected(r, "STRATUM"));
                selectedByRegion.merge(r.member.region(), 1L, Long::sum);
            }
        }

        // Pass 3: top every jurisdiction up to the minimum from its lowest-ranked members not yet drawn.
        if (spec.minPerJurisdiction() > 0) {
            Map<String, Long> missing = shortJurisdictions(spec, eligibleByRegion, selectedByRegion);
            if (!missing.isEmpty()) {
                Map<String, PriorityQueue<Ranked>> regionHeaps = new HashMap<>();
                for (DrawMember m : members) {
                    Long want = missing.get(m.region());
                    if (want == null || selected.containsKey(m.code()) || exclusionReason(m, spec) != null) {
                        continue;
                    }
                    offer(regionHeaps.computeIfAbsent(m.region(), r -> new PriorityQueue<>(ORDER.reversed())), want,
                            new Ranked(ranker.rank(m.code()), m));
                }
                for (PriorityQueue<Ranked> heap : regionHeaps.values()) {
                    for (Ranked r : heap) {
                        selected.put(r.member.code(), selected(r, "JURISDICTION_MINIMUM"));
                    }
                }
            }
        }
        // By key in UTF-8 byte order (version 1: keys are the ASCII codes, so the same order as before).
        List<Selected> list = selected.values().stream().sorted(Comparator.comparing(Selected::key, Utf8.ORDER)).toList();
        return new Result(scopeSizes, eligible, quotas, list, exclusions, keyDigest(list.stream().map(Selected::key).toList()));
    }

    /**
     * The subject codes of drawn members, in their order: a copy for a list in memory, a view walked
     * with the list for a spilled one (which is never copied whole).
     */
    public static List<String> codes(List<Selected> selected) {
        if (!(selected instanceof SpilledSelection)) {
            return selected.stream().map(Selected::code).toList();
        }
        return new java.util.AbstractList<>() {
            @Override
            public String get(int index) {
                return selected.get(index).code();
            }

            @Override
            public int size() {
                return selected.size();
            }

            @Override
            public java.util.Iterator<String> iterator() {
                java.util.Iterator<Selected> it = selected.iterator();
                return new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public String next() {
                        return it.next().code();
                    }
                };
            }
        };
    }

    /** SHA-256 over the codes in ascending order, each followed by "\n" (version 1). */
    public static String selectedDigest(List<String> codes) {
        ScopeDigest digest = new ScopeDigest();
        codes.stream().sorted().forEach(digest::add);
        return digest.hex();
    }

    /** SHA-256 over the keys in ascending UTF-8 byte order, each followed by "\n" (for ASCII codes the same as {@link #selectedDigest}). */
    public static String keyDigest(List<String> keys) {
        MessageDigest md = Sha256.newDigest();
        keys.stream().sorted(Utf8.ORDER).forEach(k -> md.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
        return Sha256.hex(md.digest());
    }

    /**
     * {@link #keyDigest} of a list walked once, without a sorted copy when its keys already ascend
     * (a stored record's list does; one that does not is sorted as {@link #keyDigest} does).
     */
    public static String keyDigestAsListed(List<String> keys) {
        MessageDigest md = Sha256.newDigest();
        String last = null;
        for (String k : keys) {
            if (last != null && Utf8.compare(last, k) >= 0) {
                return keyDigest(keys);
            }
            md.update((k + "\n").getBytes(StandardCharsets.UTF_8));
            last = k;
        }
        return Sha256.hex(md.digest());
    }

    /** As {@link #offer(PriorityQueue, long, Ranked)}, building the candidate only when it can enter the heap. */
    private static void offer(PriorityQueue<Ranked> heap, long k, byte[] rank, DrawMember member, long seq) {
        if (heap.size() >= k && k > 0) {
            long prefix = Ranked.prefixOf(rank);
            int c = Long.compareUnsigned(prefix, heap.peek().prefix);
            if (c > 0) {
                return;
            }
        }
        // the caller may reuse its buffer
        offer(heap, k, new Ranked(rank.clone(), member, seq));
    }

    private static void offer(PriorityQueue<Ranked> heap, long k, Ranked candidate) {
        if (heap.size() < k) {
            heap.add(candidate);
        } else if (ORDER.compare(candidate, heap.peek()) < 0) {
            heap.poll();
            heap.add(candidate);
        }
    }

    private static Selected selected(Ranked r, String reason) {
        DrawMember m = r.member;
        return new Selected(m.subject() != null ? m.subject() : m.code(), m.stratum(), m.region(), m.kind(), Sha256.hex(r.rank), reason,
                m.code());
    }

    /** The reason a member is excluded ({@code KIND_NOT_TARGETED} for a kind no item targets), or null when eligible. */
    public static String exclusionReason(DrawMember m, Spec spec) {
        return exclusionReason(m, spec, null);
    }

    /** As {@link #exclusionReason(DrawMember, Spec)}, with the {@code STATUS_} reasons kept in {@code statusReasons} (when given) rather than built per member. */
    private static String exclusionReason(DrawMember m, Spec spec, Map<String, String> statusReasons) {
        if (spec.excludedStatuses().contains(m.status())) {
            return statusReasons == null ? "STATUS_" + m.status() : statusReasons.computeIfAbsent(m.status(), s -> "STATUS_" + s);
        }
        if (spec.targetKinds() != null && !spec.targetKinds().contains(m.kind())) {
            return KIND_NOT_TARGETED;
        }
        if (spec.externalExclusions().isEmpty()) {
            return null;
        }
        String external = spec.externalExclusions().get(m.code());
        if (external == null && m.subject() != null) {
            external = spec.externalExclusions().get(m.subject());
        }
        return external;
    }

    public static final String KIND_NOT_TARGETED = "KIND_NOT_TARGETED";

    /**
     * Whether an exclusion reason is external — the member was excluded for what the record's public
     * evidence shows (an open task, a recent check), not for its status or its kind, which the draw's
     * rules decide from the snapshot itself.
     */
    public static boolean isExternal(String reason) {
        return !reason.startsWith("STATUS_") && !KIND_NOT_TARGETED.equals(reason);
    }
}
