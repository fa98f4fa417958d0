package io.spotcheck.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.calendar.WorkingDayCalendar;
import io.spotcheck.review.ReviewDeadlines;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatisticsQueryTest {

    final ReviewDeadlines deadlines = new ReviewDeadlines(new WorkingDayCalendar(List.of()), LocalDate.parse("2021-05-20"), 15, 20);

    StatisticsQuery query(String department, String agency, Set<StatisticsQuery.Dimension> dims) {
        return new StatisticsQuery(new StatisticsQuery.Selection(department, agency, LocalDate.parse("2021-01-01"), LocalDate.parse("2021-12-31")),
                dims, List.of("SCJG", "WSJK", "XFJY"), deadlines);
    }

    @Test
    void aRuleWithOneShareForEveryClassIsNotACreditRule() {
        Map<String, Boolean> rules = StatisticsQuery.stratifiedRules(List.of(
                Map.of("id", "DEFAULT", "ratios", Map.of("A", 1, "B", 3, "C", 10, "D", 30)),
                Map.of("id", "FLAT", "ratios", Map.of("A", 5, "B", 5.0, "C", 5)),
                Map.of("id", "EMPTY", "ratios", Map.of())));
        assertThat(rules).containsEntry("DEFAULT", true).containsEntry("FLAT", false).containsEntry("EMPTY", false);
    }

    @Test
    void oneSearchPerSourceAndNoTasksOrDrawsForAnAgency() {
        assertThat(query("SCJG", null, Set.of()).searches()).extracting(StatisticsQuery.Search::index)
                .containsExactly("tasks", "draws", "credit_rules", "assignments", "results", "anomaly_listings");
        assertThat(query("SCJG", "SCJG-S01", Set.of()).searches()).extracting(StatisticsQuery.Search::index)
                .containsExactly("assignments", "results", "anomaly_listings");
        assertThat(query("SCJG", null, Set.of()).searches()).allSatisfy(s -> assertThat(s.size()).isLessThanOrEqualTo(1000))
                .filteredOn(s -> !s.index().equals("credit_rules")).allSatisfy(s -> assertThat(s.size()).isZero());
    }

    @Test
    void breakdownsAreComputedOnlyWhenAskedFor() {
        StatisticsQuery.Search plain = query("SCJG", null, Set.of()).results();
        assertThat(plain.aggregations()).doesNotContainKeys("by_month", "by_agency", "by_department");
        StatisticsQuery.Search all = query("SCJG", null, EnumSet.allOf(StatisticsQuery.Dimension.class)).results();
        assertThat(all.aggregations()).containsKeys("by_month", "by_agency", "by_department");
        assertThat(query("SCJG", null, EnumSet.of(StatisticsQuery.Dimension.DEPARTMENT)).tasks().aggregations()).containsKey("dep_SCJG")
                .doesNotContainKey("dep_WSJK");
    }

    @Test
    void aDepartmentsJointTaskNamesAnotherKnownDepartment() {
        String joint = query("SCJG", null, Set.of()).jointFor("SCJG").toString();
        assertThat(joint).contains("\"SCJG\"").contains("\"WSJK\"").contains("\"XFJY\"");
        assertThat(query(null, null, Set.of()).jointAny().toString()).contains("minimum_should_match");
    }
}
