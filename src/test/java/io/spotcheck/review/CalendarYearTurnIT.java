package io.spotcheck.review;

import static io.spotcheck.review.ResultFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.calendar.CalendarService;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * The turn of a year into one whose State Council arrangement is not loaded yet: an inspection on
 * Friday 2026-12-04 is due for publication 20 working days later. 19 of them lie in December; then
 * comes 元旦 (Friday 2027-01-01), which the calendar knows by rule, and a weekend, so the due date is
 * Monday 2027-01-04, provisional. Once an administrator loads 2027, flags and due dates follow the
 * loaded arrangement and are final.
 */
@IntegrationTest
@TestPropertySource(properties = "spotcheck.review.today=2026-12-04")
class CalendarYearTurnIT {

    static final String QUEUE = """
            query($f: ReviewQueueFilter) {
              reviewQueue(filter: $f, first: 10) {
                deadlines { today yellowCutoff redCutoff provisional provisionalReason }
                edges { node { inspectionDate flag reviewDue publicationDue workingDaysSinceInspection provisional provisionalReason } }
              }
            }""";
    static final String WORKING_DAY = "query($d: Date!, $n: Int) { workingDay(date: $d, plus: $n) { workingDay plus provisional provisionalReason } }";
    static final String SET = "mutation($y: Int!, $h: [Date!]!, $w: [Date!]!) { setCalendarYear(year: $y, holidays: $h, workdays: $w, "
            + "note: \"国办发明电 (test arrangement)\") { calendarYear { covered provisional } errors { code message } } }";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    CalendarService calendars;

    @AfterEach
    void withdraw2027() {
        if (calendars.isSet(2027)) {
            calendars.clearYear(2027);
        }
    }

    @Test
    void anInspectionInDecemberIsDueAfterNewYearsDayByRuleProvisionallyAndFinallyOnceTheYearIsLoaded() throws Exception {
        String since = java.time.OffsetDateTime.now().minusSeconds(1).toString();
        String task = ResultFixtures.unique("T-IT-TURN-");
        String code = ResultFixtures.unique("9133010");
        ResultFixtures.index(client, names, "results", List.of(result(task, "SCJG", "SCJG-S01", code, "SUBMITTED", "2026-12-04", Map.of())));

        // ---- before 2027 is loaded
        testers.anonymous().document(WORKING_DAY).variable("d", "2027-01-01").variable("n", 0).execute()
                .path("workingDay.workingDay").entity(Boolean.class).isEqualTo(false)
                .path("workingDay.provisional").entity(Boolean.class).isEqualTo(true)
                .path("workingDay.provisionalReason").entity(String.class).satisfies(r -> assertThat(r).contains("2027"));
        GraphQlTester.Response before = queue(task);
        before.path("reviewQueue.edges[0].node.reviewDue").entity(String.class).isEqualTo("2026-12-25")
                .path("reviewQueue.edges[0].node.publicationDue").entity(String.class).isEqualTo("2027-01-04")
                .path("reviewQueue.edges[0].node.flag").entity(String.class).isEqualTo("NONE")
                .path("reviewQueue.edges[0].node.provisional").entity(Boolean.class).isEqualTo(true)
                .path("reviewQueue.edges[0].node.provisionalReason").entity(String.class)
                .satisfies(r -> assertThat(r).contains("2027").contains("statutory holidays by rule"))
                // today's cut-offs lie in 2026, which is loaded
                .path("reviewQueue.deadlines.provisional").entity(Boolean.class).isEqualTo(false)
                .path("reviewQueue.deadlines.provisionalReason").valueIsNull();
        // today's flag counts look at 2026 only
        testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN)
                .document("{ statistics(department: \"SCJG\") { asOf flagsProvisional flagsProvisionalReason } }").execute()
                .path("statistics.asOf").entity(String.class).isEqualTo("2026-12-04")
                .path("statistics.flagsProvisional").entity(Boolean.class).isEqualTo(false)
                .path("statistics.flagsProvisionalReason").valueIsNull();
        // across Spring Festival 2027 by rule: only 除夕 (Fri 02-05) and 初三 (Mon 02-08) fall on working days
        testers.anonymous().document(WORKING_DAY).variable("d", "2027-01-08").variable("n", 20).execute()
                .path("workingDay.plus").entity(String.class).isEqualTo("2027-02-09")
                .path("workingDay.provisional").entity(Boolean.class).isEqualTo(true);

        // ---- an administrator loads 2027 (an arrangement shaped like the State Council's; the real one is what a district loads)
        List<String> holidays = new ArrayList<>(List.of("2027-01-01", "2027-01-02", "2027-01-03"));
        for (int day = 5; day <= 13; day++) {
            holidays.add(String.format("2027-02-%02d", day));
        }
        holidays.addAll(List.of("2027-04-03", "2027-04-04", "2027-04-05", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04",
                "2027-05-05", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05",
                "2027-10-06", "2027-10-07"));
        List<String> workdays = List.of("2027-01-31", "2027-02-20", "2027-05-08", "2027-10-09");
        // refused first: no 元旦, and a day both off and worked; nothing changes
        testers.platformAdmin().document(SET).variable("y", 2027).variable("h", holidays.subList(1, holidays.size()))
                .variable("w", List.of("2027-01-31", "2027-02-06")).execute()
                .path("setCalendarYear.calendarYear").valueIsNull()
                .path("setCalendarYear.errors[*].code").entityList(String.class)
                .satisfies(l -> assertThat(l).containsExactlyInAnyOrder("BOTH", "STATUTORY_DAY_MISSING"));
        assertThat(calendars.current().covers(2027)).isFalse();

        testers.platformAdmin().document(SET).variable("y", 2027).variable("h", holidays).variable("w", workdays).execute()
                .path("setCalendarYear.errors").entityList(Object.class).hasSize(0)
                .path("setCalendarYear.calendarYear.covered").entity(Boolean.class).isEqualTo(true)
                .path("setCalendarYear.calendarYear.provisional").entity(Boolean.class).isEqualTo(false);

        // ---- after: the same inspection's due dates are final; the arrangement (not the rule) decides
        queue(task).path("reviewQueue.edges[0].node.publicationDue").entity(String.class).isEqualTo("2027-01-04")
                .path("reviewQueue.edges[0].node.provisional").entity(Boolean.class).isEqualTo(false)
                .path("reviewQueue.edges[0].node.provisionalReason").valueIsNull();
        testers.anonymous().document(WORKING_DAY).variable("d", "2027-01-08").variable("n", 20).execute()
                .path("workingDay.plus").entity(String.class).isEqualTo("2027-02-04") // make-up Sunday 01-31 counts, 02-05..13 off
                .path("workingDay.provisional").entity(Boolean.class).isEqualTo(false)
                .path("workingDay.provisionalReason").valueIsNull();
        testers.anonymous().document(WORKING_DAY).variable("d", "2027-02-09").variable("n", 0).execute()
                .path("workingDay.workingDay").entity(Boolean.class).isEqualTo(false);

        // both attempts are in the audit log
        client.indices().refresh(r -> r.index(names.alias("audit")));
        // (those of this test: another test of the class loads 2027 too)
        testers.platformAdmin().document("query($from: DateTime) { auditLog(filter: {actions: [\"calendar.set\"], target: \"2027\", from: $from}, "
                        + "first: 10) { edges { node { outcome principal } } } }").variable("from", since).execute()
                .path("auditLog.edges[*].node.outcome").entityList(String.class)
                .satisfies(l -> assertThat(l).containsExactlyInAnyOrder("OK", "REJECTED"));
    }

    /**
     * A result's anomaly-listing due date (10 working days after the inspection) follows the calendar
     * in force when it is read, not the one of the submission: Monday 2026-12-21 is due Tuesday
     * 2027-01-05 by rule (元旦 off), provisional; once 2027 is loaded with Monday 01-04 off as well
     * (an arrangement differing from the rule), it is due Wednesday 01-06, final. The stored value (here
     * a stale 2027-01-01) is not what is answered.
     */
    @Test
    void aResultsListingDueDateCrossingIntoAYearNotLoadedIsProvisionalAndFollowsTheArrangementOnceLoaded() throws Exception {
        String task = ResultFixtures.unique("T-IT-DUE-");
        String code = ResultFixtures.unique("9133010");
        ResultFixtures.index(client, names, "results", List.of(result(task, "SCJG", "SCJG-S01", code, "SUBMITTED", "2026-12-21",
                Map.of("resultCodes", List.of("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS"), "problemFound", true,
                        "anomalyListingDue", "2027-01-01"))));
        String read = "query($t: String!, $c: String!) { result(taskId: $t, department: \"SCJG\", subjectCode: $c) "
                + "{ anomalyListingDue anomalyListingDueProvisional } }";
        GraphQlTester operator = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        operator.document(read).variable("t", task).variable("c", code).execute()
                .path("result.anomalyListingDue").entity(String.class).isEqualTo("2027-01-05")
                .path("result.anomalyListingDueProvisional").entity(Boolean.class).isEqualTo(true);

        List<String> holidays = new ArrayList<>(List.of("2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"));
        for (int day = 5; day <= 13; day++) {
            holidays.add(String.format("2027-02-%02d", day));
        }
        holidays.addAll(List.of("2027-04-03", "2027-04-04", "2027-04-05", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04",
                "2027-05-05", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05",
                "2027-10-06", "2027-10-07"));
        testers.platformAdmin().document(SET).variable("y", 2027).variable("h", holidays)
                .variable("w", List.of("2027-01-31", "2027-02-20", "2027-05-08", "2027-10-09")).execute()
                .path("setCalendarYear.errors").entityList(Object.class).hasSize(0);
        operator.document(read).variable("t", task).variable("c", code).execute()
                .path("result.anomalyListingDue").entity(String.class).isEqualTo("2027-01-06")
                .path("result.anomalyListingDueProvisional").entity(Boolean.class).isEqualTo(false);

        // a result that opens no listing has no due date, and nothing provisional about it
        String other = ResultFixtures.unique("9133010");
        ResultFixtures.index(client, names, "results", List.of(result(task, "SCJG", "SCJG-S01", other, "SUBMITTED", "2026-12-21", Map.of())));
        operator.document(read).variable("t", task).variable("c", other).execute()
                .path("result.anomalyListingDue").valueIsNull()
                .path("result.anomalyListingDueProvisional").entity(Boolean.class).isEqualTo(false);
    }

    GraphQlTester.Response queue(String task) {
        return testers.as("SCJG", "SCJG-BUREAU", Role.AGENCY_REVIEWER).document(QUEUE).variable("f", Map.of("taskId", task)).execute();
    }
}
