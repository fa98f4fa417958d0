package io.spotcheck.node;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Relay's node(id:)/nodes(ids:), global ids and connections, on the real server. */
@IntegrationTest
class NodeIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;
    @Autowired
    io.spotcheck.inspector.InspectorDirectory inspectors;
    @Autowired
    io.spotcheck.relocation.RelocationStore relocations;

    HttpGraphQlTester scjg() {
        return testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
    }

    Map<String, Object> newTask(HttpGraphQlTester as, String lead, List<String> departments) {
        List<Map<String, Object>> parts = departments.stream()
                .<Map<String, Object>>map(d -> Map.of("department", d, "itemCodes", List.of(d + "-001"))).toList();
        return as.document("mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id localId name } errors { code } } }")
                .variable("in", Map.of("name", "节点 " + System.nanoTime(), "leadDepartment", lead, "level", "DISTRICT", "parts", parts))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get();
    }

    @Test
    void aTaskAndAPlanComeBackThroughNodeAndNodesAndTheirGlobalIdsWorkAsArguments() {
        Map<String, Object> task = newTask(scjg(), "SCJG", List.of("SCJG"));
        String id = (String) task.get("id");
        String localId = (String) task.get("localId");
        assertThat(id).isNotEqualTo(localId).matches("[A-Za-z0-9_-]+");
        Map<String, Object> plan = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN)
                .document("mutation { createPlan(year: 2026, department: \"SCJG\", name: \"节点计划\") { id localId } }")
                .execute().path("createPlan").entity(Map.class).get();

        scjg().document("query($id: ID!) { node(id: $id) { __typename id ... on Task { localId name } } }").variable("id", id).execute()
                .path("node.__typename").entity(String.class).isEqualTo("Task")
                .path("node.id").entity(String.class).isEqualTo(id)
                .path("node.localId").entity(String.class).isEqualTo(localId)
                .path("node.name").entity(String.class).isEqualTo(task.get("name"));
        scjg().document("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Plan { localId } } }")
                .variable("ids", List.of(plan.get("id"), id)).execute()
                .path("nodes[0].__typename").entity(String.class).isEqualTo("Plan")
                .path("nodes[0].localId").entity(String.class).isEqualTo(plan.get("localId"))
                .path("nodes[1].id").entity(String.class).isEqualTo(id);
        // Every argument naming a task takes the global id as well as the local one.
        for (String either : List.of(id, localId)) {
            scjg().document("query($id: String!) { task(id: $id) { id localId } }").variable("id", either).execute()
                    .path("task.id").entity(String.class).isEqualTo(id)
                    .path("task.localId").entity(String.class).isEqualTo(localId);
        }
        // A global id of no server, or a local id, is a clear input error; a well-formed id of nothing is null.
        scjg().document("{ node(id: \"T-2026-nope\") { id } }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        String unknown = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("Task:T-2026-none".getBytes());
        scjg().document("query($id: ID!) { node(id: $id) { id } }").variable("id", unknown).execute()
                .path("node").valueIsNull();
    }

    @Test
    void nodeRefusesExactlyWhomTheTaskQueryRefusesAndNodesKeepsTheOthers() {
        HttpGraphQlTester wsjk = testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
        String theirs = (String) newTask(wsjk, "WSJK", List.of("WSJK")).get("id");
        String ours = (String) newTask(scjg(), "SCJG", List.of("SCJG")).get("id");
        // The public is answered null for a task it may not read, as for a task id of nothing (docs/SECURITY.md, "Guessing"): by either query.
        testers.anonymous().document("query($id: String!) { task(id: $id) { id } }").variable("id", theirs).execute().path("task").valueIsNull();
        testers.anonymous().document("query($id: ID!) { node(id: $id) { id } }").variable("id", theirs).execute().path("node").valueIsNull();
        for (HttpGraphQlTester caller : List.of(scjg(), testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER))) {
            List<ResponseError> viaTask = new ArrayList<>();
            caller.document("query($id: String!) { task(id: $id) { id } }").variable("id", theirs).execute()
                    .errors().satisfy(viaTask::addAll);
            List<ResponseError> viaNode = new ArrayList<>();
            caller.document("query($id: ID!) { node(id: $id) { id } }").variable("id", theirs).execute()
                    .errors().satisfy(viaNode::addAll);
            assertThat(viaTask).hasSize(1);
            assertThat(viaNode).hasSize(1);
            assertThat(viaNode.get(0).getExtensions().get("code")).isEqualTo(viaTask.get(0).getExtensions().get("code"));
        }
        scjg().document("query($ids: [ID!]!) { nodes(ids: $ids) { id } }").variable("ids", List.of(theirs, ours)).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).singleElement().satisfies(e -> {
                        assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN");
                        assertThat(e.getParsedPath()).containsExactly("nodes", 0);
                    });
                })
                .path("nodes[0]").valueIsNull()
                .path("nodes[1].id").entity(String.class).isEqualTo(ours);
    }

    @Test
    void tasksWalkPastTwoHundredWithTotalCountAndNoGapOrRepeat() throws Exception {
        String department = "RELAY" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        int count = 230;
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        OffsetDateTime start = OffsetDateTime.of(2026, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < count; i++) {
            OffsetDateTime at = start.plusMinutes(i / 2);
            Task task = new Task("T-2026-" + department + "-" + String.format("%03d", i), null, "任务 " + i, department, List.of(department),
                    List.of(), List.of(new Task.Part(department, List.of(), null)), "DISTRICT", false, null, null, TaskStatus.DRAFT,
                    null, null, false, "test", at, at, null);
            Map<?, ?> doc = json.convertValue(task, Map.class);
            doc.remove("version");
            bulk.operations(op -> op.index(x -> x.index(names.alias("tasks")).id(task.id()).document(doc)));
        }
        assertThat(client.bulk(bulk.build()).errors()).isFalse();

        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> page = testers.platformAdmin()
                    .document("query($d: String, $after: String) { tasks(department: $d, first: 100, after: $after) {"
                            + " totalCount pageInfo { hasNextPage endCursor } edges { cursor node { localId } } nodes { id } } }")
                    .variable("d", department).variable("after", after).execute().path("tasks").entity(Map.class).get();
            assertThat(((Number) page.get("totalCount")).intValue()).isEqualTo(count);
            List<Map<String, Object>> edges = (List<Map<String, Object>>) page.get("edges");
            assertThat((List<?>) page.get("nodes")).hasSize(edges.size());
            for (Map<String, Object> edge : edges) {
                assertThat(seen.add((String) ((Map<?, ?>) edge.get("node")).get("localId"))).isTrue();
                assertThat(((String) edge.get("cursor")).length()).isLessThan(80);
            }
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
            pages++;
        } while (after != null);
        assertThat(seen).hasSize(count);
        assertThat(pages).isEqualTo(3);
        testers.platformAdmin().document("query($d: String) { tasks(department: $d, first: 201) { totalCount } }").variable("d", department)
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        testers.platformAdmin().document("query($d: String) { tasks(department: $d, after: \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\") { totalCount } }")
                .variable("d", department).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
    }

    @Test
    void maskedPersonsNeverShareAGlobalIdAndNodeMasksThemAsSubjectsDoes() throws Exception {
        String unit = "relay-unit-" + UUID.randomUUID().toString().substring(0, 8);
        List<Subject> subjects = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // Same first six and last four digits: one masked code for three persons.
            subjects.add(person("3301091990010" + i + "1234", unit, "NP" + UUID.randomUUID().toString().replace("-", "")));
        }
        subjects.add(organisation("91330109MA2RELAY" + (int) (Math.random() * 90 + 10), unit));
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        for (Subject s : subjects) {
            bulk.operations(op -> op.index(x -> x.index(names.alias("subjects")).id(s.code()).document(s)));
        }
        assertThat(client.bulk(bulk.build()).errors()).isFalse();

        HttpGraphQlTester reviewer = testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER);
        List<Map<String, Object>> nodes = reviewer.document("query($u: [String!]) { subjects(filter: { supervisingUnits: $u }, first: 10)"
                        + " { nodes { id code name kind } } }").variable("u", List.of(unit)).execute()
                .path("subjects.nodes").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(nodes).hasSize(4);
        List<Map<String, Object>> persons = nodes.stream().filter(n -> "NATURAL_PERSON".equals(n.get("kind"))).toList();
        assertThat(persons).extracting(n -> n.get("code")).containsOnly("330109********1234");
        Set<Object> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.get("id")));
        assertThat(ids).hasSize(4);
        for (Map<String, Object> person : persons) {
            // sealed: neither the ID number nor the person's public key can be read from the id
            String decoded = new String(java.util.Base64.getUrlDecoder().decode((String) person.get("id")), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(decoded).startsWith("Subject!").doesNotContain("1990").doesNotContain("NP");
            reviewer.document("query($id: ID!) { node(id: $id) { id ... on Subject { code name } } }").variable("id", person.get("id"))
                    .execute()
                    .path("node.id").entity(String.class).isEqualTo((String) person.get("id"))
                    .path("node.code").entity(String.class).isEqualTo("330109********1234")
                    .path("node.name").entity(String.class).isEqualTo((String) person.get("name"));
        }
        // An operator sees the person in clear, under the same id.
        Map<String, Object> first = persons.get(0);
        scjg().document("query($id: ID!) { node(id: $id) { id ... on Subject { code } } }").variable("id", first.get("id")).execute()
                .path("node.code").entity(String.class).satisfies(code -> assertThat(code).startsWith("3301091990010").endsWith("1234"));
        // Subject cursors stay short on every page, the later ones carrying a point in time: in code order (callers who see
        // persons) the code alone, in the masked callers' order the public key and the code.
        String after = null;
        for (HttpGraphQlTester caller : List.of(scjg(), reviewer)) {
            after = null;
            int limit = caller == reviewer ? 120 : 60;
            for (int page = 0; page < 3; page++) {
                Map<String, Object> p = caller.document("query($u: [String!], $a: String) { subjects(filter: { supervisingUnits: $u }, first: 1, after: $a)"
                                + " { pageInfo { endCursor } } }").variable("u", List.of(unit)).variable("a", after).execute()
                        .path("subjects.pageInfo").entity(Map.class).get();
                after = (String) p.get("endCursor");
                assertThat(after.length()).as((caller == reviewer ? "masked" : "clear") + " cursor of page " + page + ": " + after).isLessThan(limit);
            }
        }
        String tampered = after.substring(0, 5) + (after.charAt(5) == 'A' ? 'B' : 'A') + after.substring(6);
        reviewer.document("query($u: [String!], $a: String) { subjects(filter: { supervisingUnits: $u }, first: 1, after: $a) { totalCount } }")
                .variable("u", List.of(unit)).variable("a", tampered).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
    }

    static final String DRAW = """
            mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { record { selected { code kind } } errors { code message } } }""";
    static final String DRAW_INSPECTORS = """
            mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) { errors { code message } } }""";
    /** The three lists, whole, through the (deprecated) root fields: what every caller compares its pages and nodes with. */
    static final String WHOLE = """
            query($t: String!) {
              taskAssignments(taskId: $t) { id localId subjectCode }
              inspectorDrawRecords(taskId: $t) { id localId }
              substitutions(taskId: $t) { id localId movedOutCode } }""";

    /**
     * Assignments, inspector draw records and substitutions name natural persons' ID numbers in their
     * local ids. Their global ids are sealed: one id per entity whether the caller reads it in clear
     * or masked, distinct for persons whose masked codes coincide, with no ID number readable from it;
     * node(id:) gives each caller the copy its own query gives, and refuses whom that query refuses.
     */
    @Test
    @SuppressWarnings("unchecked")
    void drawEntitiesHaveOneSealedGlobalIdForClearAndMaskedCopiesAndNodeReadsThemAsTheirQueriesDo() throws Exception {
        io.spotcheck.privacy.PrivacyDistrict d = new io.spotcheck.privacy.PrivacyDistrict(testers);
        d.create(inspectors, 8, 4);
        List<Map<String, Object>> selected = d.scjg().document(DRAW).variable("in", Map.of("taskId", d.taskId, "publicValue", "N " + d.tag,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 50), Map.of("stratum", "A", "percent", 50))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record.selected").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        d.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors{ code } } }").variable("t", d.taskId).execute()
                .path("groupTask.errors").entityList(Object.class).hasSize(0);
        for (String dept : List.of("SCJG", "WSJK")) {
            (dept.equals("SCJG") ? d.scjg() : d.wsjk()).document(DRAW_INSPECTORS).variable("in", Map.of("taskId", d.taskId, "department", dept,
                    "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18")).execute().path("drawInspectors.errors").entityList(Object.class).hasSize(0);
        }
        // Two drawn persons leave the district: two substitutions, each staffed by amendments naming the substitute.
        List<String> drawnPersons = selected.stream().filter(x -> "NATURAL_PERSON".equals(x.get("kind"))).map(x -> (String) x.get("code")).toList();
        assertThat(drawnPersons).hasSizeGreaterThanOrEqualTo(2);
        for (String code : drawnPersons.subList(0, 2)) {
            io.spotcheck.privacy.PrivacyDistrict.Person p = d.persons.stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
            Map<String, Object> input = new java.util.LinkedHashMap<>(d.personInput(p, io.spotcheck.privacy.PrivacyDistrict.region(d.persons.indexOf(p))));
            input.put("status", "MOVED_OUT");
            d.upsert(input);
            d.scjg().document("mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) { errors { code message } } }")
                    .variable("in", Map.of("taskId", d.taskId, "subjectCode", code, "reason", "已迁出本区")).execute()
                    .path("substituteSubject.errors").entityList(Object.class).hasSize(0);
        }

        HttpGraphQlTester anonymous = testers.anonymous();
        HttpGraphQlTester reviewer = testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER);
        Map<String, Object> clear = whole(testers.platformAdmin(), d.taskId);
        Map<String, Object> masked = whole(anonymous, d.taskId);
        Map<String, String> types = Map.of("taskAssignments", "Assignment", "inspectorDrawRecords", "InspectorDrawRecord", "substitutions", "Substitution");
        for (String list : types.keySet()) {
            List<Map<String, Object>> inClear = (List<Map<String, Object>>) clear.get(list);
            List<Map<String, Object>> inMask = (List<Map<String, Object>>) masked.get(list);
            List<Object> ids = inClear.stream().map(x -> x.get("id")).toList();
            assertThat(ids).as(list + ": one global id per entity").doesNotHaveDuplicates().hasSizeGreaterThan(1);
            // The same ids, masked or not; the masked list in its own order (public keys, never ID numbers: MaskedListOrderIT).
            assertThat(inMask.stream().map(x -> x.get("id")).toList()).as(list + ": the same ids, masked or not").containsExactlyInAnyOrderElementsOf(ids);
            // Not vacuous: some local ids name a person, in clear for the admin and never for the public.
            List<String> naming = inClear.stream().map(x -> (String) x.get("localId")).filter(id -> d.persons.stream().anyMatch(p -> id.contains(p.code()))).toList();
            assertThat(naming).as(list + " naming a person").isNotEmpty();
            assertThat(inMask).allSatisfy(x -> assertThat(d.persons).noneMatch(p -> ((String) x.get("localId")).contains(p.code())));
            for (Object id : ids) {
                String decoded = new String(java.util.Base64.getUrlDecoder().decode((String) id), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(decoded).startsWith(types.get(list) + "!").doesNotContain(d.taskId);
            }
            // node(id:) of an entity naming a person: each caller gets the copy its own query gives, under the same id.
            int i = inClear.indexOf(inClear.stream().filter(x -> naming.contains(x.get("localId"))).findFirst().orElseThrow());
            String node = "query($id: ID!) { node(id: $id) { __typename id ... on " + types.get(list) + " { localId } } }";
            testers.platformAdmin().document(node).variable("id", ids.get(i)).execute()
                    .path("node.__typename").entity(String.class).isEqualTo(types.get(list))
                    .path("node.id").entity(String.class).isEqualTo((String) ids.get(i))
                    .path("node.localId").entity(String.class).isEqualTo((String) inClear.get(i).get("localId"));
            anonymous.document(node).variable("id", ids.get(i)).execute()
                    .path("node.id").entity(String.class).isEqualTo((String) ids.get(i))
                    .path("node.localId").entity(String.class).isEqualTo((String) inMask.stream().filter(x -> ids.get(i).equals(x.get("id")))
                            .findFirst().orElseThrow().get("localId"));
        }
        // The public and a reviewer who sees persons masked read the same masked assignment codes; persons whose masked codes coincide keep apart.
        List<Map<String, Object>> maskedAssignments = (List<Map<String, Object>>) masked.get("taskAssignments");
        assertThat(maskedAssignments).anySatisfy(a -> assertThat((String) a.get("subjectCode")).contains("*"));

        // Pages of the connections, as a reviewer (masked), add up to the whole lists' ids, with totalCount.
        assertThat(walk(reviewer, d.taskId, "assignments", 3)).isEqualTo(ids(masked, "taskAssignments"));
        assertThat(walk(reviewer, d.taskId, "inspectorDrawRecords", 1)).isEqualTo(ids(masked, "inspectorDrawRecords"));
        assertThat(walk(reviewer, d.taskId, "substitutions", 1)).isEqualTo(ids(masked, "substitutions"));

        // Refused as the own query refuses: a participant naming another department's assignment.
        HttpGraphQlTester wsjk = d.wsjk();
        String scjgAssignment = (String) ((List<Map<String, Object>>) clear.get("taskAssignments")).stream()
                .filter(a -> ((String) a.get("localId")).contains(":SCJG:")).findFirst().orElseThrow().get("id");
        List<ResponseError> viaQuery = new ArrayList<>();
        wsjk.document("query($t: String!) { taskAssignments(taskId: $t, department: \"SCJG\") { id } }").variable("t", d.taskId).execute()
                .errors().satisfy(viaQuery::addAll);
        List<ResponseError> viaNode = new ArrayList<>();
        wsjk.document("query($id: ID!) { node(id: $id) { id } }").variable("id", scjgAssignment).execute().errors().satisfy(viaNode::addAll);
        assertThat(viaQuery).singleElement().satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN"));
        assertThat(viaNode).singleElement().satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN"));
    }

    private static Map<String, Object> whole(HttpGraphQlTester as, String taskId) {
        org.springframework.graphql.test.tester.GraphQlTester.Response response = as.document(WHOLE).variable("t", taskId).execute();
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        for (String list : List.of("taskAssignments", "inspectorDrawRecords", "substitutions")) {
            data.put(list, response.path(list).entityList(Map.class).get());
        }
        return data;
    }

    /** Relocation findings name persons in their ids: one sealed id for the reviewer's masked copy and the operator's clear one. */
    @Test
    @SuppressWarnings("unchecked")
    void relocationFindingsKeepOneSealedIdForMaskedAndClearCopies() {
        String taskId = "T-RELOC-" + UUID.randomUUID();
        for (String code : List.of("330109199001011234", "330109198502021234")) {
            // Same first six and last four digits: one masked code for both.
            String id = taskId + "|SCJG|" + code;
            relocations.create(new io.spotcheck.relocation.Relocation(io.spotcheck.relocation.Relocation.FINDING, id, taskId, "SCJG", "SCJG",
                    "SCJG-S01", code, "NATURAL_PERSON", id, List.of("MOVED_OUT"), List.of(), "node", Instant.now(), null, null, null, null,
                    io.spotcheck.relocation.Relocation.OPEN, null, null, null, null, List.of(), null, null, null, null));
        }
        String queue = "query($t: String) { relocationQueue(taskId: $t, first: 10) { nodes { id localId subjectCode } } }";
        HttpGraphQlTester reviewer = testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER);
        List<Map<String, Object>> clear = scjg().document(queue).variable("t", taskId).execute().path("relocationQueue.nodes")
                .entityList(Map.class).hasSize(2).get().stream().map(m -> (Map<String, Object>) m).toList();
        List<Map<String, Object>> masked = reviewer.document(queue).variable("t", taskId).execute().path("relocationQueue.nodes")
                .entityList(Map.class).hasSize(2).get().stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(masked).extracting(m -> m.get("subjectCode")).containsOnly("330109********1234");
        assertThat(masked.get(0).get("localId")).isEqualTo(masked.get(1).get("localId"));
        assertThat(clear.stream().map(m -> m.get("id")).toList()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(masked.stream().map(m -> m.get("id")).toList());
        for (Map<String, Object> m : masked) {
            String decoded = new String(java.util.Base64.getUrlDecoder().decode((String) m.get("id")), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(decoded).startsWith("Relocation!").doesNotContain("1990").doesNotContain(taskId);
            reviewer.document("query($id: ID!) { node(id: $id) { id ... on Relocation { localId subjectCode } } }").variable("id", m.get("id")).execute()
                    .path("node.id").entity(String.class).isEqualTo((String) m.get("id"))
                    .path("node.subjectCode").entity(String.class).isEqualTo("330109********1234");
            scjg().document("query($id: ID!) { node(id: $id) { ... on Relocation { subjectCode } } }").variable("id", m.get("id")).execute()
                    .path("node.subjectCode").entity(String.class).satisfies(c -> assertThat(c).startsWith("330109").endsWith("1234").doesNotContain("*"));
        }
        // As the queue, node refuses an inspector and shows nothing of another department's queue.
        String any = (String) masked.get(0).get("id");
        testers.as("SCJG", "SCJG-S01", Role.INSPECTOR).document("query($id: ID!) { node(id: $id) { id } }").variable("id", any).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR).document("query($id: ID!) { node(id: $id) { id } }").variable("id", any).execute()
                .path("node").valueIsNull();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(Map<String, Object> data, String list) {
        return ((List<Map<String, Object>>) data.get(list)).stream().map(x -> x.get("id")).toList();
    }

    /** The ids of every page of {@code task(id:).<field>}, checking totalCount on each page. */
    @SuppressWarnings("unchecked")
    private static List<Object> walk(HttpGraphQlTester as, String taskId, String field, int size) {
        List<Object> seen = new ArrayList<>();
        String after = null;
        long total;
        int pages = 0;
        do {
            Map<String, Object> page = as.document("query($t: String!, $a: String) { task(id: $t) { " + field + "(first: " + size
                            + ", after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { id } } } }")
                    .variable("t", taskId).variable("a", after).execute().path("task." + field).entity(Map.class).get();
            total = ((Number) page.get("totalCount")).longValue();
            List<Map<String, Object>> edges = (List<Map<String, Object>>) page.get("edges");
            assertThat(edges.size()).isLessThanOrEqualTo(size);
            edges.forEach(e -> seen.add(((Map<String, Object>) e.get("node")).get("id")));
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
            pages++;
        } while (after != null);
        assertThat((long) seen.size()).as(field + " totalCount").isEqualTo(total);
        assertThat(pages).as(field + " pages").isGreaterThan(1);
        return seen;
    }

    static Subject person(String code, String unit, String key) {
        return new Subject(code, "NATURAL_PERSON", "PERSON", "王小明", List.of(), "王小明", "杭州市萧山区城厢街道人民路1号", null,
                null, "330109001", unit, null, List.of(), "ACTIVE", LocalDate.of(2015, 1, 1), null, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Instant.parse("2026-01-01T00:00:00Z")).withPublicKey(key);
    }

    static Subject organisation(String code, String unit) {
        return new Subject(code, "ORGANISATION", "ENTERPRISE", "节点测试有限公司", List.of(), "张三", "杭州市萧山区城厢街道人民路2号", null,
                null, "330109001", unit, "H6210", List.of("H", "H62", "H621", "H6210"), "ACTIVE", LocalDate.of(2015, 1, 1), 100.0, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Instant.parse("2026-01-01T00:00:00Z")).withPublicKey(code);
    }
}
