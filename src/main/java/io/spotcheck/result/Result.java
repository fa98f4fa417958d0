package io.spotcheck.result;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One department's inspection result for one subject of one task (检查结果), as stored in the
 * {@code results} index under {@link #id(String, String, String)}. {@code version} is the
 * Elasticsearch sequence number, never stored itself.
 */
public record Result(
        String id, String taskId, String taskName, String taskLevel, String leadDepartment, List<String> departments, Boolean joint,
        String department, String agency, String subjectCode, String subjectName, String subjectKind, String regionCode,
        List<String> itemCodes, List<String> resultCodes, Boolean problemFound, List<String> verificationMethods,
        List<ItemRow> itemRows, List<FollowUp> followUps, Integer followUpCount, Integer followUpDoneCount, Boolean followUpsClosed,
        LocalDate inspectionDate, List<String> inspectorIds, String channel, List<String> evidence, String status,
        String submittedBy, Instant submittedAt, Integer submissionCount, String reviewedBy, Instant reviewedAt, String reviewNote,
        Instant publishedAt, String publishedBy, LocalDate anomalyListingDue, Boolean reassignmentNeeded,
        Instant updatedAt, Long version) {

    /** One row per item of the department's part (逐项检查情况). */
    public record ItemRow(String itemCode, Boolean checked, Boolean problemFound, String actionTaken) {}

    /** One follow-up measure (后续处置) with its 完结 flag and date. */
    public record FollowUp(String measure, Boolean done, LocalDate doneDate, String text) {}

    public static String id(String taskId, String department, String subjectCode) {
        return taskId + "|" + department + "|" + subjectCode;
    }

    public Result withVersion(Long v) {
        return new Result(id, taskId, taskName, taskLevel, leadDepartment, departments, joint, department, agency, subjectCode,
                subjectName, subjectKind, regionCode, itemCodes, resultCodes, problemFound, verificationMethods, itemRows, followUps,
                followUpCount, followUpDoneCount, followUpsClosed, inspectionDate, inspectorIds, channel, evidence, status,
                submittedBy, submittedAt, submissionCount, reviewedBy, reviewedAt, reviewNote, publishedAt, publishedBy,
                anomalyListingDue, reassignmentNeeded, updatedAt, v);
    }

    /**
     * Whether {@code resent} — what a first submission (no {@code expectedVersion}) would store now —
     * is this stored first submission sent again by the same caller: a phone that never got the
     * answer re-sends what it sent. Everything the submitter chose must be equal; what the server
     * adds (times, the subject's name, the listing due date) may differ.
     */
    public boolean isResentAs(Result resent) {
        return "SUBMITTED".equals(status) && Integer.valueOf(1).equals(submissionCount) && resent != null
                && java.util.Objects.equals(submittedBy, resent.submittedBy())
                && java.util.Objects.equals(resultCodes, resent.resultCodes())
                && java.util.Objects.equals(itemRows, resent.itemRows())
                && java.util.Objects.equals(verificationMethods, resent.verificationMethods())
                && java.util.Objects.equals(followUps, resent.followUps())
                && java.util.Objects.equals(inspectionDate, resent.inspectionDate())
                && java.util.Objects.equals(inspectorIds, resent.inspectorIds())
                && java.util.Objects.equals(channel, resent.channel())
                && java.util.Objects.equals(evidence == null ? List.of() : evidence, resent.evidence() == null ? List.of() : resent.evidence());
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isLocked() {
        return "APPROVED".equals(status) || "PUBLISHED".equals(status);
    }
}
