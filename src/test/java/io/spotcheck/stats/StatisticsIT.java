package io.spotcheck.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.review.ResultFixtures;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.ElasticsearchRequestCounter;
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
 * A small district written straight into the indices (tasks, draws, credit rules, assignments,
 * results, anomaly listings) in the first four months of 2021, where no other test writes, with
 * "today" at 2021-05-20. Every expected figure is counted by hand from the table below, not by the
 * code under test.
 *
 * <pre>
 * tasks  T1 WSJK        2021-03-10 | T2 WSJK+XFJY 2021-03-20 | T3 XFJY+WSJK 2021-04-05 | T4 XFJY 2021-04-15
 *        T5 WSJK        2022-01-10 (out) | T6 WSJK no start, created 2021-04-20 | T7 WSJK no start, created 05-01 01:00 Beijing (out)
 * draws  D1 T1 WSJK STRAT 03-11 | D2 T2 WSJK FLAT 03-21 | D3 T3 XFJY STRAT 04-06 | D4 T4 XFJY FLAT 04-16
 *        D5 T5 WSJK STRAT 2022 (out) | D6 T6 WSJK STRAT 2020-12-31T17:00Z = 2021-01-01 01:00 Beijing (in)
 * assignments WSJK: T1 S01 X1 X2 X3, T1 S02 X4 X8 (03-12), T2 S01 X5 X1 (03-22), T3 S02 X6 X7 X9 (04-07),
 *             T3 S02 X10 at 05-01 04:00 Beijing (out); XFJY: T2 S01 X1 (03-22), T3 S01 X6 X7 (04-07)
 * results WSJK                         status     date   problem channel joint follow-ups     items
 *   a1 T1 S01 X1                        PUBLISHED  03-15  no      PHONE   no    none           001
 *   a2 T1 S01 X2                        PUBLISHED  03-16  yes     PHONE   no    1 of 2 done    001 002
 *   a3 T1 S01 X3                        SUBMITTED  04-26  no      PC      no    none           001      YELLOW
 *   b1 T1 S02 X4                        PUBLISHED  03-18  yes     PHONE   no    1 of 1 done    003
 *   c1 T2 S01 X5                        APPROVED   04-01  no      PHONE   yes   none           001      RED
 *   c2 T2 S01 X1                        PUBLISHED  04-02  no      PHONE   yes   none           001
 *   d1 T3 S02 X6                        SUBMITTED  04-10  yes     PC      yes   none           004      RED
 *   d2 T3 S02 X7                        REJECTED   04-28  no      PHONE   yes   none           004
 *   e1 T5 S01 X11 PUBLISHED 2022-01-12 (out); e2 T1 S02 X8 SUBMITTED 05-06 (out)
 * results XFJY: x1 T2 S01 X1 PUBLISHED 03-23 no PHONE joint; x2 T3 S01 X6 SUBMITTED 04-12 yes PC joint (RED)
 * anomaly listings WSJK: L1 S02 03-18, L2 S02 04-10, L3 S01 CANCELLED 03-16 (not counted), L4 S01 05-06 (out)
 * </pre>
 */
@IntegrationTest
@TestPropertySource(properties = "spotcheck.review.today=2021-05-20")
class StatisticsIT {

    static final String FIGURES = """
            tasks jointTasks crossDepartmentRateByTasks subjectVisits jointSubjectVisits crossDepartmentRateByVisits
            draws drawsWithCreditRule creditRuleUseRate subjectsInspected problemsFound problemDetectionRate
            mobileEntries mobileEntryRate drawn published completionRate publishedClosed closureRate itemsCovered
            yellowFlags redFlags anomalyListings""";
    static final String STATS = """
            query($d: String, $a: String) {
              statistics(department: $d, agency: $a, from: "2021-01-01", to: "2021-04-30") {
                department agency from to asOf
                totals { %s }
                byAgency: breakdown(by: AGENCY) { key label figures { %s } }
                byMonth: breakdown(by: MONTH) { key label figures { %s } }
                byDepartment: breakdown(by: DEPARTMENT) { key label figures { %s } }
              }
            }""".formatted(FIGURES, FIGURES, FIGURES, FIGURES);

    static boolean loaded;
    static String run;

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @BeforeEach
    void theDistrict() throws Exception {
        synchronized (StatisticsIT.class) {
            if (loaded) {
                return;
            }
            run = ResultFixtures.unique("ST");
            writeDistrict();
            loaded = true;
        }
    }

    String t(int n) {
        return run + "-T" + n;
    }

    String x(int n) {
        return "91330109" + run.substring(2, 10) + String.format("%02d", n);
    }

    void writeDistrict() throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        tasks.add(task(1, "WSJK", List.of("WSJK"), "2021-03-10", null));
        tasks.add(task(2, "WSJK", List.of("WSJK", "XFJY"), "2021-03-20", null));
        tasks.add(task(3, "XFJY", List.of("XFJY", "WSJK"), "2021-04-05", null));
        tasks.add(task(4, "XFJY", List.of("XFJY"), "2021-04-15", null));
        tasks.add(task(5, "WSJK", List.of("WSJK"), "2022-01-10", null));
        tasks.add(task(6, "WSJK", List.of("WSJK"), null, "2021-04-20T03:00:00Z"));
        tasks.add(task(7, "WSJK", List.of("WSJK"), null, "2021-04-30T17:00:00Z"));
        ResultFixtures.index(client, names, "tasks", tasks);

        String strat = run + "-STRAT";
        String flat = run + "-FLAT";
        ResultFixtures.index(client, names, "credit_rules", List.of(
                Map.of("id", strat, "name", "分级", "ratios", Map.of("A", 1, "B", 3, "C", 10, "D", 30)),
                Map.of("id", flat, "name", "不分级", "ratios", Map.of("A", 5, "B", 5, "C", 5.0, "D", 5))));
        ResultFixtures.index(client, names, "draws", List.of(
                draw(1, "WSJK", strat, "2021-03-11T02:00:00Z"), draw(2, "WSJK", flat, "2021-03-21T02:00:00Z"),
                draw(3, "XFJY", strat, "2021-04-06T02:00:00Z"), draw(4, "XFJY", flat, "2021-04-16T02:00:00Z"),
                draw(5, "WSJK", strat, "2022-01-11T02:00:00Z"), draw(6, "WSJK", strat, "2020-12-31T17:00:00Z")));

        List<Map<String, Object>> assignments = new ArrayList<>();
        for (int s : List.of(1, 2, 3)) {
            assignments.add(assignment(1, "WSJK", "WSJK-S01", s, "2021-03-12T02:00:00Z"));
        }
        for (int s : List.of(4, 8)) {
            assignments.add(assignment(1, "WSJK", "WSJK-S02", s, "2021-03-12T02:00:00Z"));
        }
        for (int s : List.of(5, 1)) {
            assignments.add(assignment(2, "WSJK", "WSJK-S01", s, "2021-03-22T02:00:00Z"));
        }
        for (int s : List.of(6, 7, 9)) {
            assignments.add(assignment(3, "WSJK", "WSJK-S02", s, "2021-04-07T02:00:00Z"));
        }
        assignments.add(assignment(3, "WSJK", "WSJK-S02", 10, "2021-04-30T20:00:00Z"));
        assignments.add(assignment(2, "XFJY", "XFJY-S01", 1, "2021-03-22T02:00:00Z"));
        assignments.add(assignment(3, "XFJY", "XFJY-S01", 6, "2021-04-07T02:00:00Z"));
        assignments.add(assignment(3, "XFJY", "XFJY-S01", 7, "2021-04-07T02:00:00Z"));
        ResultFixtures.index(client, names, "assignments", assignments, false);

        List<Map<String, Object>> results = new ArrayList<>();
        results.add(result(1, "WSJK", "WSJK-S01", 1, "PUBLISHED", "2021-03-15", false, "PHONE", false, 0, 0, List.of("WSJK-001")));
        results.add(result(1, "WSJK", "WSJK-S01", 2, "PUBLISHED", "2021-03-16", true, "PHONE", false, 2, 1, List.of("WSJK-001", "WSJK-002")));
        results.add(result(1, "WSJK", "WSJK-S01", 3, "SUBMITTED", "2021-04-26", false, "PC", false, 0, 0, List.of("WSJK-001")));
        results.add(result(1, "WSJK", "WSJK-S02", 4, "PUBLISHED", "2021-03-18", true, "PHONE", false, 1, 1, List.of("WSJK-003")));
        results.add(result(2, "WSJK", "WSJK-S01", 5, "APPROVED", "2021-04-01", false, "PHONE", true, 0, 0, List.of("WSJK-001")));
        results.add(result(2, "WSJK", "WSJK-S01", 1, "PUBLISHED", "2021-04-02", false, "PHONE", true, 0, 0, List.of("WSJK-001")));
        results.add(result(3, "WSJK", "WSJK-S02", 6, "SUBMITTED", "2021-04-10", true, "PC", true, 0, 0, List.of("WSJK-004")));
        results.add(result(3, "WSJK", "WSJK-S02", 7, "REJECTED", "2021-04-28", false, "PHONE", true, 0, 0, List.of("WSJK-004")));
        results.add(result(5, "WSJK", "WSJK-S01", 11, "PUBLISHED", "2022-01-12", false, "PHONE", false, 0, 0, List.of("WSJK-001")));
        results.add(result(1, "WSJK", "WSJK-S02", 8, "SUBMITTED", "2021-05-06", false, "PHONE", false, 0, 0, List.of("WSJK-005")));
        results.add(result(2, "XFJY", "XFJY-S01", 1, "PUBLISHED", "2021-03-23", false, "PHONE", true, 0, 0, List.of("XFJY-001")));
        results.add(result(3, "XFJY", "XFJY-S01", 6, "SUBMITTED", "2021-04-12", true, "PC", true, 0, 0, List.of("XFJY-002")));
        ResultFixtures.index(client, names, "results", results);

        ResultFixtures.index(client, names, "anomaly_listings", List.of(
                listing(1, "WSJK-S02", "PENDING", "2021-03-18T03:00:00Z"), listing(2, "WSJK-S02", "PENDING", "2021-04-10T03:00:00Z"),
                listing(3, "WSJK-S01", "CANCELLED", "2021-03-16T03:00:00Z"), listing(4, "WSJK-S01", "PENDING", "2021-05-06T03:00:00Z")));
    }

    Map<String, Object> task(int n, String lead, List<String> departments, String start, String created) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", t(n));
        doc.put("name", "统计测试任务" + n);
        doc.put("leadDepartment", lead);
        doc.put("departments", departments);
        doc.put("level", "DISTRICT");
        doc.put("status", "IN_PROGRESS");
        if (start != null) {
            doc.put("startDate", start);
        }
        doc.put("createdAt", created != null ? created : start + "T01:00:00Z");
        return doc;
    }

    Map<String, Object> draw(int n, String department, String rule, String at) {
        return Map.of("id", "D-" + t(n), "taskId", t(n), "creditRuleId", rule, "drawnByDepartment", department, "drawnAt", at,
                "selectedCount", 3);
    }

    Map<String, Object> assignment(int task, String department, String agency, int subject, String at) {
        return Map.of("id", t(task) + ":" + department + ":" + x(subject), "taskId", t(task), "department", department, "agency", agency,
                "subjectCode", x(subject), "status", "ASSIGNED", "assignedAt", at);
    }

    Map<String, Object> result(int task, String department, String agency, int subject, String status, String date, boolean problem,
                               String channel, boolean joint, int followUps, int done, List<String> items) {
        Map<String, Object> with = new HashMap<>();
        with.put("problemFound", problem);
        with.put("resultCodes", List.of(problem ? "PROBLEM_CORRECTED" : "NO_PROBLEM"));
        with.put("channel", channel);
        with.put("joint", joint);
        with.put("followUpCount", followUps);
        with.put("followUpDoneCount", done);
        with.put("followUpsClosed", followUps > 0 && done == followUps);
        with.put("itemCodes", items);
        return ResultFixtures.result(t(task), department, agency, x(subject), status, date, with);
    }

    Map<String, Object> listing(int n, String agency, String status, String at) {
        return Map.of("id", run + "-L" + n, "subjectCode", x(n), "reason", "UNREACHABLE_AT_REGISTERED_ADDRESS", "taskId", t(1),
                "department", "WSJK", "agency", agency, "status", status, "openedAt", at);
    }

    JsonNode stats(HttpGraphQlTester as, String department, String agency) {
        GraphQlTester.Response r = as.document(STATS).variable("d", department).variable("a", agency).execute();
        r.errors().verify();
        return r.path("statistics").entity(JsonNode.class).get();
    }

    HttpGraphQlTester wsjkOperator() {
        return testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
    }

    /** The expected figures of one cell, counted by hand from the table. */
    record Expect(Long tasks, Long jointTasks, Long draws, Long drawsWithCreditRule, long visits, long jointVisits, long subjects,
                  long problems, long mobile, long drawn, long published, long closed, long items, long yellow, long red,
                  long listings) {}

    static void check(JsonNode f, Expect e) {
        assertThat(f.path("tasks").isNull() ? null : f.path("tasks").asLong()).as("tasks").isEqualTo(e.tasks());
        assertThat(f.path("jointTasks").isNull() ? null : f.path("jointTasks").asLong()).as("jointTasks").isEqualTo(e.jointTasks());
        rate(f, "crossDepartmentRateByTasks", e.jointTasks(), e.tasks());
        assertThat(f.path("draws").isNull() ? null : f.path("draws").asLong()).as("draws").isEqualTo(e.draws());
        assertThat(f.path("drawsWithCreditRule").isNull() ? null : f.path("drawsWithCreditRule").asLong()).as("drawsWithCreditRule")
                .isEqualTo(e.drawsWithCreditRule());
        rate(f, "creditRuleUseRate", e.drawsWithCreditRule(), e.draws());
        assertThat(f.path("subjectVisits").asLong()).as("subjectVisits").isEqualTo(e.visits());
        assertThat(f.path("jointSubjectVisits").asLong()).as("jointSubjectVisits").isEqualTo(e.jointVisits());
        rate(f, "crossDepartmentRateByVisits", e.jointVisits(), e.visits());
        assertThat(f.path("subjectsInspected").asLong()).as("subjectsInspected").isEqualTo(e.subjects());
        assertThat(f.path("problemsFound").asLong()).as("problemsFound").isEqualTo(e.problems());
        rate(f, "problemDetectionRate", e.problems(), e.visits());
        assertThat(f.path("mobileEntries").asLong()).as("mobileEntries").isEqualTo(e.mobile());
        rate(f, "mobileEntryRate", e.mobile(), e.visits());
        assertThat(f.path("drawn").asLong()).as("drawn").isEqualTo(e.drawn());
        assertThat(f.path("published").asLong()).as("published").isEqualTo(e.published());
        rate(f, "completionRate", e.published(), e.drawn());
        assertThat(f.path("publishedClosed").asLong()).as("publishedClosed").isEqualTo(e.closed());
        rate(f, "closureRate", e.closed(), e.published());
        assertThat(f.path("itemsCovered").asLong()).as("itemsCovered").isEqualTo(e.items());
        assertThat(f.path("yellowFlags").asLong()).as("yellowFlags").isEqualTo(e.yellow());
        assertThat(f.path("redFlags").asLong()).as("redFlags").isEqualTo(e.red());
        assertThat(f.path("anomalyListings").asLong()).as("anomalyListings").isEqualTo(e.listings());
    }

    static void rate(JsonNode f, String field, Long numerator, Long denominator) {
        if (numerator == null || denominator == null || denominator == 0) {
            assertThat(f.path(field).isNull()).as(field + " is null").isTrue();
        } else {
            assertThat(f.path(field).asDouble()).as(field).isCloseTo(numerator / (double) denominator, within(1e-9));
        }
    }

    static Map<String, JsonNode> rows(JsonNode stats, String alias) {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        stats.path(alias).forEach(r -> rows.put(r.path("key").asText(), r));
        return rows;
    }

    @Test
    void aDepartmentsTotalsMatchTheHandCount() {
        JsonNode s = stats(wsjkOperator(), null, null);
        assertThat(s.path("department").asText()).isEqualTo("WSJK");
        assertThat(s.path("asOf").asText()).isEqualTo("2021-05-20");
        // tasks T1 T2 T3 T6 (4), joint T2 T3; draws D1 D2 D6, D2's rule is flat; visits a1 a2 a3 b1 c1 c2 d1 d2;
        // joint c1 c2 d1 d2; subjects X1..X7; problems a2 b1 d1; phone a1 a2 b1 c1 c2 d2; drawn 10; published a1 a2 b1 c2;
        // closed a1 (none needed) b1 (all done) c2 (none needed); items 001-004; yellow a3; red c1 d1; listings L1 L2.
        check(s.path("totals"), new Expect(4L, 2L, 3L, 2L, 8, 4, 7, 3, 6, 10, 4, 3, 4, 1, 2, 2));
    }

    @Test
    void theMonthlyBreakdownSplitsEachRecordByItsOwnDateInBeijingTime() {
        Map<String, JsonNode> months = rows(stats(wsjkOperator(), "WSJK", null), "byMonth");
        assertThat(months.keySet()).containsExactly("2021-01", "2021-03", "2021-04");
        // 2021-01: only D6 (2020-12-31T17:00Z is 01:00 on New Year's Day in Beijing)
        check(months.get("2021-01").path("figures"), new Expect(0L, 0L, 1L, 1L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        // 2021-03: T1 T2 (joint T2); D1 D2 (D2 flat); drawn 5 + 2; results a1 a2 b1: problems a2 b1, all phone,
        // all published, closed a1 b1, items 001 002 003; listing L1
        check(months.get("2021-03").path("figures"), new Expect(2L, 1L, 2L, 1L, 3, 0, 3, 2, 3, 7, 3, 2, 3, 0, 0, 1));
        // 2021-04: T3 T6 (joint T3); no draws; drawn 3; results a3 c1 c2 d1 d2: joint c1 c2 d1 d2, subjects X3 X5 X1 X6 X7,
        // problem d1, phone c1 c2 d2, published c2 (closed), items 001 004, yellow a3, red c1 d1; listing L2
        check(months.get("2021-04").path("figures"), new Expect(2L, 1L, 0L, 0L, 5, 4, 5, 1, 3, 3, 1, 1, 2, 1, 2, 1));
    }

    @Test
    void theAgencyBreakdownAndAnAgencysOwnFiguresLeaveTasksAndDrawsOut() {
        JsonNode s = stats(wsjkOperator(), "WSJK", null);
        Map<String, JsonNode> agencies = rows(s, "byAgency");
        assertThat(agencies.keySet()).containsExactly("WSJK-S01", "WSJK-S02");
        assertThat(agencies.get("WSJK-S01").path("label").asText()).isNotBlank();
        // S01: drawn X1 X2 X3 X5 X1; results a1 a2 a3 c1 c2: joint c1 c2, subjects X1 X2 X3 X5, problem a2,
        // phone a1 a2 c1 c2, published a1 a2 c2, closed a1 c2, items 001 002, yellow a3, red c1; L3 cancelled, L4 out
        Expect s01 = new Expect(null, null, null, null, 5, 2, 4, 1, 4, 5, 3, 2, 2, 1, 1, 0);
        // S02: drawn X4 X8 X6 X7 X9; results b1 d1 d2: joint d1 d2, problems b1 d1, phone b1 d2, published b1 (closed),
        // items 003 004, red d1; listings L1 L2
        Expect s02 = new Expect(null, null, null, null, 3, 2, 3, 2, 2, 5, 1, 1, 2, 0, 1, 2);
        check(agencies.get("WSJK-S01").path("figures"), s01);
        check(agencies.get("WSJK-S02").path("figures"), s02);
        JsonNode station = stats(testers.as("WSJK", "WSJK-S02", Role.AGENCY_REVIEWER), null, "WSJK-S02");
        assertThat(station.path("agency").asText()).isEqualTo("WSJK-S02");
        check(station.path("totals"), s02);
    }

    @Test
    void aPlatformAdminComparesDepartmentsAndSeesBothFormsOfTheCrossDepartmentRate() {
        JsonNode s = stats(testers.platformAdmin(), null, null);
        Map<String, JsonNode> departments = rows(s, "byDepartment");
        check(departments.get("WSJK").path("figures"), new Expect(4L, 2L, 3L, 2L, 8, 4, 7, 3, 6, 10, 4, 3, 4, 1, 2, 2));
        // XFJY: tasks T2 T3 T4 (joint T2 T3); draws D3 D4 (D4 flat); drawn X1 X6 X7; results x1 x2 (both joint):
        // subjects X1 X6, problem x2, phone x1, published x1 (none needed: closed), items 001 002, red x2
        check(departments.get("XFJY").path("figures"), new Expect(3L, 2L, 2L, 1L, 2, 2, 2, 1, 1, 3, 1, 1, 2, 0, 1, 0));
        assertThat(departments.get("XFJY").path("label").asText()).isNotBlank();
        // The district as a whole (other tests write no tasks or draws in this period): tasks T1 T2 T3 T4 T6, joint T2 T3;
        // draws D1 D2 D3 D4 D6, flat D2 D4. By tasks the joint share is 2/5; by visits WSJK's is 4/8.
        JsonNode totals = s.path("totals");
        assertThat(totals.path("tasks").asLong()).isEqualTo(5);
        assertThat(totals.path("jointTasks").asLong()).isEqualTo(2);
        assertThat(totals.path("crossDepartmentRateByTasks").asDouble()).isCloseTo(0.4, within(1e-9));
        assertThat(totals.path("draws").asLong()).isEqualTo(5);
        assertThat(totals.path("drawsWithCreditRule").asLong()).isEqualTo(3);
    }

    @Test
    void everythingComesFromOneMultiSearch() {
        stats(wsjkOperator(), null, null); // warms the department list
        ElasticsearchRequestCounter.reset();
        stats(wsjkOperator(), null, null);
        List<String> ours = ElasticsearchRequestCounter.since(names.prefix(), "_msearch").stream()
                .filter(r -> !r.contains("api_keys")).toList();
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0)).contains("_msearch");
    }

    @Test
    void staffReadTheirOwnDepartmentOnly() {
        wsjkOperator().document(STATS).variable("d", "XFJY").execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        wsjkOperator().document(STATS).variable("a", "XFJY-S01").execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        testers.anonymous().document(STATS).execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        testers.as("WSJK", "WSJK-S01", Role.INSPECTOR).document(STATS).execute()
                .errors().satisfy(errors -> assertThat(errors).extracting(e -> e.getExtensions().get("code")).containsExactly("FORBIDDEN"));
        JsonNode viaKey = stats(testers.automation("WSJK", "stats:read"), null, null);
        assertThat(viaKey.path("totals").path("subjectVisits").asLong()).isEqualTo(8);
    }
}
