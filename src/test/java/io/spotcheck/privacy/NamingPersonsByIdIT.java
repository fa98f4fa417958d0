package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.checkpoint.CheckpointStore;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A caller who sees persons masked — here an automation client holding every write scope but
 * {@code persons:read} — cannot name a natural person by ID number (docs/SECURITY.md, "Guessing"):
 * the mutations and uploads that take a subject code refuse a resident ID number by its form, the
 * same whether the person exists or not; the scopes it builds never match a person by text, name
 * prefix or code; and what its mutations and scope jobs answer names persons only masked.
 */
@IntegrationTest
class NamingPersonsByIdIT {

    static final String WRITES = "tasks:read tasks:write draws:read subjects:import tags:write scopes:write";

    /** One district for the whole class: drawn (by the masked client), grouped, SCJG's inspectors drawn. */
    static PrivacyDistrict d;
    static String drawBody;
    static String groupBody;
    static String inspectorDrawBody;
    /** The subject draw's selected members as the department reads them: code → kind. */
    static Map<String, String> selected;

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;
    @Autowired
    InspectorDirectory inspectors;
    @Autowired
    CheckpointStore checkpoints;

    final ObjectMapper json = new ObjectMapper();

    String masked() {
        return testers.token("SCJG", null, WRITES, Role.AUTOMATION);
    }

    String clear() {
        return testers.token("SCJG", null, WRITES + " persons:read", Role.AUTOMATION);
    }

    String operator() {
        return testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
    }

    private void district() throws Exception {
        synchronized (NamingPersonsByIdIT.class) {
            if (d != null) {
                return;
            }
            PrivacyDistrict district = new PrivacyDistrict(testers);
            // Organisations in the persons' stratum, so that a substitute for an organisation may be a person.
            district.organisationRisk = "C";
            district.create(inspectors, 12, 4);
            drawBody = post(masked(), """
                    mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { record { localId selected { code kind } } errors { code message } } }""",
                    Map.of("in", Map.of("taskId", district.taskId, "publicValue", "M " + district.tag,
                            "ratios", List.of(Map.of("stratum", "C", "percent", 40)))));
            assertThat(json.readTree(drawBody).at("/data/drawSubjects/errors")).as(drawBody).isEmpty();
            groupBody = post(masked(), """
                    mutation($t: String!) { groupTask(taskId: $t) { departments { department groups { agency subjectCodes } uncovered } errors { code } } }""",
                    Map.of("t", district.taskId));
            assertThat(json.readTree(groupBody).at("/data/groupTask/errors")).as(groupBody).isEmpty();
            inspectorDrawBody = post(masked(), """
                    mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) {
                      record { localId groups { subjects { code } } picks { subjectCode } } errors { code message } } }""",
                    Map.of("in", Map.of("taskId", district.taskId, "department", "SCJG", "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18")));
            assertThat(json.readTree(inspectorDrawBody).at("/data/drawInspectors/errors")).as(inspectorDrawBody).isEmpty();
            Map<String, String> kinds = new LinkedHashMap<>();
            json.readTree(post(operator(), "query($t: String!) { drawRecord(taskId: $t) { selected { code kind } } }", Map.of("t", district.taskId)))
                    .at("/data/drawRecord/selected").forEach(s -> kinds.put(s.get("code").asText(), s.get("kind").asText()));
            selected = kinds;
            d = district;
        }
    }

    @Test
    void namingAPersonByIdNumberInAMutationIsForbiddenTheSameWhetherOrNotThePersonExists() throws Exception {
        district();
        PrivacyDistrict.Person probe = drawnPersons().get(0);
        PrivacyDistrict.Person nobody = new PrivacyDistrict.Person(d.residentId(), probe.name());
        String before = subjectState(probe.code());

        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("handOverSubjects", """
                mutation($t: String!, $c: String!) { handOverSubjects(input: {taskId: $t, department: "SCJG", subjectCodes: [$c],
                  agency: "SCJG-BUREAU", reason: "移交"}) { amendments { localId } errors { code message } } }""");
        documents.put("reassignSubject", """
                mutation($t: String!, $c: String!) { reassignSubject(input: {taskId: $t, department: "SCJG", subjectCode: $c, reason: "迁移"}) {
                  amendment { localId } errors { code message } } }""");
        documents.put("substituteSubject", """
                mutation($t: String!, $c: String!) { substituteSubject(input: {taskId: $t, subjectCode: $c, reason: "迁出"}) {
                  substitution { localId } errors { code message } } }""");
        documents.put("resolveRelocation", """
                mutation($t: String!, $c: String!) { resolveRelocation(input: {taskId: $t, subjectCode: $c, resolution: SUBSTITUTE, reason: "迁出"}) {
                  errors { code message } } }""");
        documents.put("updateSubject", """
                mutation($c: String!) { updateSubject(input: {code: $c, status: "ACTIVE"}) { subject { code } errors { code message } } }""");
        documents.put("setSubjectTags", """
                mutation($c: String!) { setSubjectTags(input: {code: $c, department: "SCJG", remove: ["无此标签"]}) { subject { code } errors { code message } } }""");
        documents.put("upsertSubject", """
                mutation($in: SubjectInput!) { upsertSubject(input: $in) { subject { code } errors { code message } } }""");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> doc : documents.entrySet()) {
            String person = post(masked(), doc.getValue(), variables(doc.getKey(), probe));
            String missing = post(masked(), doc.getValue(), variables(doc.getKey(), nobody));
            JsonNode error = json.readTree(person).at("/errors/0");
            // the answers compared without their extensions (cost, rate limit)
            if (!answer(person).equals(answer(missing))
                    || !"FORBIDDEN".equals(error.at("/extensions/code").asText()) || !PersonNaming.REFUSAL.equals(error.at("/message").asText())
                    || person.contains(probe.code()) || person.contains(PersonMask.id(probe.code()))) {
                wrong.add(doc.getKey() + ": the person answered " + person + ", a code nobody has " + missing);
            }
            // decided by the code's form before the task is looked up: a task id of nothing answers the same
            if (variables(doc.getKey(), probe).containsKey("t")) {
                String noTask = post(masked(), doc.getValue(), Map.of("t", "T-2026-none-" + d.tag, "c", probe.code()));
                if (!answer(noTask).equals(answer(person))) {
                    wrong.add(doc.getKey() + ": the task answered " + person + ", a task id of nothing " + noTask);
                }
            }
        }
        // POST /api/subjects/import: each record naming a person by ID number is rejected by its form, its code masked.
        String lines = json.writeValueAsString(d.personInput(probe, PrivacyDistrict.region(0))) + "\n"
                + json.writeValueAsString(d.personInput(nobody, PrivacyDistrict.region(0))) + "\n";
        HttpResponse<String> imported = new RawHttp(port).send("POST", "/api/subjects/import",
                Map.of("Authorization", "Bearer " + masked(), "Content-Type", "application/x-ndjson"), lines);
        List<JsonNode> report = new ArrayList<>();
        for (String line : imported.body().split("\n")) {
            report.add(json.readTree(line));
        }
        if (imported.statusCode() != 200 || imported.body().contains(probe.code()) || imported.body().contains(nobody.code()) || report.size() != 3
                || !report.get(0).at("/errors/0/code").asText().equals("FORBIDDEN")
                || !report.get(0).at("/errors").equals(report.get(1).at("/errors"))
                || !Set.of(report.get(0).at("/code").asText(), report.get(1).at("/code").asText())
                        .equals(Set.of(PersonMask.id(probe.code()), PersonMask.id(nobody.code())))
                || report.get(2).at("/summary/accepted").asLong() != 0 || report.get(2).at("/summary/rejected").asLong() != 2) {
            wrong.add("POST /api/subjects/import: " + imported.statusCode() + " " + imported.body());
        }
        assertThat(wrong).isEmpty();
        assertThat(subjectState(probe.code())).as("nothing written to the person").isEqualTo(before);
        assertThat(subjectState(nobody.code())).as("nobody created").contains("\"subject\":null");

        // Who sees persons in clear still names them: the answers then depend on the person, as they may.
        String handOver = documents.get("handOverSubjects");
        assertThat(post(clear(), handOver, variables("handOverSubjects", probe))).contains("NOT_UNCOVERED");
        assertThat(post(clear(), handOver, variables("handOverSubjects", nobody))).contains("NOT_ASSIGNED");
    }

    @Test
    void aScopeBuiltByACallerWhoSeesPersonsMaskedNeverMatchesAPersonByTextNamePrefixOrCode() throws Exception {
        district();
        PrivacyDistrict.Person person = d.persons.get(0);
        String organisation = d.organisations.get(0);
        String unit = d.unit();
        Map<String, Object> byCode = Map.of("codes", List.of(person.code(), organisation));
        Map<String, Object> byName = Map.of("supervisingUnits", List.of(unit), "text", person.name());
        Map<String, Object> byPrefix = Map.of("supervisingUnits", List.of(unit), "namePrefix", person.name());
        assertThat(memberCount(masked(), byCode)).isEqualTo(1);
        assertThat(memberCount(operator(), byCode)).isEqualTo(2);
        assertThat(memberCount(masked(), byName)).isZero();
        assertThat(memberCount(operator(), byName)).isPositive();
        assertThat(memberCount(masked(), byPrefix)).isZero();
        assertThat(memberCount(operator(), byPrefix)).isPositive();
        // Owner codes holding a resident ID number are refused, as the subject search refuses them.
        String owned = post(masked(), CREATE_SCOPE, Map.of("in", scopeInput("FILTER", Map.of("ownerCodes", List.of(person.code())))));
        assertThat(json.readTree(owned).at("/errors/0/extensions/code").asText()).as(owned).isEqualTo("FORBIDDEN");
        assertThat(owned).doesNotContain(person.code());

        // An imported list: a line naming a person by ID number is rejected before it is looked up, found or not.
        String nobody = d.residentId();
        String body = organisation + "\n" + person.code() + "\n" + nobody + "\n";
        JsonNode upload = upload(masked(), body);
        assertThat(upload.get("members").asLong()).as(upload.toString()).isEqualTo(1);
        assertThat(upload.get("notFoundCount").asLong()).isZero();
        assertThat(upload.get("rejectedCount").asLong()).isEqualTo(2);
        assertThat(upload.get("rejected").findValuesAsText("reason")).containsOnly(PersonNaming.REFUSAL);
        assertThat(upload.toString()).doesNotContain(person.code()).doesNotContain(nobody);
        JsonNode control = upload(operator(), body);
        assertThat(control.get("members").asLong()).isEqualTo(2);
        assertThat(control.get("notFoundCount").asLong()).isEqualTo(1);
        // The department's list names an ID number nobody in the directory has: read masked by who sees persons masked.
        String scope = post(masked(), "query($id: String!) { scope(id: $id) { notFound } }", Map.of("id", control.get("scopeId").asText()));
        assertThat(json.readTree(scope).at("/data/scope/notFound/0").asText()).as(scope).isEqualTo(PersonMask.id(nobody));
    }

    @Test
    void aTagRuleJobShowsThePersonItStoppedAtMaskedToACallerWhoSeesPersonsMasked() throws Exception {
        district();
        String person = d.persons.get(0).code();
        // a job that walks the directory in code order, stopped at the person (its checkpoint, as while it runs)
        String id = "tagrule-nm-" + UUID.randomUUID();
        checkpoints.save(id, Map.of("ruleId", "nm", "department", "SCJG", "status", "RUNNING", "lastCode", person, "processed", "1",
                "changed", "0", "chunks", "1", "startedAt", java.time.Instant.now().toString()));
        try {
            String query = "query($id: ID!) { tagRuleJob(id: $id) { status lastCode } }";
            String shown = post(masked(), query, Map.of("id", id));
            assertThat(json.readTree(shown).at("/data/tagRuleJob/lastCode").asText()).as(shown).isEqualTo(PersonMask.id(person));
            assertThat(json.readTree(post(operator(), query, Map.of("id", id))).at("/data/tagRuleJob/lastCode").asText()).isEqualTo(person);
        } finally {
            checkpoints.delete(id);
        }
    }

    @Test
    void whatTheDrawMutationsAnswerACallerWhoSeesPersonsMaskedNamesNoPersonInClear() throws Exception {
        district();
        List<String> persons = d.persons.stream().map(PrivacyDistrict.Person::code).toList();
        for (String body : List.of(drawBody, groupBody, inspectorDrawBody)) {
            assertThat(persons).as(body).noneMatch(body::contains);
        }
        assertThat(drawnPersons()).as("the payloads show drawn persons, masked or by key").isNotEmpty();

        // An organisation substituted by the masked client whose substitute is a person: the payload masks it.
        String organisation = drawnOrganisation();
        for (String undrawn : d.organisations) {
            if (!drawn().contains(undrawn)) {
                // passed over by the substitution (its status is excluded), so the next candidate is a person
                setStatus(undrawn, "DEREGISTERED");
            }
        }
        setStatus(organisation, "MOVED_OUT");
        String substitute = """
                mutation($t: String!, $c: String!) { substituteSubject(input: {taskId: $t, subjectCode: $c, reason: "迁出"}) {
                  substitution { localId movedOutCode substitute { code kind } staffing } assignments { localId subjectCode } errors { code message } } }""";
        String first = post(masked(), substitute, Map.of("t", d.taskId, "c", organisation));
        assertThat(json.readTree(first).at("/data/substituteSubject/errors")).as(first).isEmpty();
        assertThat(json.readTree(first).at("/data/substituteSubject/substitution/substitute/kind").asText()).as(first).isEqualTo("NATURAL_PERSON");
        String person = substituteOf(organisation);
        assertThat(first).doesNotContain(person);
        // Again: CONFLICT with the stored record, masked alike.
        String again = post(masked(), substitute, Map.of("t", d.taskId, "c", organisation));
        assertThat(again).contains("CONFLICT").doesNotContain(person);
    }

    static final String CREATE_SCOPE = """
            mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { localId status memberCount } errors { code message } } }""";

    private Map<String, Object> scopeInput(String kind, Map<String, Object> filter) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("id", "S-nm-" + UUID.randomUUID());
        in.put("name", "按号码");
        in.put("department", "SCJG");
        in.put("kind", kind);
        if (filter != null) {
            in.put("filter", filter);
        }
        return in;
    }

    /** Builds a FILTER scope as the caller and answers its member count once frozen. */
    private long memberCount(String token, Map<String, Object> filter) throws Exception {
        String created = post(token, CREATE_SCOPE, Map.of("in", scopeInput("FILTER", filter)));
        JsonNode scope = json.readTree(created).at("/data/createScope/scope");
        assertThat(scope.isObject()).as(created).isTrue();
        String id = scope.get("localId").asText();
        for (int i = 0; i < 1200; i++) {
            JsonNode now = json.readTree(post(token, "query($id: String!) { scope(id: $id) { status memberCount } }", Map.of("id", id)))
                    .at("/data/scope");
            if ("FROZEN".equals(now.get("status").asText())) {
                return now.get("memberCount").asLong();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("scope " + id + " did not freeze");
    }

    private JsonNode upload(String token, String body) throws Exception {
        String created = post(token, CREATE_SCOPE, Map.of("in", scopeInput("IMPORTED", null)));
        String id = json.readTree(created).at("/data/createScope/scope/localId").asText();
        HttpResponse<String> response = new RawHttp(port).send("POST", "/scopes/" + id + "/codes",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "text/plain"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String answer(String body) throws Exception {
        JsonNode tree = json.readTree(body);
        return tree.path("data") + " " + tree.path("errors");
    }

    private Map<String, Object> variables(String mutation, PrivacyDistrict.Person p) {
        return switch (mutation) {
            case "updateSubject", "setSubjectTags" -> Map.of("c", p.code());
            case "upsertSubject" -> Map.of("in", d.personInput(p, PrivacyDistrict.region(0)));
            default -> Map.of("t", d.taskId, "c", p.code());
        };
    }

    /** The subject as the department reads it: what a write would change. */
    private String subjectState(String code) throws Exception {
        return json.readTree(post(operator(), "query($c: String!) { subject(code: $c) { code name status address tags { key } updatedAt } }",
                Map.of("c", code))).path("data").toString();
    }

    private Set<String> drawn() throws Exception {
        Set<String> drawn = new java.util.HashSet<>(selected.keySet());
        json.readTree(post(operator(), "query($t: String!) { substitutions(taskId: $t) { substitute { code } } }", Map.of("t", d.taskId)))
                .at("/data/substitutions").forEach(s -> {
                    if (s.at("/substitute/code").isTextual()) {
                        drawn.add(s.at("/substitute/code").asText());
                    }
                });
        return drawn;
    }

    private List<PrivacyDistrict.Person> drawnPersons() {
        return d.persons.stream().filter(p -> "NATURAL_PERSON".equals(selected.get(p.code()))).toList();
    }

    /**
     * An organisation of the draw still in the district. When the draw took none, the department
     * substitutes drawn persons (it sees them) until an organisation comes in.
     */
    private String drawnOrganisation() throws Exception {
        List<String> drawnPersons = new ArrayList<>(drawnPersons().stream().map(PrivacyDistrict.Person::code).toList());
        while (true) {
            Set<String> drawn = drawn();
            List<String> organisations = d.organisations.stream().filter(drawn::contains).collect(Collectors.toList());
            if (!organisations.isEmpty()) {
                return organisations.get(0);
            }
            assertThat(drawnPersons).as("a drawn person left to substitute").isNotEmpty();
            String leaving = drawnPersons.remove(drawnPersons.size() - 1);
            setStatus(leaving, "MOVED_OUT");
            String body = post(operator(), """
                    mutation($t: String!, $c: String!) { substituteSubject(input: {taskId: $t, subjectCode: $c, reason: "迁出"}) {
                      substitution { substitute { code kind } } errors { code message } } }""", Map.of("t", d.taskId, "c", leaving));
            JsonNode sub = json.readTree(body).at("/data/substituteSubject/substitution/substitute");
            assertThat(sub.isObject()).as("a substitute for " + leaving + ": " + body).isTrue();
            if ("NATURAL_PERSON".equals(sub.get("kind").asText())) {
                drawnPersons.add(sub.get("code").asText());
            }
        }
    }

    private String substituteOf(String movedOut) throws Exception {
        for (JsonNode s : json.readTree(post(operator(), "query($t: String!) { substitutions(taskId: $t) { movedOutCode substitute { code } } }",
                Map.of("t", d.taskId))).at("/data/substitutions")) {
            if (movedOut.equals(s.get("movedOutCode").asText())) {
                return s.at("/substitute/code").asText();
            }
        }
        throw new AssertionError("no substitution of " + movedOut);
    }

    private void setStatus(String code, String status) throws Exception {
        String body = post(operator(), "mutation($c: String!, $s: String!) { updateSubject(input: {code: $c, status: $s}) { errors { code message } } }",
                Map.of("c", code, "s", status));
        assertThat(json.readTree(body).at("/data/updateSubject/errors")).as(body).isEmpty();
    }

    private String post(String token, String query, Map<String, Object> variables) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer " + token);
        return new RawHttp(port).post(RawHttp.body(Map.of("query", query, "variables", variables)), headers).body();
    }
}
