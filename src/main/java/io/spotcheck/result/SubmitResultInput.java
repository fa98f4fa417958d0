package io.spotcheck.result;

import io.spotcheck.result.ResultEnums.Channel;
import io.spotcheck.result.ResultEnums.FollowUpMeasure;
import io.spotcheck.result.ResultEnums.VerificationMethod;
import java.time.LocalDate;
import java.util.List;
import io.spotcheck.subject.ResultCode;

/** What an inspector (phone) or the department's operator (PC) sends for one subject; GraphQL {@code SubmitResultInput}. */
public record SubmitResultInput(String taskId, String department, String subjectCode, Long expectedVersion,
                                List<ResultCode> resultCodes, List<ItemRowInput> itemRows, List<VerificationMethod> verificationMethods,
                                List<FollowUpInput> followUps, LocalDate inspectionDate, List<String> inspectorIds,
                                List<String> evidence, Channel channel, RelocationNoteInput relocation) {

    /** What the inspector found about where a subject went (迁出): kept with the relocation finding. */
    public record RelocationNoteInput(String newAddress, String newRegionCode, String note) {}

    public record ItemRowInput(String itemCode, Boolean checked, Boolean problemFound, String actionTaken) {}

    public record FollowUpInput(FollowUpMeasure measure, Boolean done, LocalDate doneDate, String text) {}
}
