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
        for (HttpGraphQlTester caller : List.of(scjg(), testers.anonymous(), testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER))) {
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
        // Subject cursors stay short on every page, the later ones carrying a point in time.
        String after = null;
        for (int page = 0; page < 3; page++) {
            Map<String, Object> p = reviewer.document("query($u: [String!], $a: String) { subjects(filter: { supervisingUnits: $u }, first: 1, after: $a)"
                            + " { pageInfo { endCursor } } }").variable("u", List.of(unit)).variable("a", after).execute()
                    .path("subjects.pageInfo").entity(Map.class).get();
            after = (String) p.get("endCursor");
            // a caller who sees persons masked pages in public-key order: the key rides (encrypted) beside the code
            assertThat(after.length()).as("cursor of page " + page).isLessThan(120);
        }
        String tampered = after.substring(0, 5) + (after.charAt(5) == 'A' ? 'B' : 'A') + after.substring(6);
        reviewer.document("query($u: [String!], $a: String) { subjects(filter: { supervisingUnits: $u }, first: 1, after: $a) { totalCount } }")
                .variable("u", List.of(unit)).variable("a", tampered).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
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
