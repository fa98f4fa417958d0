package io.spotcheck.stats;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * A reassigned subject is still one drawn subject: the reassignment keeps the assignment it replaced
 * as a history copy, which {@code statistics} must not count again. Compared before and after the
 * reassignment (figures of the whole department, whatever else the run wrote: nothing else writes
 * between the two readings).
 */
@IntegrationTest
class DrawnAfterReassignmentIT {

    static final String STATS = """
            { statistics(department: "SCJG") {
                totals { drawn published completionRate }
                byAgency: breakdown(by: AGENCY) { key figures { drawn } }
                byDepartment: breakdown(by: DEPARTMENT) { key figures { drawn } } } }""";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    InspectorDirectory inspectors;

    @Test
    @SuppressWarnings("unchecked")
    void aReassignedSubjectIsCountedOnceAsDrawnAndWhereItIsNow() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        DrawFixture.seedStationInspectors(inspectors);
        String tag = DrawFixture.tag();
        fixture.indexValidSubjects(tag, 300);
        String taskId = fixture.scopedTask(tag, false);
        fixture.drawClassCAndGroup(taskId);
        fixture.drawInspectors(fixture.scjg(), taskId, "SCJG", 2);
        fixture.drawInspectors(fixture.wsjk(), taskId, "WSJK", 2);

        // an organisation assigned to SCJG-S01 (jurisdictions 330109001..003)
        Set<String> organisations = new java.util.HashSet<>(fixture.scjg()
                .document("query($t:String!){ drawRecord(taskId:$t){ selected { code kind } } }").variable("t", taskId).execute()
                .path("drawRecord.selected[?(@.kind == 'ORGANISATION')].code").entityList(String.class).get());
        List<Map<String, Object>> before = assignments(fixture, taskId);
        String code = before.stream().filter(a -> "SCJG-S01".equals(a.get("agency")) && organisations.contains((String) a.get("subjectCode")))
                .map(a -> (String) a.get("subjectCode")).findFirst().orElseThrow();
        long subjects = before.stream().map(a -> a.get("subjectCode")).distinct().count();

        Map<String, Long> statsBefore = drawnByKey(fixture.scjg().document(STATS).execute());

        // the registration feed moves it to 330109004 (SCJG-S02); the department reassigns it
        client.update(u -> u.index(names.alias("subjects")).id(code).doc(Map.of("regionCode", "330109004")).refresh(Refresh.True), Map.class);
        fixture.scjg().document("""
                        mutation($in: ReassignSubjectInput!) { reassignSubject(input: $in) {
                          previous { state } assignment { agency } errors { code message } } }""")
                .variable("in", Map.of("taskId", taskId, "department", "SCJG", "subjectCode", code, "reason", "迁至北干"))
                .execute().path("reassignSubject.errors").entityList(Object.class).hasSize(0)
                .path("reassignSubject.previous.state").entity(String.class).isEqualTo("REASSIGNED")
                .path("reassignSubject.assignment.agency").entity(String.class).isEqualTo("SCJG-S02");

        List<Map<String, Object>> after = assignments(fixture, taskId);
        assertThat(after).hasSize(before.size() + 1); // the history copy
        assertThat(after.stream().map(a -> a.get("subjectCode")).distinct().count()).isEqualTo(subjects);

        Map<String, Long> statsAfter = drawnByKey(fixture.scjg().document(STATS).execute());
        assertThat(statsAfter.get("total")).as("drawn subjects").isEqualTo(statsBefore.get("total"));
        assertThat(statsAfter.get("dep:SCJG")).isEqualTo(statsBefore.get("dep:SCJG"));
        assertThat(statsAfter.get("agency:SCJG-S01")).isEqualTo(statsBefore.get("agency:SCJG-S01") - 1);
        assertThat(statsAfter.getOrDefault("agency:SCJG-S02", 0L)).isEqualTo(statsBefore.getOrDefault("agency:SCJG-S02", 0L) + 1);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> assignments(DrawFixture fixture, String taskId) {
        return fixture.scjg().document("query($t:String!){ taskAssignments(taskId:$t, department:\"SCJG\"){ agency subjectCode state seq } }")
                .variable("t", taskId).execute().path("taskAssignments").entityList(Map.class).get().stream()
                .map(m -> (Map<String, Object>) m).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> drawnByKey(GraphQlTester.Response r) {
        Map<String, Long> result = new HashMap<>();
        result.put("total", r.path("statistics.totals.drawn").entity(Long.class).get());
        for (Map<String, Object> row : (List<Map<String, Object>>) (List<?>) r.path("statistics.byAgency").entityList(Map.class).get()) {
            result.put("agency:" + row.get("key"), ((Number) ((Map<String, Object>) row.get("figures")).get("drawn")).longValue());
        }
        for (Map<String, Object> row : (List<Map<String, Object>>) (List<?>) r.path("statistics.byDepartment").entityList(Map.class).get()) {
            result.put("dep:" + row.get("key"), ((Number) ((Map<String, Object>) row.get("figures")).get("drawn")).longValue());
        }
        return result;
    }
}
