package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.inspector.Inspector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;

class InspectorDrawPlannerTest {

    static final OffsetDateTime AT = OffsetDateTime.of(2026, 12, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final String SEED = Sha256.hexOf("subject seed");

    static Inspector inspector(String id, String agency) {
        return new Inspector(id, "名" + id, "SCJG", agency, "浙执" + id, LocalDate.of(2020, 1, 1), LocalDate.of(2030, 1, 1),
                List.of("FOOD_SAFETY"), "ACTIVE", "13900000000", List.of(), null, Instant.EPOCH);
    }

    static DrawStore.Assignment assignment(String code, String agency) {
        return DrawStore.Assignment.grouped("T1", "SCJG", agency, code, "330109001", "C", agency == null ? "UNCOVERED" : "ASSIGNED", AT);
    }

    static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    @Test
    void groupsFollowAgenciesUncoveredSubjectsAreListedAndTheDigestIgnoresInputOrder() {
        List<DrawStore.Assignment> active = List.of(assignment("B2", "S02"), assignment("A1", "S01"), assignment("C3", null), assignment("A0", "S01"));
        List<Inspector> pool = new ArrayList<>(List.of(inspector("i1", "S01"), inspector("i2", "S01"), inspector("i3", "S02"),
                inspector("i4", "S02"), inspector("x9", "S09")));
        InspectorDrawPlanner.Plan plan = InspectorDrawPlanner.plan("SCJG", active, pool, Map.of("A1", Set.of("i1")), Map.of(),
                Set.of("FOOD_SAFETY"), LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 18), 2, 2026);
        assertThat(plan.groups()).extracting(InspectorDrawRecord.Group::agency).containsExactly("S01", "S02");
        assertThat(plan.groups().get(0).subjects()).extracting(InspectorDrawRecord.GroupSubject::code).containsExactly("A0", "A1");
        assertThat(plan.uncovered()).extracting(InspectorDrawRecord.Uncovered::subjectCode).containsExactly("C3");
        // inspectors of agencies without subjects are not candidates
        assertThat(plan.candidates()).extracting(CandidateSnapshot::id).containsExactly("i1", "i2", "i3", "i4");

        Collections.reverse(pool);
        InspectorDrawPlanner.Plan again = InspectorDrawPlanner.plan("SCJG", reversed(active), pool, Map.of("A1", Set.of("i1")), Map.of(),
                Set.of("FOOD_SAFETY"), LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 18), 2, 2026);
        assertThat(again.candidateDigest()).isEqualTo(plan.candidateDigest());
        String seed = InspectorDrawSeed.forDepartment(SEED, "T1", "SCJG", null);
        assertThat(InspectorDrawPlanner.draw(seed, again).digest()).isEqualTo(InspectorDrawPlanner.draw(seed, plan).digest());
        // A1 was inspected by i1 last time: only i2 is left in S01, so it is unstaffed, not dropped
        var result = InspectorDrawPlanner.draw(seed, plan);
        assertThat(InspectorDrawPlanner.unstaffed(result)).extracting(InspectorDrawRecord.Unstaffed::subjectCode).containsExactly("A1");
        assertThat(InspectorDrawPlanner.picks(result, plan.candidates())).extracting(InspectorDrawRecord.Pick::subjectCode).containsExactly("A0", "B2");
    }

    @Test
    void seedsDependOnDepartmentAndPublicValueAndMatchTheDocumentedFormula() {
        assertThat(InspectorDrawSeed.forDepartment(SEED, "T1", "SCJG", null)).isEqualTo(Sha256.hexOf("inspectors\nT1\nSCJG\n" + SEED));
        assertThat(InspectorDrawSeed.forDepartment(SEED, "T1", "SCJG", "福彩 123")).isEqualTo(Sha256.hexOf("inspectors\nT1\nSCJG\n" + SEED + "\n福彩 123"));
        assertThat(InspectorDrawSeed.forDepartment(SEED, "T1", "WSJK", null)).isNotEqualTo(InspectorDrawSeed.forDepartment(SEED, "T1", "SCJG", null));
        assertThat(InspectorDrawSeed.forAmendment(SEED, "T1", "SCJG", "A1", 2, null)).isEqualTo(Sha256.hexOf("amendment\nT1\nSCJG\nA1\n2\n" + SEED));
    }

    @Test
    void theSubstituteIsTheLowestRankedMemberOfTheStratumNotTaken() {
        List<DrawMember> snapshot = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            snapshot.add(new DrawMember(String.format("M%03d", i), i % 2 == 0 ? "C" : "D", "330109001", "ACTIVE", "ORGANISATION"));
        }
        List<DrawMember> c = snapshot.stream().filter(m -> m.stratum().equals("C")).sorted((a, b) -> java.util.Arrays.compareUnsigned(
                SubjectDrawAlgorithm.rank(SEED, a.code()), SubjectDrawAlgorithm.rank(SEED, b.code()))).toList();
        Set<String> taken = Set.of(c.get(0).code(), c.get(1).code());
        SubjectDrawAlgorithm.Selected picked = Substitute.pick(snapshot, SEED, "C", taken);
        assertThat(picked.code()).isEqualTo(c.get(2).code());
        assertThat(picked.rank()).isEqualTo(Sha256.hex(SubjectDrawAlgorithm.rank(SEED, c.get(2).code())));
        assertThat(Substitute.pick(reversed(snapshot), SEED, "C", taken).code()).isEqualTo(picked.code());
        assertThat(Substitute.pick(snapshot, SEED, "A", Set.of())).isNull();
    }

    @Test
    void thePublicRecordMasksNaturalPersonsAndHidesRecusals() {
        CandidateSnapshot cand = new CandidateSnapshot("i1", "张三", "SCJG", "S01", "ACTIVE", null, null, List.of(), List.of("913301090000000001"), 0);
        String person = "330109199001011234";
        InspectorDrawRecord record = new InspectorDrawRecord("ID-T1-SCJG", "DRAW", "T1", "SCJG", "D-T1", "inspector-draw/1", SEED, "x", null, null,
                null, 2, List.of(), List.of(new InspectorDrawRecord.Group("S01", List.of(new InspectorDrawRecord.GroupSubject(person, "NATURAL_PERSON", List.of()),
                new InspectorDrawRecord.GroupSubject("913301090000000002", "ORGANISATION", List.of())))), List.of(cand), "d", 1,
                List.of(new InspectorDrawRecord.Pick("S01", person, List.of("i1", "i2"), List.of("张三", "李四"))), List.of(), List.of(), "r", null,
                "operator-1", "SCJG", AT);
        InspectorDrawRecord pub = record.masked();
        assertThat(pub.picks().get(0).subjectCode()).isEqualTo(DrawRecord.mask(person)).isNotEqualTo(person);
        assertThat(pub.picks().get(0).inspectorNames()).containsExactly("张三", "李四");
        assertThat(pub.groups().get(0).subjects().get(1).code()).isEqualTo("913301090000000002");
        assertThat(pub.candidates().get(0).recusedSubjects()).isEmpty();
        assertThat(pub.drawnBy()).isNull();
    }
    /**
     * A natural person's ID number enters nothing an inspector-draw/2 record publishes: the same
     * draw over the same key gives the same order, hashes, candidate digest and result digest
     * whatever the person's ID, and the public record names the person by key only.
     */
    @Test
    void aKeyedDrawNamesPersonsByKeySoNothingPublishedDependsOnTheirIdNumber() {
        String key = "NP0f3c9a71d2b84e6f95a0c1d7e3b2a468";
        List<InspectorDrawRecord> records = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (String person : List.of("330109199001011234", "330109198512310021")) {
            List<DrawStore.Assignment> active = List.of(assignment(person, "S01"), assignment("913301090000000002", "S01"));
            Inspector recusing = new Inspector("i3", "名i3", "SCJG", "S01", "浙执i3", LocalDate.of(2020, 1, 1), LocalDate.of(2030, 1, 1),
                    List.of("FOOD_SAFETY"), "ACTIVE", "13900000000", List.of(new Inspector.Recusal(person, "亲属", Instant.EPOCH, "admin"),
                    new Inspector.Recusal("913301099999999999", "亲属", Instant.EPOCH, "admin")), null, Instant.EPOCH);
            List<Inspector> pool = List.of(inspector("i1", "S01"), inspector("i2", "S01"), recusing, inspector("i4", "S01"));
            InspectorDrawPlanner.Plan plan = InspectorDrawPlanner.plan("SCJG", active, pool, Map.of(), Map.of(person, "NATURAL_PERSON"),
                    Map.of(person, key), Set.of("FOOD_SAFETY"), LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 18), 2, 2026);
            assertThat(plan.algorithm()).isEqualTo(io.spotcheck.draw.InspectorDraw.ALGORITHM_2);
            // the recusal of the person is kept by key (it changes the draw); one of a subject outside the draw is dropped
            assertThat(plan.candidates()).filteredOn(c -> c.id().equals("i3")).singleElement()
                    .extracting(CandidateSnapshot::recusedSubjects).isEqualTo(List.of(key));
            String seed = InspectorDrawSeed.forDepartment(SEED, "T1", "SCJG", null);
            var result = InspectorDrawPlanner.draw(seed, plan);
            assertThat(InspectorDrawPlanner.picks(result, plan)).extracting(InspectorDrawRecord.Pick::subjectCode).contains(person);
            digests.add(plan.candidateDigest() + " " + result.digest() + " " + result.assignments());
            records.add(new InspectorDrawRecord("ID-T1-SCJG", "DRAW", "T1", "SCJG", "D-T1", plan.algorithm(), seed, "x", null,
                    LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 18), 2, List.of("FOOD_SAFETY"), plan.groups(), plan.candidates(),
                    plan.candidateDigest(), plan.candidates().size(), InspectorDrawPlanner.picks(result, plan),
                    InspectorDrawPlanner.unstaffed(result, plan), List.of(), result.digest(), null, "operator-1", "SCJG", AT));
        }
        assertThat(digests.get(1)).isEqualTo(digests.get(0));
        assertThat(digests.get(0)).contains(key).doesNotContain("330109199001011234");
        for (InspectorDrawRecord record : records) {
            InspectorDrawRecord pub = record.masked();
            assertThat(pub.picks()).extracting(InspectorDrawRecord.Pick::subjectCode).contains(key);
            assertThat(pub.groups().get(0).subjects()).extracting(InspectorDrawRecord.GroupSubject::code).contains(key);
            assertThat(pub.toString()).doesNotContain("330109199001011234").doesNotContain("330109198512310021").doesNotContain("*");
        }
    }

    /**
     * Records drawn on a version 1 task before the fix took a person's code as its key: the public copy
     * never trusts a person's "key" that is not a random one, so the ID number is masked, not shown.
     */
    @Test
    void aPersonsKeyThatIsItsIdNumberIsMaskedInThePublicRecord() {
        String person = "330109199001011234";
        InspectorDrawRecord record = new InspectorDrawRecord("ID-T1-SCJG", "DRAW", "T1", "SCJG", "D-T1", InspectorDraw.ALGORITHM_2, SEED, "x", null,
                null, null, 2, List.of(), List.of(new InspectorDrawRecord.Group("S01", List.of(new InspectorDrawRecord.GroupSubject(person,
                "NATURAL_PERSON", List.of(), person)))), List.of(), "d", 0, List.of(new InspectorDrawRecord.Pick("S01", person, List.of("i1"),
                List.of("张三"))), List.of(), List.of(), "r", null, "operator-1", "SCJG", AT);
        InspectorDrawRecord pub = record.masked();
        assertThat(pub.toString()).doesNotContain(person);
        assertThat(pub.picks().get(0).subjectCode()).isEqualTo(DrawRecord.mask(person));
        assertThat(pub.groups().get(0).subjects().get(0).key()).isEqualTo(DrawRecord.mask(person));
    }
}
