package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.draw.AssignmentGroup.GroupSubject;
import io.spotcheck.draw.DrawResult.Assignment;
import io.spotcheck.draw.DrawResult.Exclusion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import io.spotcheck.inspector.DrawCandidate;

class InspectorDrawTest {

    static final String SEED = "5eed00112233445566778899aabbccddeeff00112233445566778899aabbccdd";
    static final LocalDate FROM = LocalDate.of(2026, 5, 1);
    static final LocalDate TO = LocalDate.of(2026, 5, 31);

    static DrawCandidate candidate(String id, long load) {
        return new DrawCandidate(id, "SCJG", "SCJG-S01", "ACTIVE", LocalDate.of(2024, 1, 1), LocalDate.of(2028, 12, 31),
                Set.of("FOOD_SAFETY"), Set.of(), load);
    }

    static AssignmentGroup group(List<GroupSubject> subjects) {
        return new AssignmentGroup("SCJG", "SCJG-S01", subjects, FROM, TO, Set.of("FOOD_SAFETY"), 2);
    }

    static AssignmentGroup group(String... codes) {
        return group(Arrays.stream(codes).map(GroupSubject::of).toList());
    }

    /** Two busy eligible inspectors and one idle one who breaks a rule: without the rule, the idle one is picked. */
    static List<String> drawnWithIdleRuleBreaker(DrawCandidate breaker, AssignmentGroup group) {
        List<DrawCandidate> pool = List.of(candidate("busy-1", 10), candidate("busy-2", 10), breaker);
        return InspectorDraw.draw(SEED, List.of(group), pool).assignments().get(0).inspectorIds();
    }

    static DrawCandidate idle() {
        return candidate("idle", 0);
    }

    @Test
    void theIdleInspectorIsPickedFirstWhenHeBreaksNoRule() {
        assertThat(drawnWithIdleRuleBreaker(idle(), group("S1"))).contains("idle");
    }

    @Test
    void inspectorsOnLeaveOrWhoLeftAreNeverDrawn() {
        for (String status : List.of("ON_LEAVE", "LEFT")) {
            DrawCandidate c = idle();
            DrawCandidate breaker = new DrawCandidate(c.id(), c.department(), c.agency(), status, c.certificateValidFrom(),
                    c.certificateValidUntil(), c.qualifications(), c.recusedSubjects(), 0);
            assertThat(drawnWithIdleRuleBreaker(breaker, group("S1"))).as(status).containsExactlyInAnyOrder("busy-1", "busy-2");
        }
    }

    @Test
    void aCertificateMustCoverEveryDayOfTheInspectionWindow() {
        DrawCandidate c = idle();
        List<DrawCandidate> breakers = List.of(
                new DrawCandidate("idle", "SCJG", "SCJG-S01", "ACTIVE", LocalDate.of(2024, 1, 1), TO.minusDays(1), c.qualifications(), Set.of(), 0),
                new DrawCandidate("idle", "SCJG", "SCJG-S01", "ACTIVE", FROM.plusDays(1), LocalDate.of(2030, 1, 1), c.qualifications(), Set.of(), 0),
                new DrawCandidate("idle", "SCJG", "SCJG-S01", "ACTIVE", null, null, c.qualifications(), Set.of(), 0));
        for (DrawCandidate breaker : breakers) {
            assertThat(drawnWithIdleRuleBreaker(breaker, group("S1"))).as(breaker.toString()).doesNotContain("idle");
        }
        DrawCandidate exact = new DrawCandidate("idle", "SCJG", "SCJG-S01", "ACTIVE", FROM, TO, c.qualifications(), Set.of(), 0);
        assertThat(drawnWithIdleRuleBreaker(exact, group("S1"))).contains("idle");
    }

    @Test
    void everyRequiredQualificationMustBeHeld() {
        DrawCandidate breaker = new DrawCandidate("idle", "SCJG", "SCJG-S01", "ACTIVE", LocalDate.of(2024, 1, 1),
                LocalDate.of(2028, 1, 1), Set.of("PRICE"), Set.of(), 0);
        assertThat(drawnWithIdleRuleBreaker(breaker, group("S1"))).doesNotContain("idle");
        AssignmentGroup twoQualifications = new AssignmentGroup("SCJG", "SCJG-S01", List.of(GroupSubject.of("S1")), FROM, TO,
                Set.of("FOOD_SAFETY", "PRICE"), 2);
        List<DrawCandidate> pool = List.of(
                new DrawCandidate("both-1", "SCJG", "SCJG-S01", "ACTIVE", FROM, TO, Set.of("FOOD_SAFETY", "PRICE"), Set.of(), 5),
                new DrawCandidate("both-2", "SCJG", "SCJG-S01", "ACTIVE", FROM, TO, Set.of("FOOD_SAFETY", "PRICE", "DRUG"), Set.of(), 5),
                new DrawCandidate("food-only", "SCJG", "SCJG-S01", "ACTIVE", FROM, TO, Set.of("FOOD_SAFETY"), Set.of(), 0));
        assertThat(InspectorDraw.draw(SEED, List.of(twoQualifications), pool).assignments().get(0).inspectorIds())
                .containsExactlyInAnyOrder("both-1", "both-2");
    }

    @Test
    void aRecusedInspectorIsNotDrawnForThatSubjectButIsForOthers() {
        DrawCandidate c = idle();
        DrawCandidate recused = new DrawCandidate("idle", "SCJG", "SCJG-S01", "ACTIVE", c.certificateValidFrom(),
                c.certificateValidUntil(), c.qualifications(), Set.of("S1"), 0);
        assertThat(drawnWithIdleRuleBreaker(recused, group("S1"))).doesNotContain("idle");
        assertThat(drawnWithIdleRuleBreaker(recused, group("S2"))).contains("idle");
    }

    @Test
    void whoeverInspectedTheSubjectLastTimeIsNotDrawnAgain() {
        AssignmentGroup g = group(List.of(new GroupSubject("S1", Set.of("idle", "someone-elsewhere"))));
        assertThat(drawnWithIdleRuleBreaker(idle(), g)).containsExactlyInAnyOrder("busy-1", "busy-2");
    }

    @Test
    void inspectorsOfAnotherAgencyOrDepartmentAreNeverDrawn() {
        List<DrawCandidate> pool = List.of(candidate("busy-1", 10), candidate("busy-2", 10),
                new DrawCandidate("other-station", "SCJG", "SCJG-S02", "ACTIVE", FROM, TO, Set.of("FOOD_SAFETY"), Set.of(), 0),
                new DrawCandidate("other-dept", "WSJK", "SCJG-S01", "ACTIVE", FROM, TO, Set.of("FOOD_SAFETY"), Set.of(), 0));
        assertThat(InspectorDraw.draw(SEED, List.of(group("S1")), pool).assignments().get(0).inspectorIds())
                .containsExactlyInAnyOrder("busy-1", "busy-2");
    }

    @Test
    void sameSeedAndInputsGiveTheSameResultAndAnotherSeedAnotherOne() {
        List<DrawCandidate> pool = IntStream.range(0, 12).mapToObj(i -> candidate("I" + i, 0)).toList();
        AssignmentGroup g = group(IntStream.range(0, 200).mapToObj(i -> "S" + i).toArray(String[]::new));
        DrawResult a = InspectorDraw.draw(SEED, List.of(g), pool);
        DrawResult b = InspectorDraw.draw(SEED.toUpperCase(), List.of(g), pool);
        DrawResult other = InspectorDraw.draw("01", List.of(g), pool);
        assertThat(b).isEqualTo(a);
        assertThat(other.assignments()).isNotEqualTo(a.assignments());
        assertThat(other.digest()).isNotEqualTo(a.digest());
    }

    @Test
    void theOrderOfGroupsSubjectsAndCandidatesDoesNotMatter() {
        List<DrawCandidate> pool = new ArrayList<>();
        for (String agency : List.of("SCJG-S01", "SCJG-S02")) {
            for (int i = 0; i < 9; i++) {
                pool.add(new DrawCandidate(agency + "-" + i, "SCJG", agency, i == 3 ? "ON_LEAVE" : "ACTIVE", FROM, TO,
                        Set.of("FOOD_SAFETY"), i == 4 ? Set.of("S7") : Set.of(), i % 3));
            }
        }
        List<GroupSubject> subjects = IntStream.range(0, 60).mapToObj(i -> new GroupSubject("S" + i,
                i % 5 == 0 ? Set.of("SCJG-S01-" + (i % 9)) : Set.of())).toList();
        List<AssignmentGroup> groups = List.of(
                new AssignmentGroup("SCJG", "SCJG-S01", subjects, FROM, TO, Set.of("FOOD_SAFETY"), 2),
                new AssignmentGroup("SCJG", "SCJG-S02", subjects.subList(0, 30), FROM, TO, Set.of(), 3));
        DrawResult reference = InspectorDraw.draw(SEED, groups, pool);
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            List<DrawCandidate> shuffledPool = new ArrayList<>(pool);
            Collections.shuffle(shuffledPool, random);
            List<AssignmentGroup> shuffledGroups = new ArrayList<>();
            for (AssignmentGroup g : groups) {
                List<GroupSubject> s = new ArrayList<>(g.subjects());
                Collections.shuffle(s, random);
                shuffledGroups.add(new AssignmentGroup(g.department(), g.agency(), s, g.inspectionFrom(), g.inspectionTo(),
                        g.requiredQualifications(), g.inspectorsPerSubject()));
            }
            Collections.shuffle(shuffledGroups, random);
            assertThat(InspectorDraw.draw(SEED, shuffledGroups, shuffledPool)).isEqualTo(reference);
        }
    }

    @Test
    void workloadIsSpreadEvenly() {
        List<DrawCandidate> pool = IntStream.range(0, 7).mapToObj(i -> candidate("I" + i, 0)).toList();
        DrawResult result = InspectorDraw.draw(SEED, List.of(group(IntStream.range(0, 101).mapToObj(i -> "S" + i).toArray(String[]::new))), pool);
        Map<String, Integer> loads = result.drawsPerInspector();
        assertThat(loads).hasSize(7);
        assertThat(loads.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(202);
        assertThat(Collections.max(loads.values()) - Collections.min(loads.values())).isLessThanOrEqualTo(1);
        for (Assignment a : result.assignments()) {
            assertThat(a.inspectorIds()).hasSize(2).doesNotHaveDuplicates();
        }
    }

    @Test
    void inspectorsWithAHigherLoadBeforeTheDrawReceiveFewerSubjects() {
        List<DrawCandidate> pool = List.of(candidate("A", 0), candidate("B", 0), candidate("C", 6), candidate("D", 6));
        DrawResult result = InspectorDraw.draw(SEED, List.of(group(IntStream.range(0, 10).mapToObj(i -> "S" + i).toArray(String[]::new))), pool);
        Map<String, Integer> drawn = result.drawsPerInspector();
        Map<String, Long> after = new HashMap<>();
        for (DrawCandidate c : pool) {
            after.put(c.id(), c.currentLoad() + drawn.getOrDefault(c.id(), 0));
        }
        assertThat(drawn.get("A")).isGreaterThan(drawn.getOrDefault("C", 0));
        assertThat(Collections.max(after.values()) - Collections.min(after.values())).isLessThanOrEqualTo(1);
    }

    @Test
    void subjectsWithTooFewEligibleInspectorsAreReportedUnstaffedWithTheReason() {
        List<DrawCandidate> pool = List.of(candidate("A", 0), candidate("B", 0),
                new DrawCandidate("C", "SCJG", "SCJG-S01", "LEFT", FROM, TO, Set.of("FOOD_SAFETY"), Set.of(), 0),
                new DrawCandidate("D", "SCJG", "SCJG-S01", "ACTIVE", FROM, TO, Set.of("FOOD_SAFETY"), Set.of("S2"), 0));
        AssignmentGroup g = group(List.of(GroupSubject.of("S1"), new GroupSubject("S2", Set.of("A")), GroupSubject.of("S3")));
        DrawResult result = InspectorDraw.draw(SEED, List.of(g), pool);
        assertThat(result.assignments()).extracting(Assignment::subjectCode).containsExactly("S1", "S3");
        assertThat(result.unstaffed()).singleElement().satisfies(u -> {
            assertThat(u.subjectCode()).isEqualTo("S2");
            assertThat(u.eligible()).isEqualTo(1);
            assertThat(u.needed()).isEqualTo(2);
            assertThat(u.excluded()).containsEntry(Exclusion.NOT_ACTIVE, 1).containsEntry(Exclusion.RECUSED, 1)
                    .containsEntry(Exclusion.INSPECTED_LAST_TIME, 1);
            assertThat(u.reason()).contains("only 1 of 4").contains("RECUSED=1");
        });
        assertThat(result.drawsPerInspector().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    @Test
    void anAgencyWithoutInspectorsLeavesEverySubjectUnstaffedNotDropped() {
        AssignmentGroup g = new AssignmentGroup("WSJK", "WSJK-S03", List.of(GroupSubject.of("S1"), GroupSubject.of("S2")),
                FROM, TO, Set.of(), 2);
        DrawResult result = InspectorDraw.draw(SEED, List.of(g), List.of(candidate("A", 0)));
        assertThat(result.assignments()).isEmpty();
        assertThat(result.unstaffed()).extracting(DrawResult.Unstaffed::subjectCode).containsExactly("S1", "S2");
        assertThat(result.unstaffed().get(0).reason()).contains("has no inspectors");
    }

    /** An independent reading of docs/INSPECTOR-DRAW.md for one subject at equal loads. */
    @Test
    void tiesAreBrokenByTheDocumentedHash() throws Exception {
        List<String> ids = List.of("I1", "I2", "I3", "I4", "I5", "I6");
        List<DrawCandidate> pool = ids.stream().map(id -> candidate(id, 3)).toList();
        byte[] seed = HexFormat.of().parseHex(SEED);
        List<String> expected = new ArrayList<>(ids);
        Map<String, byte[]> hashes = new HashMap<>();
        for (String id : ids) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            sha.update(("\0SCJG/SCJG-S01\0SUBJ-1\0" + id).getBytes(StandardCharsets.UTF_8));
            hashes.put(id, sha.digest());
        }
        expected.sort(Comparator.comparing(hashes::get, Arrays::compareUnsigned));
        DrawResult result = InspectorDraw.draw(SEED, List.of(group("SUBJ-1")), pool);
        assertThat(result.assignments().get(0).inspectorIds()).containsExactly(expected.get(0), expected.get(1));

        MessageDigest text = MessageDigest.getInstance("SHA-256");
        text.update(("inspector-draw/1\nseed\t" + SEED + "\nA\tSCJG\tSCJG-S01\tSUBJ-1\t" + expected.get(0) + "," + expected.get(1) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(result.digest()).isEqualTo(HexFormat.of().formatHex(text.digest()));
    }

    @Test
    void malformedInputsAreRefused() {
        assertThatThrownBy(() -> new AssignmentGroup("SCJG", "SCJG-S01", List.of(), FROM, TO, Set.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AssignmentGroup("SCJG", "SCJG-S01", List.of(), TO, FROM, Set.of(), 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InspectorDraw.draw(SEED, List.of(group("S1")), List.of(candidate("A", 0), candidate("A", 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InspectorDraw.draw(SEED, List.of(group("S1"), group("S2")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InspectorDraw.draw("not hex", List.of(group("S1")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InspectorDraw.draw("", List.of(group("S1")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
