package io.spotcheck.review;

import static io.spotcheck.review.ResultFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * The review queue over one task's results in SCJG, with "today" fixed at Thursday 2021-05-20, after
 * the Labour Day holiday (05-01 to 05-05 off, Sunday 04-25 and Saturday 05-08 worked). Counted by hand
 * (see ReviewDeadlinesTest): YELLOW for SUBMITTED results inspected on or before 04-26, RED for
 * unpublished results inspected on or before 04-20.
 */
@IntegrationTest
@TestPropertySource(properties = "spotcheck.review.today=2021-05-20")
class ReviewQueueIT {

    static final String QUEUE = """
            query($f: ReviewQueueFilter, $first: Int, $after: String) {
              reviewQueue(filter: $f, first: $first, after: $after) {
                totalCount
                facets { agency { value agency name count } flag { value flag count } }
                deadlines { today yellowCutoff redCutoff reviewWorkingDays publicationWorkingDays }
                pageInfo { hasNextPage endCursor }
                edges { cursor node { id version subjectCode agency status flag inspectionDate reviewDue publicationDue workingDaysSinceInspection } }
              }
            }""";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    String task;
    /** name (r1..r8) → result id */
    final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void oneTaskOfKnownResults() throws Exception {
        task = ResultFixtures.unique("T-IT-Q-");
        List<Map<String, Object>> docs = new ArrayList<>();
        add(docs, "r1", "SCJG-S01", "SUBMITTED", "2021-04-26"); // YELLOW: 16 working days
        add(docs, "r2", "SCJG-S01", "SUBMITTED", "2021-04-27"); // NONE: 15 working days, the boundary
        add(docs, "r3", "SCJG-S02", "SUBMITTED", "2021-04-20"); // RED: 21 working days
        add(docs, "r4", "SCJG-S02", "APPROVED", "2021-04-21");  // NONE: approved, 20 working days
        add(docs, "r5", "SCJG-S01", "APPROVED", "2021-04-15");  // RED: approved but unpublished
        add(docs, "r6", "SCJG-BUREAU", "PUBLISHED", "2021-04-01"); // NONE: published
        add(docs, "r7", "SCJG-S02", "SUBMITTED", "2021-05-10"); // NONE: 8 working days
        add(docs, "r8", "SCJG-S01", "REJECTED", "2021-04-22");  // NONE: rejected (with the inspectors), 19 days
        String other = ResultFixtures.unique("9133010");
        docs.add(result(task, "STHJ", "STHJ-S01", other, "SUBMITTED", "2021-04-26", Map.of()));
        ids.put("w1", task + "|STHJ|" + other);
        ResultFixtures.index(client, names, "results", docs);
    }

    private void add(List<Map<String, Object>> docs, String name, String agency, String status, String date) {
        String code = ResultFixtures.unique("9133010");
        Map<String, Object> doc = result(task, "SCJG", agency, code, status, date, Map.of());
        ids.put(name, (String) doc.get("id"));
        docs.add(doc);
    }

    private List<String> names(List<String> resultIds) {
        Map<String, String> byId = new HashMap<>();
        ids.forEach((k, v) -> byId.put(v, k));
        return resultIds.stream().map(byId::get).toList();
    }

    GraphQlTester.Response queue(HttpGraphQlTester as, Map<String, Object> filter, int first, String after) {
        Map<String, Object> f = new LinkedHashMap<>(filter);
        f.put("taskId", task);
        return as.document(QUEUE).variable("f", f).variable("first", first).variable("after", after).execute();
    }

    HttpGraphQlTester stationReviewer(String agency) {
        return testers.as("SCJG", agency, Role.AGENCY_REVIEWER);
    }

    HttpGraphQlTester bureauReviewer() {
        return testers.as("SCJG", "SCJG-BUREAU", Role.AGENCY_REVIEWER);
    }

    @Test
    void aStationsReviewerSeesOnlyItsStationsResults() {
        GraphQlTester.Response r = queue(stationReviewer("SCJG-S01"), Map.of(), 50, null);
        assertThat(names(r.path("reviewQueue.edges[*].node.id").entityList(String.class).get()))
                .containsExactlyInAnyOrder("r1", "r2", "r5", "r8");
        r.path("reviewQueue.totalCount").entity(Long.class).isEqualTo(4L);
        r.path("reviewQueue.facets.agency[*].value").entityList(String.class).containsExactly("SCJG-S01");
        assertThat(flagCounts(r)).isEqualTo(Map.of("RED", 1L, "YELLOW", 1L, "NONE", 2L));
    }

    @Test
    void theBureausReviewerSeesItsWholeDepartmentAndNarrowsToOneAgencyWithDisjunctiveFacets() {
        GraphQlTester.Response all = queue(bureauReviewer(), Map.of(), 50, null);
        all.path("reviewQueue.totalCount").entity(Long.class).isEqualTo(8L);
        assertThat(agencyCounts(all)).isEqualTo(Map.of("SCJG-S01", 4L, "SCJG-S02", 3L, "SCJG-BUREAU", 1L));
        all.path("reviewQueue.facets.agency[?(@.value == 'SCJG-S02')].name").entityList(String.class).containsExactly("北干市场监管所");

        GraphQlTester.Response s02 = queue(bureauReviewer(), Map.of("agency", "SCJG-S02"), 50, null);
        assertThat(names(s02.path("reviewQueue.edges[*].node.id").entityList(String.class).get()))
                .containsExactlyInAnyOrder("r3", "r4", "r7");
        s02.path("reviewQueue.totalCount").entity(Long.class).isEqualTo(3L);
        // the agency facet ignores the agency selection; the flag facet honours it
        assertThat(agencyCounts(s02)).isEqualTo(Map.of("SCJG-S01", 4L, "SCJG-S02", 3L, "SCJG-BUREAU", 1L));
        assertThat(flagCounts(s02)).isEqualTo(Map.of("RED", 1L, "YELLOW", 0L, "NONE", 2L));

        GraphQlTester.Response bureauOnly = queue(bureauReviewer(), Map.of("agency", "SCJG-BUREAU"), 50, null);
        assertThat(names(bureauOnly.path("reviewQueue.edges[*].node.id").entityList(String.class).get())).containsExactly("r6");
    }

    @Test
    void theStatusFilterTakesSeveralStatusesAndCombinesWithTheFlag() {
        GraphQlTester.Response approvedOrPublished = queue(bureauReviewer(), Map.of("status", List.of("APPROVED", "PUBLISHED")), 50, null);
        assertThat(names(approvedOrPublished.path("reviewQueue.edges[*].node.id").entityList(String.class).get()))
                .containsExactlyInAnyOrder("r4", "r5", "r6");
        GraphQlTester.Response approvedRed = queue(bureauReviewer(), Map.of("status", List.of("APPROVED"), "flag", "RED"), 50, null);
        assertThat(names(approvedRed.path("reviewQueue.edges[*].node.id").entityList(String.class).get())).containsExactly("r5");
    }

    @Test
    void aStationsReviewerCannotOpenAnotherStationsQueueAndNoDepartmentSeesAnothers() {
        queue(stationReviewer("SCJG-S01"), Map.of("agency", "SCJG-S02"), 10, null)
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        queue(bureauReviewer(), Map.of("agency", "STHJ-S01"), 10, null)
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        GraphQlTester.Response sthj = queue(testers.as("STHJ", "STHJ-BUREAU", Role.AGENCY_REVIEWER), Map.of(), 50, null);
        assertThat(names(sthj.path("reviewQueue.edges[*].node.id").entityList(String.class).get())).containsExactly("w1");
        testers.anonymous().document(QUEUE).variable("f", Map.of("taskId", task)).execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        GraphQlTester.Response admin = queue(testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN), Map.of(), 50, null);
        admin.path("reviewQueue.totalCount").entity(Long.class).isEqualTo(8L);
    }

    @Test
    void yellowAndRedFlagsCountWorkingDaysAcrossTheLabourDayHoliday() {
        GraphQlTester.Response yellow = queue(bureauReviewer(), Map.of("flag", "YELLOW"), 50, null);
        assertThat(names(yellow.path("reviewQueue.edges[*].node.id").entityList(String.class).get())).containsExactly("r1");
        yellow.path("reviewQueue.edges[0].node.flag").entity(String.class).isEqualTo("YELLOW");
        yellow.path("reviewQueue.edges[0].node.reviewDue").entity(String.class).isEqualTo("2021-05-19");
        yellow.path("reviewQueue.edges[0].node.publicationDue").entity(String.class).isEqualTo("2021-05-26");
        yellow.path("reviewQueue.edges[0].node.workingDaysSinceInspection").entity(Integer.class).isEqualTo(16);
        yellow.path("reviewQueue.deadlines.today").entity(String.class).isEqualTo("2021-05-20");
        yellow.path("reviewQueue.deadlines.yellowCutoff").entity(String.class).isEqualTo("2021-04-26");
        yellow.path("reviewQueue.deadlines.redCutoff").entity(String.class).isEqualTo("2021-04-20");
        // the flag facet ignores the flag selection
        assertThat(flagCounts(yellow)).isEqualTo(Map.of("RED", 2L, "YELLOW", 1L, "NONE", 5L));

        GraphQlTester.Response red = queue(bureauReviewer(), Map.of("flag", "RED"), 50, null);
        assertThat(names(red.path("reviewQueue.edges[*].node.id").entityList(String.class).get())).containsExactly("r5", "r3");
        GraphQlTester.Response none = queue(bureauReviewer(), Map.of("flag", "NONE"), 50, null);
        assertThat(names(none.path("reviewQueue.edges[*].node.id").entityList(String.class).get()))
                .containsExactly("r6", "r4", "r8", "r2", "r7");
        GraphQlTester.Response submittedRed = queue(bureauReviewer(), Map.of("flag", "RED", "status", List.of("SUBMITTED")), 50, null);
        assertThat(names(submittedRed.path("reviewQueue.edges[*].node.id").entityList(String.class).get())).containsExactly("r3");
    }

    @Test
    void aCursorWalkVisitsEveryResultOnceOldestInspectionFirst() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            GraphQlTester.Response page = queue(bureauReviewer(), Map.of(), 3, after);
            page.path("reviewQueue.totalCount").entity(Long.class).isEqualTo(8L);
            seen.addAll(page.path("reviewQueue.edges[*].node.id").entityList(String.class).get());
            boolean more = page.path("reviewQueue.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = more ? page.path("reviewQueue.pageInfo.endCursor").entity(String.class).get() : null;
            pages++;
        } while (after != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(names(seen)).containsExactly("r6", "r5", "r3", "r4", "r8", "r1", "r2", "r7");

        String cursor = queue(bureauReviewer(), Map.of(), 3, null).path("reviewQueue.pageInfo.endCursor").entity(String.class).get();
        queue(bureauReviewer(), Map.of("flag", "RED"), 3, cursor)
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("INVALID_CURSOR"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> flagCounts(GraphQlTester.Response r) {
        Map<String, Long> counts = new HashMap<>();
        for (Object o : r.path("reviewQueue.facets.flag").entityList(Object.class).get()) {
            Map<String, Object> m = (Map<String, Object>) o;
            // the deprecated name answers the same as value
            assertThat(m.get("flag")).isEqualTo(m.get("value"));
            counts.put((String) m.get("value"), ((Number) m.get("count")).longValue());
        }
        return counts;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> agencyCounts(GraphQlTester.Response r) {
        Map<String, Long> counts = new HashMap<>();
        for (Object o : r.path("reviewQueue.facets.agency").entityList(Object.class).get()) {
            Map<String, Object> m = (Map<String, Object>) o;
            assertThat(m.get("agency")).isEqualTo(m.get("value"));
            counts.put((String) m.get("value"), ((Number) m.get("count")).longValue());
        }
        return counts;
    }
}
