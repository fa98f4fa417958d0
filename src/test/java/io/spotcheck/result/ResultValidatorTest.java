package io.spotcheck.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.result.ResultEnums.Channel;
import io.spotcheck.result.ResultEnums.FollowUpMeasure;
import io.spotcheck.result.ResultEnums.VerificationMethod;
import io.spotcheck.result.SubmitResultInput.FollowUpInput;
import io.spotcheck.result.SubmitResultInput.ItemRowInput;
import io.spotcheck.api.UserError;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.spotcheck.subject.ResultCode;

class ResultValidatorTest {

    static final LocalDate TODAY = LocalDate.parse("2024-10-15");
    static final ResultValidator.Context CTX = new ResultValidator.Context(List.of("I1", "I2"), Set.of("p1", "p2", "p3"),
            LocalDate.parse("2024-09-01"), TODAY, false);

    static SubmitResultInput input(List<ResultCode> codes, List<ItemRowInput> rows, List<FollowUpInput> followUps, List<String> inspectors,
                                   LocalDate date, Channel channel) {
        return new SubmitResultInput("T", "SCJG", "S", null, codes, rows, List.of(VerificationMethod.ON_SITE), followUps, date,
                inspectors, List.of("photo-1"), channel, null);
    }

    static List<ItemRowInput> rows() {
        return List.of(new ItemRowInput("I1", true, false, null), new ItemRowInput("I2", true, false, null));
    }

    static List<String> paths(List<UserError> errors) {
        return errors.stream().map(e -> e.code() + "@" + String.join("/", e.field())).toList();
    }

    @Test
    void aCompleteResultPasses() {
        assertThat(ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM), rows(), null, List.of("p1", "p2"),
                TODAY, Channel.PHONE), CTX)).isEmpty();
    }

    @Test
    void noProblemIsExclusiveAndTheErrorPointsAtEachOtherCode() {
        var errors = ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM, ResultCode.PROBLEM_CORRECTED, ResultCode.MOVED_OUT),
                rows(), null, List.of("p1", "p2"), TODAY, Channel.PHONE), CTX);
        assertThat(paths(errors)).containsExactly("EXCLUSIVE@input/resultCodes/1", "EXCLUSIVE@input/resultCodes/2");
    }

    @Test
    void theParentNeedsASubCodeButASubCodeAloneImpliesTheParent() {
        var errors = ResultValidator.validate(input(List.of(ResultCode.PROBLEM_CORRECTED, ResultCode.PROBLEM_PENDING), rows(), null,
                List.of("p1", "p2"), TODAY, Channel.PHONE), CTX);
        assertThat(paths(errors)).containsExactly("SUBCODE_REQUIRED@input/resultCodes/1");
        assertThat(ResultValidator.validate(input(List.of(ResultCode.FALSE_DISCLOSURE), rows(), null, List.of("p1", "p2"), TODAY,
                Channel.PHONE), CTX)).isEmpty();
        assertThat(ResultCode.normalise(List.of(ResultCode.FALSE_DISCLOSURE, ResultCode.UNREACHABLE_AT_REGISTERED_ADDRESS)))
                .containsExactly(ResultCode.PROBLEM_PENDING, ResultCode.FALSE_DISCLOSURE, ResultCode.UNREACHABLE_AT_REGISTERED_ADDRESS);
        assertThat(ResultCode.PROBLEM_PENDING.children()).hasSize(5);
        assertThat(ResultCode.anyProblem(List.of(ResultCode.MOVED_OUT))).isFalse();
        assertThat(ResultCode.anyProblem(List.of(ResultCode.UNDISCLOSED_INFORMATION))).isTrue();
    }

    @Test
    void emptyCodesDuplicatesAndMissingFieldsAreEachNamed() {
        var errors = ResultValidator.validate(new SubmitResultInput("T", "SCJG", "S", null, List.of(), null,
                List.of(VerificationMethod.ON_SITE, VerificationMethod.ON_SITE), null, null, null, null, null, null), CTX);
        assertThat(paths(errors)).containsExactly("REQUIRED@input/resultCodes", "REQUIRED@input/itemRows",
                "DUPLICATE@input/verificationMethods/1", "REQUIRED@input/inspectionDate", "TOO_FEW@input/inspectorIds",
                "REQUIRED@input/channel");
    }

    @Test
    void itemRowsMustCoverExactlyThePartAndAgreeWithTheCodes() {
        var errors = ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM),
                List.of(new ItemRowInput("I1", false, true, null), new ItemRowInput("X9", true, false, null)), null,
                List.of("p1", "p2"), TODAY, Channel.PHONE), CTX);
        assertThat(paths(errors)).containsExactly("NOT_CHECKED@input/itemRows/0/problemFound", "CONTRADICTS_RESULT@input/itemRows/0/problemFound",
                "NOT_IN_PART@input/itemRows/1/itemCode", "MISSING_ITEMS@input/itemRows");
    }

    @Test
    void inspectorsMustBeTwoDistinctDrawnOnes() {
        assertThat(paths(ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM), rows(), null, List.of("p1", "zz", "p1"), TODAY,
                Channel.PHONE), CTX))).containsExactly("NOT_DRAWN@input/inspectorIds/1", "DUPLICATE@input/inspectorIds/2");
        assertThat(paths(ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM), rows(), null, List.of("p1"), TODAY,
                Channel.PHONE), CTX))).containsExactly("TOO_FEW@input/inspectorIds");
    }

    @Test
    void datesFollowUpsAndChannelAreChecked() {
        List<FollowUpInput> f = List.of(new FollowUpInput(FollowUpMeasure.RECTIFICATION_ORDER, true, null, null),
                new FollowUpInput(FollowUpMeasure.SECOND_CHECK, false, LocalDate.parse("2024-10-10"), null),
                new FollowUpInput(FollowUpMeasure.RECTIFICATION_ORDER, true, LocalDate.parse("2024-10-01"), null));
        var errors = ResultValidator.validate(input(List.of(ResultCode.PROBLEM_CORRECTED), rows(), f, List.of("p1", "p2"),
                LocalDate.parse("2024-10-08"), Channel.PHONE), new ResultValidator.Context(List.of("I1", "I2"), Set.of("p1", "p2"),
                null, TODAY, true));
        assertThat(paths(errors)).containsExactly("REQUIRED@input/followUps/0/doneDate", "NOT_DONE@input/followUps/1/doneDate",
                "DUPLICATE@input/followUps/2/measure", "BEFORE_INSPECTION@input/followUps/2/doneDate", "PC_ONLY@input/channel");
        assertThat(paths(ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM), rows(), null, List.of("p1", "p2"),
                TODAY.plusDays(1), Channel.PC), CTX))).containsExactly("IN_FUTURE@input/inspectionDate");
        assertThat(paths(ResultValidator.validate(input(List.of(ResultCode.NO_PROBLEM), rows(), null, List.of("p1", "p2"),
                LocalDate.parse("2024-08-31"), Channel.PC), CTX))).containsExactly("BEFORE_TASK@input/inspectionDate");
    }
}
