package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.draw.SubjectDrawAlgorithm.Mode;
import io.spotcheck.draw.SubjectDrawAlgorithm.Result;
import io.spotcheck.draw.SubjectDrawAlgorithm.Selected;
import io.spotcheck.draw.SubjectDrawAlgorithm.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;
import io.spotcheck.scope.Utf8;

class SubjectDrawAlgorithmTest {

    static final List<String> EXAMPLE = List.of(
            "330109198001011234\tD\t330109003\tACTIVE\tNATURAL_PERSON",
            "91330109MA2AAAAA1X\tA\t330109001\tACTIVE\tORGANISATION",
            "91330109MA2AAAAB2X\tA\t330109001\tACTIVE\tORGANISATION",
            "91330109MA2AAAAC3X\tA\t330109002\tACTIVE\tORGANISATION",
            "91330109MA2AAAAD4X\tA\t330109002\tACTIVE\tORGANISATION",
            "91330109MA2AAAAE5X\tA\t330109003\tACTIVE\tORGANISATION",
            "92330109MA2BBBBA1X\tB\t330109001\tACTIVE\tORGANISATION",
            "92330109MA2BBBBB2X\tB\t330109002\tDEREGISTERED\tORGANISATION",
            "92330109MA2BBBBC3X\tB\t330109003\tACTIVE\tORGANISATION",
            "92330109MA2BBBBD4X\tB\t330109003\tACTIVE\tORGANISATION",
            "93330109MA2CCCCA1X\tC\t330109001\tACTIVE\tORGANISATION",
            "93330109MA2CCCCB2X\tC\t330109002\tACTIVE\tORGANISATION");

    static final Set<String> GONE = Set.of("DEREGISTERED", "MOVED_OUT");

    @Test
    void theWorkedExampleOfTheSpecification() {
        List<DrawMember> members = EXAMPLE.stream().map(DrawMember::parse).toList();
        ScopeDigest digest = new ScopeDigest();
        members.forEach(digest::add);
        String scopeDigest = digest.hex();
        assertThat(scopeDigest).isEqualTo("d5c12183dca2f3a846b365ec9982840c49a801ed0031db392bbebc02e448f48f");
        String seed = DrawSeed.derive("T-2026-0001", scopeDigest, "福彩3D 2026325 4 7 1");
        assertThat(seed).isEqualTo("17add05b26c41f18f92fe90bd23c9db17544d52e7af0b16f1b823ae3d52efd4e");
        assertThat(Sha256.hex(SubjectDrawAlgorithm.rank(seed, "91330109MA2AAAAC3X")))
                .isEqualTo("54ddeb16c555fc2b5cb5752d2951017381f1c5e59aebee5be60e9e05028e027f");

        Result result = SubjectDrawAlgorithm.draw(members, new Spec(seed, Mode.RATIO,
                Map.of("A", 2000, "B", 5000, "C", 5000, "D", 10000), 0, 2, GONE, Map.of()));

        assertThat(result.scopeSizes()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("A", 5L, "B", 4L, "C", 2L, "D", 1L)));
        assertThat(result.eligibleSizes()).containsEntry("B", 3L);
        assertThat(result.quotas()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("A", 1L, "B", 2L, "C", 1L, "D", 1L)));
        assertThat(result.exclusions()).extracting(e -> e.code() + " " + e.reason())
                .containsExactly("92330109MA2BBBBB2X STATUS_DEREGISTERED");
        assertThat(result.selected()).extracting(s -> s.code() + " " + s.reason()).containsExactly(
                "330109198001011234 STRATUM",
                "91330109MA2AAAAB2X STRATUM",
                "91330109MA2AAAAC3X JURISDICTION_MINIMUM",
                "92330109MA2BBBBA1X STRATUM",
                "92330109MA2BBBBD4X STRATUM",
                "93330109MA2CCCCB2X STRATUM");
        assertThat(result.selectedDigest()).isEqualTo("0a9b466ec859315a2da590dea61fe79fea6e737826d1c1eea2abedd4a39a829e");
    }

    @Test
    void ratioQuotasRoundUpInExactIntegerArithmetic() {
        assertThat(SubjectDrawAlgorithm.ratioQuota(1000, 100)).isEqualTo(10);
        assertThat(SubjectDrawAlgorithm.ratioQuota(1001, 100)).isEqualTo(11);
        assertThat(SubjectDrawAlgorithm.ratioQuota(1, 1)).isEqualTo(1);
        assertThat(SubjectDrawAlgorithm.ratioQuota(0, 3000)).isZero();
        assertThat(SubjectDrawAlgorithm.ratioQuota(7, 0)).isZero();
        assertThat(SubjectDrawAlgorithm.ratioQuota(3, 10000)).isEqualTo(3);
        // 0.29 is not exact in binary floating point; basis points are.
        assertThat(SubjectDrawAlgorithm.basisPoints(0.29)).isEqualTo(29);
        assertThat(SubjectDrawAlgorithm.basisPoints(2.5)).isEqualTo(250);
        assertThatThrownBy(() -> SubjectDrawAlgorithm.basisPoints(0.125)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectDrawAlgorithm.basisPoints(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countQuotasFollowLargestRemainderAndPassOnWhatAStratumCannotHold() {
        // weights A 900×100, B 90×300, C 9×1000, D 1×3000 = 90000, 27000, 9000, 3000 of 129000
        Map<String, Long> eligible = Map.of("A", 900L, "B", 90L, "C", 9L, "D", 1L);
        Map<String, Integer> bp = Map.of("A", 100, "B", 300, "C", 1000, "D", 3000);
        Map<String, Long> q = SubjectDrawAlgorithm.countQuotas(eligible, bp, 100);
        // shares 69.77, 20.93, 6.98, 2.33 → floors 69, 20, 6, 2; the 3 left go to C (.98), B (.93), A (.77);
        // D holds only 1, so its excess 1 is spread again over A, B, C and goes to A (largest share).
        assertThat(q).containsEntry("A", 71L).containsEntry("B", 21L).containsEntry("C", 7L).containsEntry("D", 1L);
        assertThat(q.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        Map<String, Long> all = SubjectDrawAlgorithm.countQuotas(eligible, bp, 5000);
        assertThat(all).containsEntry("A", 900L).containsEntry("B", 90L).containsEntry("C", 9L).containsEntry("D", 1L);
        Map<String, Long> tie = SubjectDrawAlgorithm.countQuotas(Map.of("A", 10L, "B", 10L), Map.of("A", 100, "B", 100), 3);
        assertThat(tie).containsEntry("A", 2L).containsEntry("B", 1L);
    }

    @Test
    void theSampleDoesNotDependOnTheOrderMembersArriveIn() {
        List<DrawMember> members = population(3000, 11);
        Spec spec = new Spec(Sha256.hexOf("seed-1"), Mode.RATIO, Map.of("A", 100, "B", 300, "C", 1000, "D", 3000, "UNRATED", 500),
                0, 3, GONE, Map.of(members.get(5).code(), "RECENTLY_CHECKED"));
        Result first = SubjectDrawAlgorithm.draw(members, spec);
        List<DrawMember> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(99));
        Result second = SubjectDrawAlgorithm.draw(shuffled, spec);
        assertThat(second.selected()).isEqualTo(first.selected());
        assertThat(second.selectedDigest()).isEqualTo(first.selectedDigest());
        Result again = SubjectDrawAlgorithm.draw(members, spec);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aDifferentSeedGivesADifferentSampleOfTheSameSizes() {
        List<DrawMember> members = population(3000, 12);
        Map<String, Integer> bp = Map.of("A", 100, "B", 300, "C", 1000, "D", 3000);
        Result one = SubjectDrawAlgorithm.draw(members, new Spec(Sha256.hexOf("a"), Mode.RATIO, bp, 0, 0, GONE, Map.of()));
        Result two = SubjectDrawAlgorithm.draw(members, new Spec(Sha256.hexOf("b"), Mode.RATIO, bp, 0, 0, GONE, Map.of()));
        assertThat(one.quotas()).isEqualTo(two.quotas());
        assertThat(one.selected()).isNotEqualTo(two.selected());
    }

    @Test
    void eachStratumYieldsExactlyItsQuotaOfTheLowestRanks() {
        List<DrawMember> members = population(2000, 13);
        String seed = Sha256.hexOf("strata");
        Map<String, Integer> bp = Map.of("A", 100, "B", 300, "C", 1000, "D", 3000);
        Result result = SubjectDrawAlgorithm.draw(members, new Spec(seed, Mode.RATIO, bp, 0, 0, GONE, Map.of()));
        for (String stratum : List.of("A", "B", "C", "D")) {
            List<DrawMember> eligible = members.stream().filter(m -> m.stratum().equals(stratum) && !GONE.contains(m.status())).toList();
            List<String> expected = eligible.stream()
                    .sorted((a, b) -> Sha256.hex(SubjectDrawAlgorithm.rank(seed, a.code())).compareTo(Sha256.hex(SubjectDrawAlgorithm.rank(seed, b.code()))))
                    .limit(SubjectDrawAlgorithm.ratioQuota(eligible.size(), bp.get(stratum)))
                    .map(DrawMember::code).sorted().toList();
            assertThat(result.selected().stream().filter(s -> s.stratum().equals(stratum)).map(Selected::code).toList())
                    .as(stratum).isEqualTo(expected);
        }
        assertThat(result.selected()).extracting(Selected::stratum).doesNotContain("UNRATED");
    }

    @Test
    void excludedMembersAreNeverDrawnAndTheFirstReasonIsRecorded() {
        List<DrawMember> members = population(500, 14);
        String recent = members.stream().filter(m -> m.status().equals("ACTIVE")).findFirst().orElseThrow().code();
        String gone = members.stream().filter(m -> m.status().equals("DEREGISTERED")).findFirst().orElseThrow().code();
        Spec spec = new Spec(Sha256.hexOf("x"), Mode.RATIO, Map.of("A", 10000, "B", 10000, "C", 10000, "D", 10000, "UNRATED", 10000),
                0, 0, GONE, Map.of(recent, "RECENTLY_CHECKED", gone, "IN_OPEN_TASK"));
        Result result = SubjectDrawAlgorithm.draw(members, spec);
        Set<String> drawn = result.selected().stream().map(Selected::code).collect(Collectors.toSet());
        assertThat(drawn).doesNotContain(recent, gone);
        assertThat(result.exclusions()).contains(new SubjectDrawAlgorithm.Exclusion(recent, "RECENTLY_CHECKED"),
                new SubjectDrawAlgorithm.Exclusion(gone, "STATUS_DEREGISTERED"));
        long eligible = members.stream().filter(m -> !GONE.contains(m.status()) && !m.code().equals(recent)).count();
        assertThat(drawn).hasSize((int) eligible);
    }

    @Test
    void jurisdictionMinimumTopsUpOnlyShortRegions() {
        List<DrawMember> members = population(1000, 15);
        Spec spec = new Spec(Sha256.hexOf("m"), Mode.RATIO, Map.of("A", 100), 0, 3, GONE, Map.of());
        Result result = SubjectDrawAlgorithm.draw(members, spec);
        Map<String, Long> perRegion = result.selected().stream().collect(Collectors.groupingBy(Selected::region, Collectors.counting()));
        assertThat(perRegion.keySet()).hasSize(5);
        assertThat(perRegion.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));
        assertThat(result.selected()).anySatisfy(s -> assertThat(s.reason()).isEqualTo("JURISDICTION_MINIMUM"));
    }

    @Test
    void theSinglePassWithKnownStrataDrawsExactlyWhatTheTwoPassesDraw() {
        for (long seed = 1; seed <= 5; seed++) {
            // the last population spans several batches, so the single pass splits it over its lanes
            List<DrawMember> members = population(seed == 5 ? 6 * SubjectDrawAlgorithm.BATCH + 123 : 5000, seed);
            Map<String, String> external = new java.util.HashMap<>();
            for (int i = 0; i < members.size(); i += 37) {
                external.put(members.get(i).code(), "IN_OPEN_TASK");
            }
            Spec spec = new Spec(Sha256.hexOf("single-" + seed), Mode.RATIO, Map.of("A", 500, "B", 1250, "C", 3333, "D", 10000,
                    "UNRATED", 700), 0, (int) (seed % 3) * 40, GONE, external);
            Map<String, Long> strata = new java.util.TreeMap<>();
            members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
            int[] passes = {0};
            Iterable<DrawMember> counted = () -> {
                passes[0]++;
                return members.iterator();
            };

            Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);
            Result once = SubjectDrawAlgorithm.draw(counted, spec, strata);

            assertThat(once).isEqualTo(twoPasses);
            assertThat(passes[0]).isEqualTo(spec.minPerJurisdiction() > 0 && twoPasses.selected().stream()
                    .anyMatch(s -> s.reason().equals("JURISDICTION_MINIMUM")) ? 2 : 1);
        }
    }

    @Test
    void theSinglePassOverTheListsASnapshotIsReadInDrawsWhatTheTwoPassesDraw() {
        List<DrawMember> members = population(5 * SubjectDrawAlgorithm.BATCH + 77, 31);
        List<List<DrawMember>> chunks = new ArrayList<>();
        Random sizes = new Random(31);
        for (int from = 0; from < members.size(); ) {
            int to = Math.min(members.size(), from + sizes.nextInt(7_000));
            chunks.add(members.subList(from, to));
            from = to;
        }
        io.spotcheck.scope.Chunked<DrawMember> snapshot = chunks::iterator;
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        for (int min : new int[] {0, 60}) {
            Spec spec = new Spec(Sha256.hexOf("chunked-" + min), Mode.RATIO, Map.of("A", 500, "B", 500, "C", 500, "D", 6000,
                    "UNRATED", 500), 0, min, GONE, Map.of());
            Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);
            assertThat(snapshot).containsExactlyElementsOf(members);
            assertThat(SubjectDrawAlgorithm.draw(snapshot, spec, strata)).isEqualTo(twoPasses);
        }
    }

    @Test
    void strataThatDoNotMatchTheMembersFallBackToTheTwoPasses() {
        List<DrawMember> members = population(2000, 9);
        Spec spec = new Spec(Sha256.hexOf("mismatch"), Mode.RATIO, Map.of("A", 1000, "B", 1000), 0, 0, GONE, Map.of());
        // Sizes that would bound the heaps too tightly if they were believed.
        Result once = SubjectDrawAlgorithm.draw(members, spec, Map.of("A", 10L, "B", 10L));
        assertThat(once).isEqualTo(SubjectDrawAlgorithm.draw(members, spec));
    }

    /**
     * Keeps the lists the pass hands it as they are (a real sink reads them later, on its own
     * thread), and a copy of each as it was handed; how it ended.
     */
    static final class CollectingSink implements SubjectDrawAlgorithm.ExclusionSink {
        final List<List<SubjectDrawAlgorithm.Exclusion>> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<List<SubjectDrawAlgorithm.Exclusion>> asHanded = java.util.Collections.synchronizedList(new ArrayList<>());
        int finished;
        int abandoned;

        @Override
        public void accept(List<SubjectDrawAlgorithm.Exclusion> batch) {
            batches.add(batch);
            asHanded.add(List.copyOf(batch));
        }

        @Override
        public List<SubjectDrawAlgorithm.Exclusion> finish() {
            finished++;
            return batches.stream().flatMap(List::stream).toList();
        }

        @Override
        public void abandon() {
            abandoned++;
        }
    }

    @Test
    void theSinglePassHandsItsExclusionsToASinkInKeyOrderAndDrawsWhatTheTwoPassesDraw() {
        List<DrawMember> members = population(7 * SubjectDrawAlgorithm.BATCH + 311, 41);
        Map<String, String> external = new java.util.HashMap<>();
        for (int i = 0; i < members.size(); i += 29) {
            external.put(members.get(i).code(), "IN_OPEN_TASK");
        }
        Spec spec = new Spec(Sha256.hexOf("sink"), Mode.RATIO, Map.of("A", 500, "B", 1250, "C", 3333, "D", 10000), 0, 0, GONE, external);
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        CollectingSink sink = new CollectingSink();

        Result once = SubjectDrawAlgorithm.draw(members, spec, strata, sink);

        Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);
        assertThat(once).isEqualTo(twoPasses);
        assertThat(sink.finished).isEqualTo(1);
        assertThat(sink.abandoned).isZero();
        // handed batch by batch (never held to the end), already in the order of the record
        assertThat(sink.batches).hasSizeGreaterThan(7);
        // nothing handed is changed afterwards: the sink reads the lists while the pass goes on
        assertThat(sink.batches).isEqualTo(sink.asHanded);
        assertThat(sink.batches.stream().flatMap(List::stream).toList()).isEqualTo(twoPasses.exclusions()).hasSizeGreaterThan(500);
    }

    @Test
    void aPassThatCannotDecideAloneAbandonsItsSinkAndTheTwoPassesKeepTheExclusions() {
        List<DrawMember> members = population(3 * SubjectDrawAlgorithm.BATCH, 43);
        Spec spec = new Spec(Sha256.hexOf("abandon"), Mode.RATIO, Map.of("A", 1000, "B", 1000), 0, 0, GONE, Map.of());
        Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);

        CollectingSink wrongSizes = new CollectingSink();
        assertThat(SubjectDrawAlgorithm.draw(members, spec, Map.of("A", 10L, "B", 10L), wrongSizes)).isEqualTo(twoPasses);
        assertThat(wrongSizes.abandoned).isEqualTo(1);
        assertThat(wrongSizes.finished).isZero();

        // members out of key order: the record's list must be sorted, so the single pass does not decide
        List<DrawMember> reversed = new ArrayList<>(members);
        java.util.Collections.reverse(reversed);
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        CollectingSink outOfOrder = new CollectingSink();
        assertThat(SubjectDrawAlgorithm.draw(reversed, spec, strata, outOfOrder)).isEqualTo(twoPasses);
        assertThat(outOfOrder.abandoned).isEqualTo(1);
        assertThat(outOfOrder.finished).isZero();

        CollectingSink countWrongSizes = new CollectingSink();
        Spec count = new Spec(Sha256.hexOf("abandon"), Mode.COUNT, Map.of("A", 1000, "B", 1000), 100, 0, GONE, Map.of());
        assertThat(SubjectDrawAlgorithm.draw(members, count, Map.of("A", 10L, "B", 10L), countWrongSizes))
                .isEqualTo(SubjectDrawAlgorithm.draw(members, count));
        assertThat(countWrongSizes.abandoned).isEqualTo(1);
        assertThat(countWrongSizes.batches).isEmpty();
    }

    @Test
    void aCountDrawWithKnownStrataCountsFirstThenStreamsItsExclusionsAndDrawsWhatTheTwoPassesDraw() {
        List<DrawMember> members = population(6 * SubjectDrawAlgorithm.BATCH + 211, 47);
        Map<String, String> external = new java.util.HashMap<>();
        for (int i = 0; i < members.size(); i += 23) {
            external.put(members.get(i).code(), "RECENTLY_CHECKED");
        }
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        Map<String, Long> eligible = SubjectDrawAlgorithm.draw(members, new Spec(Sha256.hexOf("sizes"), Mode.RATIO, Map.of(), 0, 0,
                GONE, external)).eligibleSizes();
        int allEligible = (int) eligible.values().stream().mapToLong(Long::longValue).sum();
        // small and large counts; D's weight makes it fill up and pass its excess on (the cascade); more than
        // every eligible member; a zero-ratio stratum; and a jurisdiction minimum on top
        int[] counts = {1, 37, 2_000, allEligible - 5, allEligible + 1_000};
        // the same members as a snapshot's chunks: the counting walk then counts on the lanes
        List<List<DrawMember>> chunks = new ArrayList<>();
        for (int from = 0; from < members.size(); from += 1_000) {
            chunks.add(members.subList(from, Math.min(members.size(), from + 1_000)));
        }
        io.spotcheck.scope.Chunked<DrawMember> chunked = chunks::iterator;
        for (int wanted : counts) {
            for (int min : new int[] {0, 25}) {
                Spec spec = new Spec(Sha256.hexOf("count-" + wanted + "-" + min), Mode.COUNT, Map.of("A", 100, "B", 250, "C", 400,
                        "D", 10000), wanted, min, GONE, external);
                int[] passes = {0};
                Iterable<DrawMember> counted = () -> {
                    passes[0]++;
                    return members.iterator();
                };
                CollectingSink sink = new CollectingSink();

                Result once = SubjectDrawAlgorithm.draw(counted, spec, strata, sink);

                Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);
                assertThat(once).as("count %d, minimum %d", wanted, min).isEqualTo(twoPasses);
                CollectingSink chunkSink = new CollectingSink();
                assertThat(SubjectDrawAlgorithm.draw(chunked, spec, strata, chunkSink)).as("chunked, count %d, minimum %d", wanted, min)
                        .isEqualTo(twoPasses);
                assertThat(chunkSink.finished).isEqualTo(1);
                assertThat(twoPasses.quotas().values().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(Math.min(wanted, eligible.entrySet().stream().filter(e -> Set.of("A", "B", "C", "D").contains(e.getKey()))
                                .mapToLong(Map.Entry::getValue).sum()));
                assertThat(sink.abandoned).as("count %d, minimum %d", wanted, min).isZero();
                assertThat(sink.finished).isEqualTo(1);
                assertThat(sink.batches).hasSizeGreaterThan(6);
                assertThat(sink.batches.stream().flatMap(List::stream).toList()).isEqualTo(twoPasses.exclusions()).hasSizeGreaterThan(300);
                // one pass counts, one ranks; a third only when a jurisdiction is topped up
                assertThat(passes[0]).isEqualTo(twoPasses.selected().stream().anyMatch(s -> s.reason().equals("JURISDICTION_MINIMUM")) ? 3 : 2);
            }
        }
    }

    @Test
    void aDrawOverItsMemoryBudgetKeepsItsCandidatesInEncryptedFilesAndDrawsWhatTheTwoPassesDraw() throws Exception {
        // persons among the members: their subject codes (ID numbers) must not reach the disk readably
        List<DrawMember> members = new ArrayList<>();
        for (DrawMember m : population(5 * SubjectDrawAlgorithm.BATCH + 123, 53)) {
            boolean person = m.code().hashCode() % 7 == 0;
            members.add(person ? new DrawMember("NP" + Sha256.hexOf(m.code()).substring(0, 32), m.stratum(), m.region(), m.status(),
                    "NATURAL_PERSON", "33010219800101" + m.code().substring(m.code().length() - 4)) : m);
        }
        Utf8.sort(members, DrawMember::code);
        List<List<DrawMember>> chunks = new ArrayList<>();
        for (int from = 0; from < members.size(); from += 3_000) {
            chunks.add(members.subList(from, Math.min(members.size(), from + 3_000)));
        }
        io.spotcheck.scope.Chunked<DrawMember> snapshot = chunks::iterator;
        Map<String, String> external = new java.util.HashMap<>();
        for (int i = 0; i < members.size(); i += 31) {
            external.put(members.get(i).code(), "IN_OPEN_TASK");
        }
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        java.nio.file.Path tmp = CandidateSpill.folder();
        // a small share (thresholded), a share over half (every eligible member a candidate), a zero ratio; then COUNT
        List<Spec> specs = new ArrayList<>();
        for (int min : new int[] {0, 2_500}) {
            specs.add(new Spec(Sha256.hexOf("spill-ratio-" + min), Mode.RATIO, Map.of("A", 500, "B", 1250, "D", 6000, "UNRATED", 300),
                    0, min, GONE, external));
            specs.add(new Spec(Sha256.hexOf("spill-count-" + min), Mode.COUNT, Map.of("A", 100, "B", 250, "C", 400, "D", 10000),
                    9_000, min, GONE, external));
        }
        for (Spec spec : specs) {
            Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);
            java.util.Set<java.nio.file.Path> files = candidateFiles(tmp);
            CollectingSink sink = new CollectingSink();

            try (Result spilled = SubjectDrawAlgorithm.draw(snapshot, spec, strata, sink, 0)) {
                assertThat(spilled.spilled()).as(spec.seed()).isTrue();
                assertThat(new ArrayList<>(spilled.selected())).as(spec.seed()).isEqualTo(twoPasses.selected());
                assertThat(spilled.selected()).hasSize(twoPasses.selected().size()).isEqualTo(twoPasses.selected());
                assertThat(spilled.selectedDigest()).isEqualTo(twoPasses.selectedDigest());
                assertThat(spilled.quotas()).isEqualTo(twoPasses.quotas());
                assertThat(spilled.eligibleSizes()).isEqualTo(twoPasses.eligibleSizes());
                assertThat(sink.finished).isEqualTo(1);
                assertThat(sink.batches.stream().flatMap(List::stream).toList()).isEqualTo(twoPasses.exclusions());
                assertThat(twoPasses.selected()).anyMatch(s -> s.kind().equals("NATURAL_PERSON"));
                if (spec.minPerJurisdiction() > 0) {
                    assertThat(twoPasses.selected()).anyMatch(s -> s.reason().equals("JURISDICTION_MINIMUM"));
                }
                // the files hold the candidates, encrypted: no subject code, key or stratum line readable in them
                java.util.Set<java.nio.file.Path> before = files;
                files = candidateFiles(tmp);
                files.removeAll(before);
                assertThat(files).isNotEmpty();
                long bytes = 0;
                for (java.nio.file.Path f : files) {
                    String text = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    bytes += text.length();
                    for (SubjectDrawAlgorithm.Selected s : twoPasses.selected().subList(0, 50)) {
                        assertThat(text).doesNotContain(s.code()).doesNotContain(s.key());
                    }
                    assertThat(text).doesNotContain("3301021980").doesNotContain("ORGANISATION");
                }
                assertThat(bytes).isGreaterThan(50L * twoPasses.selected().size());
            }
            // closed: the files are gone
            assertThat(files).noneMatch(java.nio.file.Files::exists);
        }

        // out of key order the files cannot give the list in order: the two passes decide
        List<DrawMember> reversed = new ArrayList<>(members);
        java.util.Collections.reverse(reversed);
        Spec spec = specs.get(0);
        CollectingSink sink = new CollectingSink();
        try (Result fallback = SubjectDrawAlgorithm.draw(reversed, spec, strata, sink, 0)) {
            assertThat(fallback.spilled()).isFalse();
            assertThat(fallback).isEqualTo(SubjectDrawAlgorithm.draw(members, spec));
            assertThat(sink.abandoned).isEqualTo(1);
        }
    }

    private static java.util.Set<java.nio.file.Path> candidateFiles(java.nio.file.Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void theDigestOfAListedKeyListIsTheDigestOfItsKeysInByteOrderWhetherOrNotTheyAscend() {
        List<String> ascending = List.of("91330100A", "NP0123", "浙A12345");
        String digest = SubjectDrawAlgorithm.keyDigest(ascending);
        assertThat(SubjectDrawAlgorithm.keyDigestAsListed(ascending)).isEqualTo(digest)
                .isEqualTo(Sha256.hexOf("91330100A\nNP0123\n浙A12345\n"));
        assertThat(SubjectDrawAlgorithm.keyDigestAsListed(List.of("浙A12345", "91330100A", "NP0123"))).isEqualTo(digest);
        assertThat(SubjectDrawAlgorithm.keyDigestAsListed(List.of("NP0123", "NP0123"))).isEqualTo(SubjectDrawAlgorithm.keyDigest(List.of("NP0123", "NP0123")));
    }

    @Test
    void theCandidateFoldersOfProcessesThatAreGoneAreSweptAndThoseOfRunningOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        java.nio.file.Path left = java.nio.file.Files.createDirectories(tmp.resolve("spotcheck-draw-" + deadPid));
        java.nio.file.Files.write(left.resolve("candidates-1.bin"), new byte[] {1, 2, 3});
        java.nio.file.Path mine = CandidateSpill.folder();
        java.nio.file.Path kept = java.nio.file.Files.createTempFile(mine, "candidates-", ".bin");
        try {
            CandidateSpill.sweepLeftovers();

            assertThat(left).doesNotExist();
            assertThat(kept).exists();
        } finally {
            java.nio.file.Files.deleteIfExists(kept);
        }
    }

    @Test
    void aDrawWithinItsMemoryBudgetKeepsItsCandidatesInMemory() {
        List<DrawMember> members = population(3 * SubjectDrawAlgorithm.BATCH, 59);
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        Spec spec = new Spec(Sha256.hexOf("in-memory"), Mode.RATIO, Map.of("A", 500, "B", 500), 0, 0, GONE, Map.of());
        try (Result inMemory = SubjectDrawAlgorithm.draw(members, spec, strata, null, 10_000);
             Result spilled = SubjectDrawAlgorithm.draw(members, spec, strata, null, 10)) {
            assertThat(inMemory.spilled()).isFalse();
            assertThat(spilled.spilled()).isTrue();
            assertThat(spilled).isEqualTo(inMemory);
        }
    }

    @Test
    void scopeDigestRefusesUnsortedOrRepeatedCodes() {
        ScopeDigest digest = new ScopeDigest();
        digest.add("B");
        assertThatThrownBy(() -> digest.add("A")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> digest.add("B")).isInstanceOf(IllegalArgumentException.class);
    }

    static List<DrawMember> population(int n, long seed) {
        Random random = new Random(seed);
        String[] classes = {"A", "A", "A", "A", "B", "B", "B", "C", "D", ""};
        List<DrawMember> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String status = random.nextInt(20) == 0 ? "DEREGISTERED" : "ACTIVE";
            members.add(new DrawMember(String.format("9133010%011d", i), classes[random.nextInt(classes.length)],
                    "33010900" + (1 + random.nextInt(5)), status, "ORGANISATION"));
        }
        return members;
    }

    @Test
    void theRankerGivesThePlainSha256OfSeedColonCodeForAnyCode() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            byte[] seedBytes = new byte[32];
            random.nextBytes(seedBytes);
            String seed = Sha256.hex(seedBytes);
            SubjectDrawAlgorithm.Ranker ranker = new SubjectDrawAlgorithm.Ranker(seed);
            for (String code : List.of("91330109MA2AAAAC3X", "", "330102199001011234", "浙A12345", "x".repeat(random.nextInt(200)))) {
                java.security.MessageDigest plain = java.security.MessageDigest.getInstance("SHA-256");
                byte[] expected = plain.digest((seed + ":" + code).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(ranker.rank(code)).as(seed + " " + code).isEqualTo(expected);
                byte[] into = new byte[32];
                ranker.rankInto(code, into);
                assertThat(into).as("into " + seed + " " + code).isEqualTo(expected);
            }
        }
    }

    @Test
    void aSnapshotLineWithoutExactlyFiveFieldsOrWithoutACodeIsRefused() {
        assertThat(DrawMember.parse("C1\tA\t330109001\tACTIVE\tENTERPRISE"))
                .isEqualTo(new DrawMember("C1", "A", "330109001", "ACTIVE", "ENTERPRISE"));
        assertThat(DrawMember.parse("C1\t\t\t\t").stratum()).isEqualTo(DrawMember.UNRATED);
        for (String bad : List.of("", "C1", "C1\tA\t330109001\tACTIVE", "\tA\t330109001\tACTIVE\tENTERPRISE",
                "C1\tA\t330109001\tACTIVE\tENTERPRISE\textra")) {
            assertThatThrownBy(() -> DrawMember.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theSinglePassEitherDrawsWhatTheTwoPassesDrawOrDeclinesWhenTooFewRankUnderItsThresholds() {
        List<DrawMember> members = population(3 * SubjectDrawAlgorithm.BATCH, 21);
        Spec spec = new Spec(Sha256.hexOf("thresholds"), Mode.RATIO, Map.of("A", 500, "B", 200, "C", 6000, "D", 10000, "UNRATED", 300),
                0, 0, GONE, Map.of());
        Map<String, Long> strata = new java.util.TreeMap<>();
        members.forEach(m -> strata.merge(m.stratum(), 1L, Long::sum));
        Result twoPasses = SubjectDrawAlgorithm.draw(members, spec);
        // no margin at all: nothing ranks under a zero threshold, so the pass declines
        assertThat(SubjectDrawAlgorithm.drawOnce(members, spec, strata, 0.0, 0)).isNull();
        int declined = 0;
        for (double margin : new double[] {0.9, 1.0, 1.02, 1.3, 3.0}) {
            Result once = SubjectDrawAlgorithm.drawOnce(members, spec, strata, margin, 0);
            if (once == null) {
                declined++;
            } else {
                assertThat(once).as("margin " + margin).isEqualTo(twoPasses);
            }
        }
        assertThat(declined).as("the tight margins decline at least once").isPositive();
        assertThat(SubjectDrawAlgorithm.drawOnce(members, spec, strata, SubjectDrawAlgorithm.CANDIDATE_MARGIN,
                SubjectDrawAlgorithm.CANDIDATE_SLACK)).isEqualTo(twoPasses);
    }

    @Test
    void aWholeChunkParsesToTheSameMembersAsItsLinesOneByOne() {
        List<String> lines = population(500, 3).stream().map(DrawMember::toLine).toList();
        assertThat(DrawMember.parseAll(String.join("\n", lines))).isEqualTo(lines.stream().map(DrawMember::parse).toList());
        assertThat(DrawMember.parseAll("")).isEmpty();
        assertThatThrownBy(() -> DrawMember.parseAll(lines.get(0) + "\nC2\tA\t330109001\tACTIVE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DrawMember.parseAll("C1\tA\t330109001\tACTIVE\tENTERPRISE\tmore\n" + lines.get(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
