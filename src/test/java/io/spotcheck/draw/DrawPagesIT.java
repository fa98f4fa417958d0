package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** A draw's selected subjects and exclusions, and a task's assignments and groupings, walked as connections. */
@IntegrationTest
class DrawPagesIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    void pagesOfADrawAndItsTaskAddUpToTheWholeListsInTheirOrder() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        fixture.indexSubjects(tag, 400);
        String taskId = fixture.scopedTask(tag, false);
        fixture.drawClassCAndGroup(taskId);
        HttpGraphQlTester scjg = fixture.scjg();

        Map<String, Object> whole = scjg.document("query($t: String!) { drawRecord(taskId: $t) { selected { code } exclusions { code reason } } }")
                .variable("t", taskId).execute().path("drawRecord").entity(Map.class).get();
        List<Object> selected = ((List<Map<String, Object>>) whole.get("selected")).stream().map(m -> m.get("code")).map(Object.class::cast).toList();
        List<Object> exclusions = ((List<Map<String, Object>>) whole.get("exclusions")).stream().map(m -> m.get("code") + "/" + m.get("reason"))
                .map(Object.class::cast).toList();
        assertThat(selected).hasSizeGreaterThan(7);
        assertThat(exclusions).hasSizeGreaterThan(7);

        assertThat(walk(scjg, taskId, "drawRecord(taskId: $t) { selectedSubjects(first: 7, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code } } } }",
                "drawRecord.selectedSubjects", n -> n.get("code"))).isEqualTo(selected);
        assertThat(walk(scjg, taskId, "drawRecord(taskId: $t) { excludedSubjects(first: 7, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code reason } } } }",
                "drawRecord.excludedSubjects", n -> n.get("code") + "/" + n.get("reason"))).isEqualTo(exclusions);

        List<Object> assignments = ((List<Map>) scjg.document("query($t: String!) { taskAssignments(taskId: $t) { id } }")
                .variable("t", taskId).execute().path("taskAssignments").entityList(Map.class).get()).stream().map(m -> m.get("id")).toList();
        assertThat(assignments).hasSizeGreaterThan(5);
        assertThat(walk(scjg, taskId, "task(id: $t) { assignments(first: 5, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }",
                "task.assignments", n -> n.get("id"))).isEqualTo(assignments);
        List<Object> groupings = ((List<Map>) scjg.document("query($t: String!) { taskGrouping(taskId: $t) { department } }")
                .variable("t", taskId).execute().path("taskGrouping").entityList(Map.class).get()).stream().map(m -> m.get("department")).toList();
        assertThat(walk(scjg, taskId, "task(id: $t) { groupings(first: 1, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { department } } } }",
                "task.groupings", n -> n.get("department"))).isEqualTo(groupings);

        // A page's cursor belongs to its list: another list's cursor is refused.
        String selectedCursor = scjg.document("query($t: String!) { drawRecord(taskId: $t) { selectedSubjects(first: 1) { pageInfo { endCursor } } } }")
                .variable("t", taskId).execute().path("drawRecord.selectedSubjects.pageInfo.endCursor").entity(String.class).get();
        scjg.document("query($t: String!, $a: String) { drawRecord(taskId: $t) { excludedSubjects(after: $a) { totalCount } } }")
                .variable("t", taskId).variable("a", selectedCursor).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
        // A participating department reads the assignments as taskAssignments lets it: only its own.
        List<Map> wsjk = fixture.wsjk().document("query($t: String!) { task(id: $t) { assignments(first: 200) { nodes { department } } } }")
                .variable("t", taskId).execute().path("task.assignments.nodes").entityList(Map.class).get();
        assertThat(wsjk).isNotEmpty().allSatisfy(a -> assertThat(a.get("department")).isEqualTo("WSJK"));
    }

    private static List<Object> walk(HttpGraphQlTester as, String taskId, String selection, String path, Function<Map<String, Object>, Object> key) {
        List<Object> seen = new ArrayList<>();
        String after = null;
        Long total = null;
        do {
            Map<String, Object> page = as.document("query($t: String!, $a: String) { " + selection + " }")
                    .variable("t", taskId).variable("a", after).execute().path(path).entity(Map.class).get();
            total = ((Number) page.get("totalCount")).longValue();
            for (Map<String, Object> edge : (List<Map<String, Object>>) page.get("edges")) {
                seen.add(key.apply((Map<String, Object>) edge.get("node")));
            }
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
        } while (after != null);
        assertThat((long) seen.size()).isEqualTo(total);
        return seen;
    }
}
