package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.relocation.Relocation;
import io.spotcheck.relocation.RelocationStore;
import io.spotcheck.review.ResultFixtures;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Ids a caller writes itself, with a guess of a person's ID number in them (docs/SECURITY.md,
 * "Global ids" and "Guessing"): a right guess must read exactly like a wrong one. One district with
 * a draw, inspector draws, a reassignment, a substitution, a result and a relocation finding, each
 * naming a natural person in its local id.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuessedIdsIT {

    /** A caller kind and its bearer token (null: the public). */
    record CallerKind(String name, Function<Testers, String> token) {}

    /** Callers who see persons masked. */
    static final List<CallerKind> MASKED = List.of(
            new CallerKind("anonymous", t -> null),
            new CallerKind("AGENCY_REVIEWER SCJG-S01", t -> t.token("SCJG", "SCJG-S01", null, Role.AGENCY_REVIEWER)),
            new CallerKind("AUTOMATION SCJG", t -> t.token("SCJG", null, "subjects:read draws:read tasks:read review:read results:read", Role.AUTOMATION)));
    /** Callers who see persons in clear. */
    static final List<CallerKind> CLEAR = List.of(
            new CallerKind("PLATFORM_ADMIN", t -> t.token(null, null, null, Role.PLATFORM_ADMIN)),
            new CallerKind("DEPT_OPERATOR SCJG", t -> t.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR)),
            new CallerKind("AUTOMATION SCJG persons:read",
                    t -> t.token("SCJG", null, "subjects:read draws:read tasks:read review:read results:read persons:read", Role.AUTOMATION)));

    static final String NODE = "query($id: ID!) { node(id: $id) { id } }";
    static final String NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";
    static final String RECORD = "query($id: String!) { inspectorDrawRecord(id: $id) { id localId } }";
    static final String VERIFY = "query($d: String!) { verifyInspectorDraw(drawId: $d) { drawId verdict } }";

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
    @Autowired
    RelocationStore relocations;
    @Autowired
    ObjectMapper json;
    @Autowired
    io.spotcheck.api.GlobalIds globalIds;

    PrivacyDistrict d;
    /** The clear local id, by type, of an entity whose local id names a natural person; and that person's ID number. */
    final Map<String, String[]> named = new LinkedHashMap<>();
    /** Clear local id → the entity's sealed global id, as handed out in `id`. */
    final Map<String, String> sealed = new LinkedHashMap<>();
    /** Clear local id → the local id the public copy shows. */
    final Map<String, String> shown = new LinkedHashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    void district() throws Exception {
        d = new PrivacyDistrict(testers);
        d.create(inspectors, 8, 4);
        List<Map<String, Object>> selected = d.scjg().document(PublicBruteForceIT.DRAW).variable("in", Map.of("taskId", d.taskId,
                        "publicValue", "G " + d.tag, "ratios", List.of(Map.of("stratum", "C", "percent", 50), Map.of("stratum", "A", "percent", 50))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record.selected").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        d.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors{ code } } }").variable("t", d.taskId).execute()
                .path("groupTask.errors").entityList(Object.class).hasSize(0);
        for (String dept : List.of("SCJG", "WSJK")) {
            (dept.equals("SCJG") ? d.scjg() : d.wsjk()).document(PublicBruteForceIT.DRAW_INSPECTORS).variable("in", Map.of("taskId", d.taskId,
                    "department", dept, "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18")).execute()
                    .path("drawInspectors.errors").entityList(Object.class).hasSize(0);
        }
        List<Map<String, Object>> drawn = selected.stream().filter(s -> "NATURAL_PERSON".equals(s.get("kind"))).toList();
        assertThat(drawn).as("persons drawn").hasSizeGreaterThanOrEqualTo(2);

        // A drawn person moves out: substituted. Another moves to another station's jurisdiction: reassigned.
        String gone = (String) drawn.get(0).get("code");
        Map<String, Object> out = new LinkedHashMap<>(d.personInput(person(gone), (String) drawn.get(0).get("region")));
        out.put("status", "MOVED_OUT");
        d.upsert(out);
        d.scjg().document("mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) { errors { code message } } }")
                .variable("in", Map.of("taskId", d.taskId, "subjectCode", gone, "reason", "已迁出本区")).execute()
                .path("substituteSubject.errors").entityList(Object.class).hasSize(0);
        String moved = (String) drawn.get(1).get("code");
        String from = (String) drawn.get(1).get("region");
        d.upsert(d.personInput(person(moved), Integer.parseInt(from.substring(6)) <= 10 ? "330109018" : "330109001"));
        String amendment = d.scjg().document("mutation($in: ReassignSubjectInput!) { reassignSubject(input: $in) { amendment { localId } errors { code message } } }")
                .variable("in", Map.of("taskId", d.taskId, "department", "SCJG", "subjectCode", moved, "reason", "迁址"))
                .execute().path("reassignSubject.errors").entityList(Object.class).hasSize(0)
                .path("reassignSubject.amendment.localId").entity(String.class).get();
        assertThat(amendment).contains(moved);
        named.put("InspectorDrawRecord", new String[] {amendment, moved});
        named.put("Substitution", new String[] {"SUB-" + d.taskId + "-" + gone, gone});

        // A result of a person in the reviewer's station, and a relocation finding on it.
        String reviewed = d.persons.stream().map(PrivacyDistrict.Person::code).filter(c -> !c.equals(gone) && !c.equals(moved)).findFirst().orElseThrow();
        String resultId = io.spotcheck.result.Result.id(d.taskId, "SCJG", reviewed);
        ResultFixtures.index(client, names, "results", List.of(ResultFixtures.result(d.taskId, "SCJG", "SCJG-S01", reviewed, "SUBMITTED",
                "2026-12-08", Map.of("subjectKind", "NATURAL_PERSON", "subjectName", person(reviewed).name(), "itemCodes", List.of(d.scjgItem)))));
        named.put("InspectionResult", new String[] {resultId, reviewed});
        relocations.create(new Relocation(Relocation.FINDING, resultId, d.taskId, "SCJG", "SCJG", "SCJG-S01", reviewed, "NATURAL_PERSON",
                resultId, List.of("MOVED_OUT"), List.of(), "guess", Instant.now(), null, null, null, null, Relocation.OPEN, null, null, null, null,
                List.of(), null, null, null, null));
        named.put("Relocation", new String[] {resultId, reviewed});

        // The current assignment of a person, and every id and public id of the inspector draw's lists.
        String lists = "query($t:String!){ taskAssignments(taskId:$t){ id localId } inspectorDrawRecords(taskId:$t){ id localId }"
                + " substitutions(taskId:$t){ id localId } }";
        JsonNode clear = data(post(CLEAR.get(0), lists, Map.of("t", d.taskId)));
        JsonNode masked = data(post(MASKED.get(0), lists, Map.of("t", d.taskId)));
        for (String list : List.of("taskAssignments", "inspectorDrawRecords", "substitutions")) {
            Map<String, String> publicById = new LinkedHashMap<>();
            masked.get(list).forEach(n -> publicById.put(n.get("id").asText(), n.get("localId").asText()));
            clear.get(list).forEach(n -> {
                sealed.put(n.get("localId").asText(), n.get("id").asText());
                shown.put(n.get("localId").asText(), publicById.get(n.get("id").asText()));
            });
        }
        String assignment = d.taskId + ":SCJG:" + moved;
        assertThat(sealed).containsKeys(assignment, amendment, "SUB-" + d.taskId + "-" + gone);
        named.put("Assignment", new String[] {assignment, moved});
    }

    @Test
    void aHandMadePlainGlobalIdOfASealedTypeNamesNothingWhateverItHoldsAndWhoeverAsks() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<CallerKind> everyone = new ArrayList<>(MASKED);
        everyone.addAll(CLEAR);
        for (CallerKind caller : everyone) {
            for (Map.Entry<String, String[]> e : named.entrySet()) {
                String type = e.getKey();
                String local = e.getValue()[0];
                String code = e.getValue()[1];
                String right = plain(type, local);
                String guess = plain(type, local.replace(code, otherBirthDate(code)));
                String cell = type + " × " + caller.name() + ": ";
                String asRight = post(caller, NODE, Map.of("id", right));
                String asGuess = post(caller, NODE, Map.of("id", guess));
                if (!asRight.equals(asGuess) || json.readTree(asRight).has("errors") || !json.readTree(asRight).get("data").equals(json.readTree("{\"node\":null}"))) {
                    wrong.add(cell + "node of the right ID read " + asRight + ", of a wrong guess " + asGuess);
                }
                String both = post(caller, NODES, Map.of("ids", List.of(right, guess)));
                if (json.readTree(both).has("errors") || !json.readTree(both).get("data").equals(json.readTree("{\"nodes\":[null,null]}"))) {
                    wrong.add(cell + "nodes read " + both);
                }
            }
        }
        // Not vacuous: the entities exist, and their sealed ids reach them.
        for (Map.Entry<String, String[]> e : named.entrySet()) {
            String id = globalIds.encode(e.getKey(), e.getValue()[0], true);
            assertThat(data(post(CLEAR.get(0), NODE, Map.of("id", id))).get("node").get("id").asText()).as(e.getKey()).isEqualTo(id);
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anAmendmentOrSubstitutionIdSpellingOutAnIdNumberReadsAsUnknownToWhoSeesPersonsMaskedAndTheirPublicIdsStillWork() throws Exception {
        String amendment = named.get("InspectorDrawRecord")[0];
        String amendmentGuess = amendment.replace(named.get("InspectorDrawRecord")[1], otherBirthDate(named.get("InspectorDrawRecord")[1]));
        String substitution = named.get("Substitution")[0];
        String substitutionGuess = substitution.replace(named.get("Substitution")[1], otherBirthDate(named.get("Substitution")[1]));
        String publicAmendment = shown.get(amendment);
        String publicSubstitution = shown.get(substitution);
        assertThat(publicAmendment).isNotEqualTo(amendment).doesNotContain("*");
        List<String> wrong = new ArrayList<>();
        for (CallerKind caller : MASKED) {
            String asRight = post(caller, RECORD, Map.of("id", amendment));
            String asGuess = post(caller, RECORD, Map.of("id", amendmentGuess));
            if (!asRight.equals(asGuess) || json.readTree(asRight).has("errors") || !json.readTree(asRight).get("data").equals(json.readTree("{\"inspectorDrawRecord\":null}"))) {
                wrong.add("inspectorDrawRecord × " + caller.name() + ": the right ID read " + asRight + ", a wrong guess " + asGuess);
            }
            for (String[] ids : List.of(new String[] {amendment, amendmentGuess}, new String[] {substitution, substitutionGuess})) {
                String right = post(caller, VERIFY, Map.of("d", ids[0]));
                String guess = post(caller, VERIFY, Map.of("d", ids[1]));
                if (!right.equals(guess) || !right.contains("\"NOT_FOUND\"") || right.contains(ids[0])) {
                    wrong.add("verifyInspectorDraw × " + caller.name() + " × " + ids[0] + ": the right ID read " + right + ", a wrong guess " + guess);
                }
            }
            // By the id the public copy shows, and by the sealed global id, the records are found as before.
            for (String id : List.of(publicAmendment, sealed.get(amendment))) {
                JsonNode record = data(post(caller, RECORD, Map.of("id", id))).get("inspectorDrawRecord");
                if (record.isNull() || !publicAmendment.equals(record.get("localId").asText())) {
                    wrong.add("inspectorDrawRecord × " + caller.name() + " by " + id + ": read " + record);
                }
            }
            for (String[] ids : List.of(new String[] {publicAmendment, sealed.get(amendment)}, new String[] {publicSubstitution, sealed.get(substitution)})) {
                for (String id : ids) {
                    JsonNode v = data(post(caller, VERIFY, Map.of("d", id))).get("verifyInspectorDraw");
                    if (v.isNull() || !"MATCH".equals(v.get("verdict").asText()) || !ids[0].equals(v.get("drawId").asText())) {
                        wrong.add("verifyInspectorDraw × " + caller.name() + " by " + id + ": read " + v);
                    }
                }
            }
        }
        // Who sees persons names them by ID number as ever.
        for (CallerKind caller : CLEAR) {
            JsonNode record = data(post(caller, RECORD, Map.of("id", amendment))).get("inspectorDrawRecord");
            if (record.isNull() || !amendment.equals(record.get("localId").asText())) {
                wrong.add("inspectorDrawRecord × " + caller.name() + " by the ID: read " + record);
            }
            for (String id : List.of(amendment, substitution)) {
                JsonNode v = data(post(caller, VERIFY, Map.of("d", id))).get("verifyInspectorDraw");
                if (v.isNull() || !"MATCH".equals(v.get("verdict").asText()) || !id.equals(v.get("drawId").asText())) {
                    wrong.add("verifyInspectorDraw × " + caller.name() + " by " + id + ": read " + v);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private PrivacyDistrict.Person person(String code) {
        return d.persons.stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }

    /** The plain global id anyone can write: base64url("Type:localId"). */
    static String plain(String type, String local) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((type + ":" + local).getBytes(StandardCharsets.UTF_8));
    }

    /** Another valid ID number with the same masked form: another birth date, the same county, sequence and check character. */
    static String otherBirthDate(String id) {
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        LocalDate born = LocalDate.parse(id.substring(6, 14), f);
        for (int days = 1; ; days++) {
            String candidate = io.spotcheck.subject.TestCodes.residentId(id.substring(0, 6) + born.plusDays(days).format(f) + id.substring(14, 17));
            if (candidate.charAt(17) == id.charAt(17)) {
                assertThat(PersonMask.isResidentId(candidate)).isTrue();
                return candidate;
            }
        }
    }

    /** The answer without its rate-limit counters (they count requests, whatever is asked), for comparing answers whole. */
    private String post(CallerKind caller, String query, Map<String, Object> variables) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        String token = caller.token().apply(testers);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        JsonNode tree = json.readTree(new RawHttp(port).post(RawHttp.body(Map.of("query", query, "variables", variables)), headers).body());
        if (tree.get("extensions") instanceof com.fasterxml.jackson.databind.node.ObjectNode extensions) {
            extensions.remove("rateLimit");
            if (extensions.isEmpty()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("extensions");
            }
        }
        return json.writeValueAsString(tree);
    }

    private JsonNode data(String body) throws Exception {
        JsonNode tree = json.readTree(body);
        assertThat(tree.has("errors")).as(body).isFalse();
        return tree.get("data");
    }
}
