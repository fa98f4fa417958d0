package io.spotcheck.relocation;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.FlowFixture;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Issue 20, item 2: a subject an inspector finds moved out (迁出) on site goes into the lead
 * department's queue and is resolved by exactly one of reassignment (moved within the district)
 * or substitution (moved out of it), the result and the finding kept.
 */
@IntegrationTest
class RelocationIT {

    @Autowired
    Testers testers;
    @Autowired
    io.spotcheck.result.ResultEffectsWorker effectsWorker;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    InspectorDirectory inspectors;

    static final String QUEUE = """
            query($t:String,$s:RelocationStatus,$n:Int,$a:String){ relocationQueue(taskId:$t, status:$s, first:$n, after:$a){
              totalCount pageInfo { hasNextPage endCursor }
              edges { cursor node { id: localId type taskId leadDepartment department agency subjectCode resultId resultCodes inspectorIds foundBy
                foundAt newAddress newRegionCode note status resolution resolutionId regionCode records substitute resolvedBy } } } }""";

    static final String RESOLVE = """
            mutation($in: ResolveRelocationInput!){ resolveRelocation(input:$in){
              resolution { id: localId resolution regionCode records substitute resolvedBy }
              findings { id: localId status resolution resolutionId }
              assignments { id: localId agency subjectCode region state staffing inspectorIds replaces replacedBy }
              moves { department outcome assignment { agency region } amendment { id: localId amendment { cause fromAgency toAgency toRegion } } }
              substitution { id: localId movedOutCode substitute { code } }
              errors { code message field } } }""";

    @Test
    @SuppressWarnings("unchecked")
    void aSubjectFoundMovedOutIsQueuedAndResolvedOnceByReassignmentOrSubstitution() throws Exception {
        FlowFixture f = new FlowFixture(testers, client, names);
        FlowFixture.seedXfjy(inspectors);
        String tag = DrawFixture.tag();
        f.draw.indexValidSubjects(tag, 300);
        String taskId = f.xfjyTask(tag);
        HttpGraphQlTester xfjy = f.xfjy();
        f.drawInspectors(xfjy, taskId, "XFJY");
        f.transition2(taskId, "IN_PROGRESS");
        List<Map<String, Object>> list = f.assignments(xfjy, taskId, "XFJY");
        // one subject of XFJY-S01 (330109001..006) and another one
        Map<String, Object> moving = list.stream().filter(a -> "XFJY-S01".equals(a.get("agency"))).findFirst().orElseThrow();
        Map<String, Object> leaving = list.stream().filter(a -> a != moving && "STAFFED".equals(a.get("staffing"))).findFirst().orElseThrow();
        String movingCode = (String) moving.get("subjectCode");
        String leavingCode = (String) leaving.get("subjectCode");

        // the inspector finds it moved: result MOVED_OUT with a note of the new address and jurisdiction
        List<String> drawn = (List<String>) moving.get("inspectorIds");
        Map<String, Object> in = FlowFixture.result(taskId, "XFJY", "XFJY-002", movingCode, List.of("MOVED_OUT"), drawn, "PHONE");
        // a note goes with MOVED_OUT only
        Map<String, Object> wrong = new HashMap<>(FlowFixture.result(taskId, "XFJY", "XFJY-002", movingCode, List.of("NO_PROBLEM"), drawn, "PHONE"));
        wrong.put("relocation", Map.of("newRegionCode", "330109010"));
        f.inspectorToken(drawn.get(0), "XFJY", "XFJY-S01").document(FlowFixture.SUBMIT).variable("in", wrong).execute()
                .path("submitResult.errors[0].code").entity(String.class).isEqualTo("RELOCATION_WITHOUT_MOVED_OUT");
        in.put("relocation", Map.of("newAddress", "宁围街道市心北路 1 号", "newRegionCode", "330109010", "note", "门口张贴搬迁告示"));
        f.inspectorToken(drawn.get(0), "XFJY", "XFJY-S01").document(FlowFixture.SUBMIT).variable("in", in).execute()
                .path("submitResult.errors").entityList(Object.class).hasSize(0)
                .path("submitResult.result.reassignmentNeeded").entity(Boolean.class).isEqualTo(true);
        List<String> drawn2 = (List<String>) leaving.get("inspectorIds");
        xfjy.document(FlowFixture.SUBMIT).variable("in", FlowFixture.result(taskId, "XFJY", "XFJY-002", leavingCode, List.of("MOVED_OUT"), drawn2, "PC"))
                .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
        // the relocation findings follow the answer (docs/RESULTS.md)
        io.spotcheck.result.ResultEffectsSettle.settle(effectsWorker, client, names);

        // today's dead ends stay as they were: the directory still places both in their jurisdictions
        xfjy.document("mutation($in: SubstituteSubjectInput!){ substituteSubject(input:$in){ errors { code message } } }")
                .variable("in", Map.of("taskId", taskId, "subjectCode", leavingCode, "reason", "迁出")).execute()
                .path("substituteSubject.errors[0].code").entity(String.class).isEqualTo("SUBJECT_IN_DISTRICT")
                .path("substituteSubject.errors[0].message").entity(String.class).satisfies(m -> assertThat(m).contains("resolveRelocation"));

        // the lead's queue: both, oldest first, paged with a total
        Map<String, Object> page1 = xfjy.document(QUEUE).variable("t", taskId).variable("n", 1).execute()
                .path("relocationQueue").entity(Map.class).get();
        assertThat(((Number) page1.get("totalCount")).intValue()).isEqualTo(2);
        assertThat((Boolean) ((Map<String, Object>) page1.get("pageInfo")).get("hasNextPage")).isTrue();
        Map<String, Object> first = (Map<String, Object>) ((List<Map<String, Object>>) page1.get("edges")).get(0).get("node");
        assertThat(first).containsEntry("subjectCode", movingCode).containsEntry("status", "OPEN").containsEntry("leadDepartment", "XFJY")
                .containsEntry("department", "XFJY").containsEntry("agency", "XFJY-S01").containsEntry("foundBy", drawn.get(0))
                .containsEntry("newRegionCode", "330109010").containsEntry("newAddress", "宁围街道市心北路 1 号")
                .containsEntry("resultId", taskId + "|XFJY|" + movingCode);
        assertThat((List<String>) first.get("resultCodes")).contains("MOVED_OUT");
        String cursor = (String) ((Map<String, Object>) page1.get("pageInfo")).get("endCursor");
        xfjy.document(QUEUE).variable("t", taskId).variable("n", 5).variable("a", cursor).execute()
                .path("relocationQueue.edges[*].node.subjectCode").entityList(String.class).containsExactly(leavingCode);
        // another department, not involved, sees none of them
        f.draw.wsjk().document(QUEUE).variable("t", taskId).variable("n", 5).execute()
                .path("relocationQueue.totalCount").entity(Long.class).isEqualTo(0L);

        // reassignment within the district: to the jurisdiction the inspector noted, fresh draw at XFJY-S02
        Map<String, Object> reassign = Map.of("taskId", taskId, "subjectCode", movingCode, "resolution", "REASSIGN", "reason", "现场发现迁至宁围");
        Map<String, Object> done = xfjy.document(RESOLVE).variable("in", reassign).execute()
                .path("resolveRelocation.errors").entityList(Object.class).hasSize(0)
                .path("resolveRelocation").entity(Map.class).get();
        Map<String, Object> move = ((List<Map<String, Object>>) done.get("moves")).get(0);
        assertThat(move).containsEntry("outcome", "MOVED");
        assertThat((Map<String, Object>) move.get("assignment")).containsEntry("agency", "XFJY-S02").containsEntry("region", "330109010");
        Map<String, Object> amendment = (Map<String, Object>) ((Map<String, Object>) move.get("amendment")).get("amendment");
        assertThat(amendment).containsEntry("cause", "RELOCATION").containsEntry("fromAgency", "XFJY-S01").containsEntry("toAgency", "XFJY-S02");
        Map<String, Object> current = ((List<Map<String, Object>>) done.get("assignments")).get(0);
        // inspectors of the new station (the fixture's, or station inspectors another test of the run seeded)
        assertThat((List<String>) current.get("inspectorIds")).hasSize(2).allSatisfy(id -> assertThat(id).contains("XFJY-S02-"));
        assertThat((List<Map<String, Object>>) done.get("findings")).singleElement()
                .satisfies(x -> assertThat(x).containsEntry("status", "RESOLVED").containsEntry("resolution", "REASSIGN"));
        String amendmentId = (String) ((Map<String, Object>) move.get("amendment")).get("id");
        xfjy.document("query($id:String!){ verifyInspectorDraw(drawId:$id){ verdict } }").variable("id", amendmentId).execute()
                .path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");
        // a second resolution is refused, whichever it is
        xfjy.document(RESOLVE).variable("in", Map.of("taskId", taskId, "subjectCode", movingCode, "resolution", "SUBSTITUTE", "reason", "again"))
                .execute().path("resolveRelocation.errors[0].code").entity(String.class).isEqualTo("ALREADY_RESOLVED")
                .path("resolveRelocation.resolution.resolution").entity(String.class).isEqualTo("REASSIGN");
        xfjy.document(RESOLVE).variable("in", reassign).execute()
                .path("resolveRelocation.errors[0].code").entity(String.class).isEqualTo("ALREADY_RESOLVED");
        // the old assignment is history, the result kept
        List<Map<String, Object>> after = f.assignments(xfjy, taskId, "XFJY");
        assertThat(after.stream().filter(a -> movingCode.equals(a.get("subjectCode"))).map(a -> a.get("state")))
                .containsExactlyInAnyOrder("ACTIVE", "REASSIGNED");
        xfjy.document("query($t:String!,$s:String!){ result(taskId:$t, department:\"XFJY\", subjectCode:$s){ resultCodes } }")
                .variable("t", taskId).variable("s", movingCode).execute()
                .path("result.resultCodes").entityList(String.class).contains("MOVED_OUT");

        // moved out of the district: the on-site finding allows the substitute although the directory still shows it here
        xfjy.document(RESOLVE).variable("in", Map.of("taskId", taskId, "subjectCode", leavingCode, "resolution", "REASSIGN",
                        "newRegionCode", "330110001", "reason", "迁往外区"))
                .execute().path("resolveRelocation.errors[0].code").entity(String.class).isEqualTo("NOT_IN_DISTRICT");
        Map<String, Object> substituted = xfjy.document(RESOLVE).variable("in", Map.of("taskId", taskId, "subjectCode", leavingCode,
                        "resolution", "SUBSTITUTE", "reason", "现场发现已迁往外区"))
                .execute().path("resolveRelocation.errors").entityList(Object.class).hasSize(0)
                .path("resolveRelocation").entity(Map.class).get();
        Map<String, Object> substitution = (Map<String, Object>) substituted.get("substitution");
        assertThat(substitution.get("movedOutCode")).isEqualTo(leavingCode);
        assertThat(((Map<String, Object>) substituted.get("resolution")).get("records")).isEqualTo(List.of(substitution.get("id")));
        assertThat(f.assignments(xfjy, taskId, "XFJY").stream().filter(a -> leavingCode.equals(a.get("subjectCode"))).map(a -> a.get("state")))
                .containsExactly("MOVED_OUT");
        xfjy.document("query($id:String!){ verifyInspectorDraw(drawId:$id){ verdict } }").variable("id", substitution.get("id")).execute()
                .path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");

        // the queue is empty of open findings; both are listed resolved
        xfjy.document(QUEUE).variable("t", taskId).variable("n", 5).execute().path("relocationQueue.totalCount").entity(Long.class).isEqualTo(0L);
        xfjy.document(QUEUE).variable("t", taskId).variable("s", "RESOLVED").variable("n", 5).execute()
                .path("relocationQueue.edges[*].node.resolution").entityList(String.class).containsExactly("REASSIGN", "SUBSTITUTE");
    }
}
