package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.review.ResultFixtures;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The outsider's attack of issue 19: a district's natural persons made through the API, a public
 * draw with a substitution and a reassignment, inspector draws, published results; then everything
 * an anonymous caller can read is collected ({@link PublicSurface}) and every masked person is
 * brute-forced over every birth date against it ({@link BruteForce}). Nothing may link.
 */
@IntegrationTest
class PublicBruteForceIT {

    static final String DRAW = """
            mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { record { id: localId seed selected { code kind stratum region } }
              errors { code message } } }""";
    static final String DRAW_INSPECTORS = """
            mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) { record { id: localId } errors { code message } } }""";
    static final String ASSIGNMENTS = """
            query($t:String!,$d:String){ taskAssignments(taskId:$t, department:$d){ department agency subjectCode region state } }""";

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;
    @Autowired
    InspectorDirectory inspectors;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    @SuppressWarnings("unchecked")
    void noPublicValueLinksAMaskedNaturalPersonToItsIdNumberOrName() throws Exception {
        PrivacyDistrict d = new PrivacyDistrict(testers);
        d.create(inspectors, 30, 20);
        Map<String, PrivacyDistrict.Person> byCode = d.persons.stream().collect(Collectors.toMap(PrivacyDistrict.Person::code, p -> p));

        // Half of each class: persons are class C, organisations class A, so a person's substitute is a person.
        List<Map<String, Object>> selected = d.scjg().document(DRAW).variable("in", Map.of("taskId", d.taskId, "publicValue", "PRIV " + d.tag,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 50), Map.of("stratum", "A", "percent", 50))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record.selected").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        List<String> drawnPersons = selected.stream().filter(s -> "NATURAL_PERSON".equals(s.get("kind"))).map(s -> (String) s.get("code")).toList();
        assertThat(drawnPersons).as("persons drawn").hasSizeGreaterThanOrEqualTo(10);
        d.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors{ code } } }").variable("t", d.taskId).execute()
                .path("groupTask.errors").entityList(Object.class).hasSize(0);
        drawInspectors(d.scjg(), d.taskId, "SCJG");
        drawInspectors(d.wsjk(), d.taskId, "WSJK");

        // A drawn person moved out: substituted (by a person of class C); another moved within the district: reassigned.
        PrivacyDistrict.Person gone = byCode.get(drawnPersons.get(0));
        d.upsert(withStatus(d.personInput(gone, regionOf(selected, gone.code())), "MOVED_OUT"));
        d.scjg().document("""
                        mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) { substitution { id: localId substitute { code kind } } errors { code message } } }""")
                .variable("in", Map.of("taskId", d.taskId, "subjectCode", gone.code(), "reason", "已迁出本区"))
                .execute().path("substituteSubject.errors").entityList(Object.class).hasSize(0)
                .path("substituteSubject.substitution.substitute.kind").entity(String.class).isEqualTo("NATURAL_PERSON");
        PrivacyDistrict.Person moved = byCode.get(drawnPersons.get(1));
        String from = regionOf(selected, moved.code());
        // far enough to be another station's jurisdiction (SCJG-S01 covers 001..003)
        String to = Integer.parseInt(from.substring(6)) <= 10 ? "330109018" : "330109001";
        d.upsert(d.personInput(moved, to));
        String amendmentId = d.scjg().document("mutation($in: ReassignSubjectInput!) { reassignSubject(input: $in) { amendment { id: localId } errors { code message } } }")
                .variable("in", Map.of("taskId", d.taskId, "department", "SCJG", "subjectCode", moved.code(), "reason", "迁至北干"))
                .execute().path("reassignSubject.errors").entityList(Object.class).hasSize(0)
                .path("reassignSubject.amendment.id").entity(String.class).get();

        // Results of every active SCJG assignment, approved, then published through the API.
        List<Map<String, Object>> active = d.scjg().document(ASSIGNMENTS).variable("t", d.taskId).variable("d", "SCJG").execute()
                .path("taskAssignments").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m)
                .filter(a -> "ACTIVE".equals(a.get("state"))).toList();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Map<String, Object> a : active) {
            String code = (String) a.get("subjectCode");
            PrivacyDistrict.Person p = byCode.get(code);
            Map<String, Object> with = new LinkedHashMap<>();
            with.put("taskName", "隐私联合抽查 " + d.tag);
            with.put("itemCodes", List.of(d.scjgItem));
            if (p != null) {
                with.put("subjectKind", "NATURAL_PERSON");
                with.put("subjectName", p.name());
            }
            results.add(ResultFixtures.result(d.taskId, "SCJG", (String) a.get("agency"), code, "APPROVED", "2026-12-08", with));
        }
        ResultFixtures.index(client, names, "results", results);
        transition(d, "IN_PROGRESS");
        transition(d, "REVIEWING");
        d.scjg().document("mutation($t: String!, $d: String!) { publishResults(taskId: $t, department: $d) { published errors { code } } }")
                .variable("t", d.taskId).variable("d", "SCJG").execute()
                .path("publishResults.published").entity(Integer.class).isEqualTo(results.size());

        // Everything the public can read.
        PublicSurface surface = new PublicSurface(port).collect(d.taskId, d.scopeId, List.of("SCJG", "WSJK"));
        String everything = surface.text();
        // Kept for whoever reads a failure: what the public read, by request.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "privacy-public-surface.txt"), surface.responses.entrySet().stream()
                .map(e -> "### " + e.getKey() + "\n" + e.getValue()).collect(Collectors.joining("\n\n")));

        // Not vacuous: the public reads the draw, the inspector draws, the substitution and the published persons.
        assertThat(everything).contains("D-" + d.taskId, "ID-" + d.taskId + "-SCJG", "ID-" + d.taskId + "-WSJK", "SUB-" + d.taskId, "IDA-" + d.taskId);
        // One name for an amendment wherever the public reads it: its record, its verification and the substitution it
        // staffed name the person by key, never by the masked ID number. The internal id spells out the ID number: to the
        // public it names nothing (GuessedIdsIT: exactly as a wrong guess).
        org.springframework.graphql.test.tester.GraphQlTester anonymous = testers.anonymous();
        List<String> amendments = anonymous.document("query($t:String!){ inspectorDrawRecords(taskId:$t){ id: localId } }").variable("t", d.taskId)
                .execute().path("inspectorDrawRecords[*].id").entityList(String.class).get().stream().filter(id -> id.startsWith("IDA-")).toList();
        assertThat(amendments).isNotEmpty().noneMatch(id -> id.contains("*") || id.contains(moved.code()));
        String verify = "query($d:String!){ verifyInspectorDraw(drawId:$d){ drawId verdict } }";
        for (String id : amendments) {
            anonymous.document(verify).variable("d", id).execute().path("verifyInspectorDraw.drawId").entity(String.class).isEqualTo(id)
                    .path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");
        }
        anonymous.document(verify).variable("d", amendmentId).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "NOT_FOUND")));
        List<String> staffing = anonymous.document("query($t:String!){ substitutions(taskId:$t){ staffing } }").variable("t", d.taskId)
                .execute().path("substitutions[*].staffing[*]").entityList(String.class).get();
        assertThat(staffing).allSatisfy(id -> assertThat(id).isIn(amendments));
        long publishedPersons = active.stream().filter(a -> byCode.containsKey(a.get("subjectCode"))).count();
        assertThat(publishedPersons).isGreaterThanOrEqualTo(5);

        // In clear: no ID number, no name (a two-character name may be part of ordinary words: only as a whole value).
        List<String> inClear = new ArrayList<>();
        for (PrivacyDistrict.Person p : d.persons) {
            if (everything.contains(p.code()) || everything.contains(p.code().toLowerCase())) {
                inClear.add("ID number " + p.code() + " at " + where(surface, p.code()));
            }
            if ((p.name().codePointCount(0, p.name().length()) >= 3 && everything.contains(p.name())) || everything.contains("\"" + p.name() + "\"")) {
                inClear.add("name " + p.name() + " at " + where(surface, p.name()));
            }
        }

        // By brute force: every masked person the public sees, and every person of the district by its masked form.
        BruteForce attack = new BruteForce(surface.responses);
        Set<String> masked = new LinkedHashSet<>(attack.maskedIds());
        assertThat(masked).as("masked persons the public reads").hasSizeGreaterThanOrEqualTo((int) publishedPersons);
        d.persons.forEach(p -> masked.add(PersonMask.id(p.code())));
        Set<String> seeds = attack.seeds();
        assertThat(seeds).as("public seeds").isNotEmpty();
        // The amendment seed of docs/INSPECTOR-DRAW.md, from public inputs only.
        attack.withVector(c -> {
            Map<String, String> v = new LinkedHashMap<>();
            for (String seed : seeds) {
                for (String dept : List.of("SCJG", "WSJK")) {
                    for (int seq = 0; seq <= 3; seq++) {
                        v.put("amendment seed SHA-256(\"amendment\" LF task LF " + dept + " LF ID LF " + seq + " LF seed " + seed.substring(0, 12) + "…)",
                                BruteForce.sha256Hex("amendment\n" + d.taskId + "\n" + dept + "\n" + c + "\n" + seq + "\n" + seed));
                    }
                }
            }
            return v;
        });
        List<BruteForce.Link> links = attack.run(masked);
        List<String> problems = new ArrayList<>(inClear);
        links.forEach(l -> problems.add(l.toString()));
        assertThat(problems).as("public values that give a natural person away (%d masked persons, %d candidate birth dates each, %d public seeds)",
                masked.size(), BruteForce.candidates(masked.iterator().next()).size(), seeds.size()).isEmpty();
    }

    private static void drawInspectors(HttpGraphQlTester as, String taskId, String department) {
        as.document(DRAW_INSPECTORS).variable("in", Map.of("taskId", taskId, "department", department, "inspectionFrom", "2026-12-07",
                "inspectionTo", "2026-12-18")).execute().path("drawInspectors.errors").entityList(Object.class).hasSize(0);
    }

    private void transition(PrivacyDistrict d, String to) {
        Long version = d.scjg().document("query($id:String!){ task(id:$id){ version } }").variable("id", d.taskId).execute()
                .path("task.version").entity(Long.class).get();
        d.scjg().document("mutation($id:String!,$v:Long!,$to:TaskStatus!){ transitionTask(id:$id, expectedVersion:$v, to:$to){ errors{ code message } } }")
                .variable("id", d.taskId).variable("v", version).variable("to", to).execute()
                .path("transitionTask.errors").entityList(Object.class).hasSize(0);
    }

    private static String regionOf(List<Map<String, Object>> selected, String code) {
        return selected.stream().filter(s -> code.equals(s.get("code"))).map(s -> (String) s.get("region")).findFirst().orElseThrow();
    }

    private static Map<String, Object> withStatus(Map<String, Object> input, String status) {
        Map<String, Object> copy = new LinkedHashMap<>(input);
        copy.put("status", status);
        return copy;
    }

    private static String where(PublicSurface surface, String needle) {
        return surface.responses.entrySet().stream().filter(e -> e.getValue().contains(needle)).map(Map.Entry::getKey)
                .map(k -> k.length() > 120 ? k.substring(0, 120) + "…" : k).findFirst().orElse("?");
    }
}
