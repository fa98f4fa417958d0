package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The lists of a task's draws that a caller who sees persons masked reads (docs/SECURITY.md,
 * "Guessing"): their order follows the persons' public member keys, never their ID numbers, whose
 * hidden digits are the birth dates — in code order, the masked list would rank the persons by age.
 */
@IntegrationTest
class MaskedListOrderIT {

    static final String ASSIGNMENTS = "query($t:String!){ taskAssignments(taskId:$t, department:\"SCJG\"){ subjectCode } }";
    static final String PAGE = """
            query($t:String!, $a:String){ task(id:$t){ assignments(department:"SCJG", first: 3, after:$a){
              edges { cursor node { subjectCode } } pageInfo { hasNextPage endCursor } } } }""";
    static final String GROUPING = "query($t:String!){ taskGrouping(taskId:$t, department:\"SCJG\"){ groups { agency subjectCodes } } }";

    @LocalServerPort
    int port;
    @Autowired
    Testers testers;
    @Autowired
    InspectorDirectory inspectors;

    @Test
    @SuppressWarnings("unchecked")
    void maskedAndPublicListsOfATaskOrderPersonsByPublicKeyNotByIdNumber() throws Exception {
        PrivacyDistrict d = new PrivacyDistrict(testers);
        d.create(inspectors, 8, 2);
        d.scjg().document(PublicBruteForceIT.DRAW).variable("in", Map.of("taskId", d.taskId, "publicValue", "O " + d.tag,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 100), Map.of("stratum", "A", "percent", 100))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0);
        d.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors{ code } } }").variable("t", d.taskId).execute()
                .path("groupTask.errors").entityList(Object.class).hasSize(0);

        Map<String, String> keyOf = new HashMap<>();
        d.scjg().document("query($u:[String!]){ subjects(filter:{supervisingUnits:$u}, first: 50){ edges { node { code publicKey } } } }")
                .variable("u", List.of(d.unit())).execute().path("subjects.edges[*].node").entityList(Map.class).get()
                .forEach(n -> keyOf.put((String) n.get("code"), (String) n.get("publicKey")));
        List<String> byKey = d.persons.stream().map(PrivacyDistrict.Person::code).sorted(Comparator.comparing(keyOf::get)).toList();
        List<String> byCode = byKey.stream().sorted().toList();
        assertThat(byKey).as("the district's key order differs from its ID order (else the test proves nothing)").isNotEqualTo(byCode);
        List<String> expected = masked(byKey);

        HttpGraphQlTester reviewer = testers.as("SCJG", "SCJG-BUREAU", Role.AGENCY_REVIEWER);
        for (HttpGraphQlTester caller : List.of(testers.anonymous(), reviewer)) {
            List<String> listed = caller.document(ASSIGNMENTS).variable("t", d.taskId).execute()
                    .path("taskAssignments[*].subjectCode").entityList(String.class).get();
            assertThat(persons(listed)).isEqualTo(expected);
        }

        // Paged, the reviewer reads the same order, page after page.
        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> page = reviewer.document(PAGE).variable("t", d.taskId).variable("a", after).execute()
                    .path("task.assignments").entity(Map.class).get();
            ((List<Map<String, Object>>) page.get("edges")).forEach(e -> paged.add((String) ((Map<String, Object>) e.get("node")).get("subjectCode")));
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
        } while (after != null);
        assertThat(persons(paged)).isEqualTo(expected);

        // The grouping: within each agency, the persons in key order too.
        Map<String, List<String>> clearGroups = groups(d.scjg(), d.taskId);
        Map<String, List<String>> maskedGroups = groups(reviewer, d.taskId);
        assertThat(maskedGroups.keySet()).isEqualTo(clearGroups.keySet());
        clearGroups.forEach((agency, codes) -> assertThat(persons(maskedGroups.get(agency)))
                .as(agency).isEqualTo(masked(byKey.stream().filter(codes::contains).toList())));
    }

    @Test
    void thePublicCannotTellAHiddenTaskFromATaskIdOfNothing() throws Exception {
        PrivacyDistrict d = new PrivacyDistrict(testers);
        d.create(inspectors, 1, 1);
        String hidden = testers.as("SCJG", null, Role.DEPT_ADMIN).document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId } errors { code } } }""")
                .variable("in", Map.of("name", "未公开 " + d.tag, "leadDepartment", "SCJG", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of(d.scjgItem), "expectedOnSiteMinutes", 40))))
                .execute().path("createTask.task.id").entity(String.class).get();
        String madeUp = "T-" + d.tag + "-none";
        // d.taskId: publicDraw set, not published (its draw lists are public, the task is not); hidden: nothing public.
        for (String taskId : List.of(d.taskId, hidden)) {
            assertThat(answer("query($t:String!){ task(id:$t){ id name } }", taskId))
                    .isEqualTo(answer("query($t:String!){ task(id:$t){ id name } }", madeUp));
        }
        for (String query : List.of("query($t:String!){ inspectorDrawRecords(taskId:$t){ id } }",
                "query($t:String!){ substitutions(taskId:$t){ id } }",
                "query($t:String!){ taskAssignments(taskId:$t){ subjectCode } }",
                "query($t:String!){ taskGrouping(taskId:$t){ department } }",
                "query($t:String!){ publicValueCommitment(taskId:$t){ source } }")) {
            assertThat(answer(query, hidden)).as(query).isEqualTo(answer(query, madeUp));
        }
        assertThat(answer("query($t:String!){ task(id:$t){ id } }", hidden)).isEqualTo("200 {\"data\":{\"task\":null}}");
    }

    /** What the public is answered about {@code taskId} (status, data and errors), the id written as {@code <id>} so that two answers compare. */
    private String answer(String query, String taskId) throws Exception {
        HttpResponse<String> response = new RawHttp(port).postJson(RawHttp.body(Map.of("query", query, "variables", Map.of("t", taskId))));
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) RawHttp.json(response);
        body.remove("extensions"); // cost and rate limit: the request's, not the task's
        return response.statusCode() + " " + body.toString().replace(taskId, "<id>");
    }

    private static Map<String, List<String>> groups(HttpGraphQlTester caller, String taskId) {
        Map<String, List<String>> out = new HashMap<>();
        caller.document(GROUPING).variable("t", taskId).execute().path("taskGrouping[0].groups").entityList(Map.class).get()
                .forEach(g -> out.put((String) g.get("agency"), castList(g.get("subjectCodes"))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    /** The persons of a list, as the masked callers read them. */
    private static List<String> persons(List<String> codes) {
        return codes.stream().filter(c -> c.contains("********")).toList();
    }

    private static List<String> masked(List<String> codes) {
        return codes.stream().map(PersonMask::id).toList();
    }
}
