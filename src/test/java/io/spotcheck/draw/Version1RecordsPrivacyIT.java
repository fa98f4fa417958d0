package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.privacy.PrivacyDistrict;
import io.spotcheck.scope.Sha256;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.PublicKeys;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A task whose subject draw is an old version 1 record ({@code SHA256-RANK-STRATIFIED/1}, members
 * named by their codes): nothing a caller who sees persons masked reads about it may be a hash over
 * a person's ID number with public inputs (a rank SHA-256(seed ":" ID), an amendment seed over the
 * ID), which trying every birth date would confirm; and an inspector draw on it names persons by
 * their public member keys, never by their ID numbers. The version 1 record is the task's version 2
 * draw rewritten in the old form, as such records are stored.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Version1RecordsPrivacyIT {

    static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    @Autowired
    Testers testers;
    @Autowired
    InspectorDirectory inspectors;
    @Autowired
    DrawStore draws;
    @Autowired
    InspectorDrawStore inspectorDraws;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    final ObjectMapper json = new ObjectMapper();
    PrivacyDistrict d;
    DrawRecord v1;
    List<String> drawnPersons;

    @BeforeAll
    void aTaskDrawnUnderVersion1() throws Exception {
        d = new PrivacyDistrict(testers);
        d.create(inspectors, 8, 4);
        d.scjg().document("""
                        mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { errors { code message } } }""")
                .variable("in", Map.of("taskId", d.taskId, "publicValue", "V1 " + d.tag,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 50), Map.of("stratum", "A", "percent", 100))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0);
        DrawRecord v2 = draws.record(DrawRecord.idFor(d.taskId));
        String seed = v2.seed();
        List<SubjectDrawAlgorithm.Selected> selected = v2.selected().stream().map(s -> new SubjectDrawAlgorithm.Selected(s.code(), s.stratum(),
                s.region(), s.kind(), Sha256.hex(SubjectDrawAlgorithm.rank(seed, s.code())), s.reason())).toList();
        v1 = new DrawRecord(v2.id(), v2.taskId(), v2.itemCodes(), v2.year(), SubjectDrawAlgorithm.VERSION, seed, v2.publicValue(), v2.scopeId(),
                v2.scopeDefinition(), v2.scopeDigest(), v2.scopeSize(), v2.scopeSizes(), v2.eligibleSizes(), v2.quotas(), v2.mode(), v2.count(),
                v2.creditRuleId(), v2.ratios(), v2.minPerJurisdiction(), v2.excludedStatuses(), v2.exclusionSettings(), List.of(), selected,
                selected.stream().map(SubjectDrawAlgorithm.Selected::code).toList(), v2.selectedDigest(), selected.size(), v2.drawnBy(),
                v2.drawnByDepartment(), v2.drawnAt());
        client.delete(x -> x.index(names.alias("draws")).id(v2.id()).refresh(Refresh.True));
        assertThat(draws.create(v1)).isTrue();
        assertThat(draws.record(v1.id()).isVersion2()).isFalse();
        drawnPersons = selected.stream().filter(s -> "NATURAL_PERSON".equals(s.kind())).map(SubjectDrawAlgorithm.Selected::code).toList();
        assertThat(drawnPersons).as("persons drawn").isNotEmpty();
    }

    /** Every value SHA-256(seed ":" ID) of the district's persons: what an outsider tries birth date after birth date. */
    Set<String> personRanks() {
        return d.persons.stream().map(p -> Sha256.hex(SubjectDrawAlgorithm.rank(v1.seed(), p.code()))).collect(Collectors.toSet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMaskedVersion1DrawGivesAPersonNoRankOverItsIdNumberAndAnOrganisationItsRank() {
        String query = "query($t:String!){ drawRecord(taskId:$t){ seed selected { code kind rank } selectedSubjects(first: 50) { nodes { code kind rank } } } }";
        for (HttpGraphQlTester caller : List.of(testers.anonymous(), testers.automation("SCJG", "draws:read"))) {
            Map<String, Object> record = caller.document(query).variable("t", d.taskId).execute().path("drawRecord").entity(Map.class).get();
            assertThat(record.get("seed")).isEqualTo(v1.seed());
            List<Map<String, Object>> lines = new ArrayList<>((List<Map<String, Object>>) record.get("selected"));
            lines.addAll((List<Map<String, Object>>) ((Map<String, Object>) record.get("selectedSubjects")).get("nodes"));
            assertThat(lines).filteredOn(l -> "NATURAL_PERSON".equals(l.get("kind"))).hasSize(2 * drawnPersons.size())
                    .allSatisfy(l -> assertThat(l.get("rank")).isNull());
            assertThat(lines).filteredOn(l -> !"NATURAL_PERSON".equals(l.get("kind"))).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.get("rank")).isEqualTo(Sha256.hex(SubjectDrawAlgorithm.rank(v1.seed(), (String) l.get("code")))));
            assertThat(HEX_64.matcher(json.valueToTree(record).toString()).results().map(java.util.regex.MatchResult::group).toList()).doesNotContainAnyElementsOf(personRanks());
        }
        // The department that sees persons reads the record as drawn.
        List<String> ranks = d.scjg().document("query($t:String!){ drawRecord(taskId:$t){ selected { kind rank } } }").variable("t", d.taskId)
                .execute().path("drawRecord.selected[*].rank").entityList(String.class).get();
        assertThat(ranks).containsAll(drawnPersons.stream().map(c -> Sha256.hex(SubjectDrawAlgorithm.rank(v1.seed(), c))).toList());
    }

    @Test
    void aMaskedVersion1SubstitutionGivesAPersonSubstituteNoRank() {
        PrivacyDistrict.Person out = d.persons.stream().filter(p -> drawnPersons.contains(p.code())).findFirst().orElseThrow();
        PrivacyDistrict.Person in = d.persons.stream().filter(p -> p != out).findFirst().orElseThrow();
        String rank = Sha256.hex(SubjectDrawAlgorithm.rank(v1.seed(), in.code()));
        assertThat(inspectorDraws.create(new SubstitutionRecord(SubstitutionRecord.idFor(d.taskId, out.code()), d.taskId, v1.id(), Substitute.VERSION,
                v1.seed(), v1.scopeId(), v1.scopeDigest(), out.code(), "NATURAL_PERSON", "C", "迁出", List.of(),
                new SubjectDrawAlgorithm.Selected(in.code(), "C", "330109001", "NATURAL_PERSON", rank, "STRATUM"), List.of(), "tester", "SCJG",
                OffsetDateTime.now(ZoneOffset.UTC), null, null, null, null, null))).isTrue();
        String text = testers.anonymous().document("query($t:String!){ substitutions(taskId:$t){ id: localId seed substitute { code kind rank } } }")
                .variable("t", d.taskId).execute().path("substitutions").entityList(Map.class).hasSize(1)
                .path("substitutions[0].substitute.rank").valueIsNull().path("substitutions").entityList(Map.class).get().toString();
        assertThat(text).doesNotContain(rank, in.code(), out.code());
    }

    @Test
    void anOlderAmendmentSeededOverAPersonsIdNumberShowsNeitherSeedNorResultDigestMasked() {
        PrivacyDistrict.Person p = d.persons.stream().filter(x -> drawnPersons.contains(x.code())).skip(drawnPersons.size() > 1 ? 1 : 0)
                .findFirst().orElseThrow();
        String seed = InspectorDrawSeed.forAmendment(v1.seed(), d.taskId, "WSJK", p.code(), 1, null);
        String digest = Sha256.hexOf("result " + seed);
        // As written before public keys existed: the derivation names subjectCode, the seed is over the ID number.
        assertThat(inspectorDraws.create(new InspectorDrawRecord(InspectorDrawRecord.amendmentIdFor(d.taskId, "WSJK", p.code(), 1),
                InspectorDrawRecord.AMENDMENT, d.taskId, "WSJK", v1.id(), InspectorDraw.ALGORITHM, seed,
                "SHA-256(\"amendment\" LF taskId LF department LF subjectCode LF seq LF subjectDrawSeed)", null, LocalDate.of(2026, 12, 7),
                LocalDate.of(2026, 12, 18), 2, List.of("PUBLIC_HEALTH"),
                List.of(new InspectorDrawRecord.Group("WSJK-S01", List.of(new InspectorDrawRecord.GroupSubject(p.code(), "NATURAL_PERSON", List.of())))),
                List.of(), "cd", 0, List.of(), List.of(), List.of(), digest,
                new InspectorDrawRecord.Amendment("REASSIGNMENT", p.code(), "NATURAL_PERSON", 1, "迁址", "WSJK-S01", "WSJK-S02", "330109001",
                        "330109018", null, null), "tester", "WSJK", OffsetDateTime.now(ZoneOffset.UTC)))).isTrue();
        String records = "query($t:String!){ inspectorDrawRecords(taskId:$t){ id: localId kind seed seedDerivation resultDigest amendment { subjectCode } } }";
        List<Map> amendments = testers.anonymous().document(records).variable("t", d.taskId).execute().path("inspectorDrawRecords")
                .entityList(Map.class).get().stream().filter(r -> "AMENDMENT".equals(r.get("kind"))).toList();
        assertThat(amendments).singleElement().satisfies(r -> {
            assertThat(r.get("seed")).isNull();
            assertThat(r.get("resultDigest")).isNull();
            assertThat(r.toString()).doesNotContain(seed, digest, p.code());
        });
        // Its public verification neither (the recomputed digest is a function of that seed).
        String id = (String) amendments.get(0).get("id");
        String verification = testers.anonymous().document("query($d:String!){ verifyInspectorDraw(drawId:$d){ drawId verdict details recomputedDigest } }")
                .variable("d", id).execute().path("verifyInspectorDraw.recomputedDigest").valueIsNull()
                .path("verifyInspectorDraw").entity(Map.class).get().toString();
        assertThat(verification).doesNotContain(seed, p.code());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInspectorDrawOnAVersion1TaskNamesPersonsByTheirPublicKeysNeverByIdNumber() throws Exception {
        d.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors{ code } } }").variable("t", d.taskId).execute()
                .path("groupTask.errors").entityList(Object.class).hasSize(0);
        d.scjg().document("mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) { record { id: localId } errors { code message } } }")
                .variable("in", Map.of("taskId", d.taskId, "department", "SCJG", "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18"))
                .execute().path("drawInspectors.errors").entityList(Object.class).hasSize(0);

        // As drawn: every person by its random key from the directory (so no hash, order or digest is over its ID number).
        InspectorDrawRecord stored = inspectorDraws.record(InspectorDrawRecord.idFor(d.taskId, "SCJG"));
        assertThat(stored.algorithm()).isEqualTo(InspectorDraw.ALGORITHM_2);
        List<InspectorDrawRecord.GroupSubject> persons = stored.groups().stream().flatMap(g -> g.subjects().stream())
                .filter(s -> "NATURAL_PERSON".equals(s.kind())).toList();
        assertThat(persons).extracting(InspectorDrawRecord.GroupSubject::code).containsExactlyInAnyOrderElementsOf(drawnPersons);
        assertThat(persons).allSatisfy(s -> assertThat(PublicKeys.isPersonKey(s.key())).as("key of a person").isTrue());

        // As the public reads it: no ID number anywhere, and it verifies.
        String query = """
                query($t:String!){ inspectorDrawRecord(taskId:$t, department:"SCJG"){ id: localId algorithm resultDigest
                  groups { agency subjects { code kind } } picks { subjectCode } unstaffed { subjectCode } uncovered { subjectCode } } }""";
        Map<String, Object> shown = testers.anonymous().document(query).variable("t", d.taskId).execute().path("inspectorDrawRecord")
                .entity(Map.class).get();
        String text = json.writeValueAsString(shown);
        assertThat(drawnPersons).allSatisfy(c -> assertThat(text).doesNotContain(c));
        List<Map<String, Object>> subjects = ((List<Map<String, Object>>) shown.get("groups")).stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("subjects")).stream()).filter(s -> "NATURAL_PERSON".equals(s.get("kind"))).toList();
        assertThat(subjects).hasSize(drawnPersons.size()).allSatisfy(s -> assertThat(PublicKeys.isPersonKey((String) s.get("code"))).isTrue());
        testers.anonymous().document("query($d:String!){ verifyInspectorDraw(drawId:$d){ verdict } }").variable("d", shown.get("id")).execute()
                .path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");
    }
}
