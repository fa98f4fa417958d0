package io.spotcheck.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.subject.Subject.LastInspection;
import io.spotcheck.subject.Subject.LastResult;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultEffectsTest {

    static Result result(String task, String date, Result.ItemRow... rows) {
        return new Result("id", task, null, null, null, null, null, "SCJG", null, "S", null, null, null, null, List.of("NO_PROBLEM"),
                false, null, List.of(rows), null, null, null, null, LocalDate.parse(date), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    static Result.ItemRow row(String item, boolean checked) {
        return new Result.ItemRow(item, checked, false, null);
    }

    @Test
    void checkedItemsGetTheInspectionDateAndOtherDepartmentsAreUntouched() {
        List<LastInspection> current = List.of(new LastInspection("I1", "SCJG", LocalDate.parse("2023-05-01"), "OLD"),
                new LastInspection("I1", "WSJK", LocalDate.parse("2023-06-01"), "W"));
        var next = ResultEffects.lastInspections(current, result("T", "2024-10-08", row("I1", true), row("I2", true), row("I3", false)), (Result) null);
        assertThat(next).containsExactly(new LastInspection("I1", "SCJG", LocalDate.parse("2024-10-08"), "T"),
                new LastInspection("I1", "WSJK", LocalDate.parse("2023-06-01"), "W"),
                new LastInspection("I2", "SCJG", LocalDate.parse("2024-10-08"), "T"));
    }

    @Test
    void aLaterInspectionByAnotherTaskIsKeptAndAReplacedSubmissionIsCorrected() {
        List<LastInspection> current = List.of(new LastInspection("I1", "SCJG", LocalDate.parse("2024-12-01"), "LATER"),
                new LastInspection("I2", "SCJG", LocalDate.parse("2024-10-08"), "T"));
        Result before = result("T", "2024-10-08", row("I1", true), row("I2", true));
        Result after = result("T", "2024-10-09", row("I1", true), row("I2", false));
        assertThat(ResultEffects.lastInspections(current, after, before))
                .containsExactly(new LastInspection("I1", "SCJG", LocalDate.parse("2024-12-01"), "LATER"));
        // applying the same result again changes nothing
        var once = ResultEffects.lastInspections(current, before, (Result) null);
        assertThat(ResultEffects.lastInspections(once, before, before)).isEqualTo(once);
    }

    @Test
    void onlyMovedOutAndDeregisteredAskForReassignment() {
        assertThat(ResultEffects.reassignmentNeeded(List.of("MOVED_OUT"))).isTrue();
        assertThat(ResultEffects.reassignmentNeeded(List.of("DEREGISTERED", "PROBLEM_CORRECTED"))).isTrue();
        assertThat(ResultEffects.reassignmentNeeded(List.of("LICENCE_REVOKED"))).isFalse();
    }

    static Result coded(String department, String task, String date, List<String> codes, boolean problem) {
        return new Result("id", task, null, null, null, null, null, department, null, "S", null, null, null, null, codes,
                problem, null, List.of(), null, null, null, null, LocalDate.parse(date), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    static LastResult last(String department, String task, String date, List<String> codes, boolean problem) {
        return new LastResult(department, task, LocalDate.parse(date), codes, problem);
    }

    @Test
    void theDepartmentsLatestResultReplacesItsEarlierOneAndLeavesOtherDepartmentsAlone() {
        List<LastResult> current = List.of(last("WSJK", "W", "2024-01-05", List.of("NO_PROBLEM"), false),
                last("SCJG", "OLD", "2023-05-01", List.of("NO_PROBLEM"), false));
        List<String> unreachable = List.of("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS");
        var next = ResultEffects.lastResults(current, coded("SCJG", "T", "2024-09-27", unreachable, true));
        assertThat(next).containsExactly(last("WSJK", "W", "2024-01-05", List.of("NO_PROBLEM"), false),
                last("SCJG", "T", "2024-09-27", unreachable, true));
        assertThat(io.spotcheck.subject.write.SubjectMerger.findingKeys(next)).containsExactly("WSJK:NO_PROBLEM",
                "SCJG:PROBLEM_PENDING", "SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS");
        // idempotent, and a re-submission of the same task replaces its own entry even with an earlier date
        assertThat(ResultEffects.lastResults(next, coded("SCJG", "T", "2024-09-27", unreachable, true))).isEqualTo(next);
        assertThat(ResultEffects.lastResults(next, coded("SCJG", "T", "2024-09-20", List.of("NO_PROBLEM"), false)))
                .containsExactly(last("WSJK", "W", "2024-01-05", List.of("NO_PROBLEM"), false),
                        last("SCJG", "T", "2024-09-20", List.of("NO_PROBLEM"), false));
    }

    @Test
    void aResultOfAnEarlierInspectionByAnotherTaskDoesNotReplaceALaterOne() {
        List<LastResult> current = List.of(last("SCJG", "LATER", "2024-12-01", List.of("PROBLEM_CORRECTED"), true));
        assertThat(ResultEffects.lastResults(current, coded("SCJG", "T", "2024-10-08", List.of("NO_PROBLEM"), false)))
                .isEqualTo(current);
        assertThat(ResultEffects.lastResults(current, coded("SCJG", "T", "2024-12-01", List.of("NO_PROBLEM"), false)))
                .containsExactly(last("SCJG", "T", "2024-12-01", List.of("NO_PROBLEM"), false));
    }
}
