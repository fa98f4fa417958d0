package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.FlowFixture;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Issue 20, item 1: WSJK has no station for 义桥镇 (330109023), so its subjects there are UNCOVERED;
 * the department hands them to its bureau with a fresh inspector draw, and results are entered.
 * The only test that gives WSJK-BUREAU inspectors, so it knows the bureau had none before.
 */
@IntegrationTest
class UncoveredSubjectsIT {

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

    static final String HAND_OVER = """
            mutation($in: HandOverSubjectsInput!) { handOverSubjects(input: $in) {
              assignments { id: localId agency subjectCode status state staffing inspectorIds inspectorDrawId replaces note }
              amendments { id: localId kind seed picks { subjectCode inspectorIds } amendment { cause fromAgency toAgency seq } }
              alreadyHandedOver errors { code message field } } }""";

    static Map<String, Object> handOver(String taskId, String department, List<String> codes, String agency) {
        return Map.of("taskId", taskId, "department", department, "subjectCodes", codes, "agency", agency, "reason", "义桥镇无分所，交局本级");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUncoveredSubjectIsHandedToTheBureauWithAFreshDrawAndGetsItsResult() throws Exception {
        FlowFixture f = new FlowFixture(testers, client, names);
        String tag = DrawFixture.tag();
        f.draw.indexValidSubjects(tag, 300);
        String taskId = f.draw.scopedTask(tag, false);
        f.draw.drawClassCAndGroup(taskId);
        HttpGraphQlTester wsjk = f.draw.wsjk();

        Map<String, Object> grouping = wsjk.document(FlowFixture.GROUPING).variable("t", taskId).variable("d", null).execute()
                .path("taskGrouping[0]").entity(Map.class).get();
        List<String> uncovered = (List<String>) grouping.get("uncovered");
        assertThat(uncovered).isNotEmpty();
        List<Map<String, Object>> before = f.assignments(wsjk, taskId, "WSJK");
        String covered = before.stream().filter(a -> a.get("agency") != null).map(a -> (String) a.get("subjectCode")).findFirst().orElseThrow();

        // refusals, nothing written: a covered subject, another department's agency, a bureau without certified inspectors
        wsjk.document(HAND_OVER).variable("in", handOver(taskId, "WSJK", List.of(uncovered.get(0), covered), "WSJK-BUREAU")).execute()
                .path("handOverSubjects.errors[*].code").entityList(String.class).containsExactly("NOT_UNCOVERED")
                .path("handOverSubjects.errors[0].field").entityList(String.class).containsExactly("input", "subjectCodes", "1");
        wsjk.document(HAND_OVER).variable("in", handOver(taskId, "WSJK", uncovered, "SCJG-BUREAU")).execute()
                .path("handOverSubjects.errors[0].code").entity(String.class).isEqualTo("AGENCY_OF_ANOTHER_DEPARTMENT");
        wsjk.document(HAND_OVER).variable("in", handOver(taskId, "WSJK", uncovered, "WSJK-BUREAU")).execute()
                .path("handOverSubjects.errors[0].code").entity(String.class).isEqualTo("NO_ELIGIBLE_INSPECTORS")
                .path("handOverSubjects.assignments").entityList(Object.class).hasSize(0);
        // the lead does not hand over a participant's subjects
        f.draw.scjg().document(HAND_OVER).variable("in", handOver(taskId, "WSJK", uncovered, "WSJK-BUREAU")).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        wsjk.document(FlowFixture.GROUPING).variable("t", taskId).variable("d", null).execute()
                .path("taskGrouping[0].uncovered").entityList(String.class).containsExactly(uncovered.toArray(new String[0]));

        // both departments draw; the bureau gets three certified HEALTH inspectors
        f.drawInspectors(f.draw.scjg(), taskId, "SCJG");
        f.drawInspectors(wsjk, taskId, "WSJK");
        String prefix = "UNC-" + tag + "-";
        inspectors.createAll(List.of(FlowFixture.inspector(prefix + "1", "WSJK", "WSJK-BUREAU", "HEALTH"),
                FlowFixture.inspector(prefix + "2", "WSJK", "WSJK-BUREAU", "HEALTH"),
                FlowFixture.inspector(prefix + "3", "WSJK", "WSJK-BUREAU", "HEALTH")));
        Map<String, Object> stats0 = stats(wsjk);

        Map<String, Object> payload = wsjk.document(HAND_OVER).variable("in", handOver(taskId, "WSJK", uncovered, "WSJK-BUREAU")).execute()
                .path("handOverSubjects.errors").entityList(Object.class).hasSize(0)
                .path("handOverSubjects").entity(Map.class).get();
        List<Map<String, Object>> moved = (List<Map<String, Object>>) payload.get("assignments");
        assertThat(moved).hasSize(uncovered.size()).allSatisfy(a -> {
            assertThat(a.get("agency")).isEqualTo("WSJK-BUREAU");
            assertThat(a.get("status")).isEqualTo("ASSIGNED");
            assertThat(a.get("state")).isEqualTo("ACTIVE");
            assertThat(a.get("staffing")).isEqualTo("STAFFED");
            assertThat((List<String>) a.get("inspectorIds")).hasSize(2).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).startsWith(prefix));
        });
        List<Map<String, Object>> amendments = (List<Map<String, Object>>) payload.get("amendments");
        assertThat(amendments).hasSize(uncovered.size()).allSatisfy(r -> {
            Map<String, Object> am = (Map<String, Object>) r.get("amendment");
            assertThat(am.get("cause")).isEqualTo("HANDOVER");
            assertThat(am.get("fromAgency")).isNull();
            assertThat(am.get("toAgency")).isEqualTo("WSJK-BUREAU");
        });
        // the same verifiable machinery: every handover draw recomputes to the same picks
        for (Map<String, Object> r : amendments) {
            wsjk.document("query($id:String!){ verifyInspectorDraw(drawId:$id){ verdict details } }").variable("id", r.get("id")).execute()
                    .path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");
        }

        // repeating it changes nothing and says so
        Map<String, Object> again = wsjk.document(HAND_OVER).variable("in", handOver(taskId, "WSJK", uncovered, "WSJK-BUREAU")).execute()
                .path("handOverSubjects.errors").entityList(Object.class).hasSize(0)
                .path("handOverSubjects").entity(Map.class).get();
        assertThat((List<String>) again.get("alreadyHandedOver")).containsExactlyInAnyOrderElementsOf(uncovered);
        assertThat(((List<Map<String, Object>>) again.get("assignments")).stream().map(a -> a.get("inspectorIds")).toList())
                .containsExactlyInAnyOrderElementsOf(moved.stream().map(a -> a.get("inspectorIds")).toList());

        // the grouping lists them under the bureau, none uncovered; the old assignments are history
        Map<String, Object> after = wsjk.document(FlowFixture.GROUPING).variable("t", taskId).variable("d", "WSJK").execute()
                .path("taskGrouping[0]").entity(Map.class).get();
        assertThat(after.get("uncoveredCount")).isEqualTo(0);
        assertThat(((List<Map<String, Object>>) after.get("groups")).stream().filter(g -> "WSJK-BUREAU".equals(g.get("agency"))).findFirst()
                .map(g -> (List<String>) g.get("subjectCodes")).orElseThrow()).containsExactlyInAnyOrderElementsOf(uncovered);
        assertThat(f.assignments(wsjk, taskId, "WSJK").stream().filter(a -> "REASSIGNED".equals(a.get("state"))).map(a -> a.get("subjectCode")))
                .containsExactlyInAnyOrderElementsOf(uncovered);

        // results: the drawn inspector on the phone, the bureau's operator on the PC
        f.transition(taskId, "IN_PROGRESS");
        Map<String, Object> first = moved.get(0);
        List<String> drawn = (List<String>) first.get("inspectorIds");
        f.inspectorToken(drawn.get(0), "WSJK", "WSJK-BUREAU").document(FlowFixture.SUBMIT)
                .variable("in", FlowFixture.result(taskId, "WSJK", "WSJK-002", (String) first.get("subjectCode"), List.of("NO_PROBLEM"), drawn, "PHONE"))
                .execute().path("submitResult.errors").entityList(Object.class).hasSize(0)
                .path("submitResult.result.agency").entity(String.class).isEqualTo("WSJK-BUREAU");
        if (moved.size() > 1) {
            Map<String, Object> second = moved.get(1);
            wsjk.document(FlowFixture.SUBMIT).variable("in", FlowFixture.result(taskId, "WSJK", "WSJK-002", (String) second.get("subjectCode"),
                            List.of("NO_PROBLEM"), (List<String>) second.get("inspectorIds"), "PC"))
                    .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
        }
        // counted in the bureau's statistics
        io.spotcheck.result.ResultEffectsSettle.settle(effectsWorker, client, names);
        Map<String, Object> stats1 = stats(wsjk);
        assertThat(((Number) stats1.get("drawn")).longValue() - ((Number) stats0.get("drawn")).longValue()).isEqualTo(uncovered.size());
        assertThat(((Number) stats1.get("subjectsInspected")).longValue() - ((Number) stats0.get("subjectsInspected")).longValue())
                .isEqualTo(Math.min(2, moved.size()));

        // one audited step per call
        client.indices().refresh(r -> r.index(names.alias("audit")));
        long ok = client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(x -> x.term(t -> t.field("action").value("assignment.handover")))
                .filter(x -> x.term(t -> t.field("target").value(taskId)))
                .filter(x -> x.term(t -> t.field("outcome").value("OK")))))).count();
        assertThat(ok).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> stats(HttpGraphQlTester as) {
        return as.document("{ statistics(department:\"WSJK\", agency:\"WSJK-BUREAU\"){ totals { drawn subjectsInspected } } }").execute()
                .path("statistics.totals").entity(Map.class).get();
    }
}
