package io.spotcheck.review;

import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A result as the review queue shows it: its review fields, today's flag and its two due dates
 * (provisional when a year they span has no loaded holiday arrangement).
 * A natural person's identifier and name are masked unless the caller's role needs them: department
 * staff and the reviewers (who see only their own queue and must know whom a result concerns) see
 * them; automation clients get them masked unless their key holds persons:read, the result id included.
 */
public record ReviewItem(String id, Long version, String taskId, String taskName, String department, String agency,
                         String subjectCode, String subjectName, String subjectKind, List<String> itemCodes,
                         List<String> resultCodes, Boolean problemFound, String channel, LocalDate inspectionDate,
                         String status, String submittedBy, OffsetDateTime submittedAt, String reviewedBy,
                         OffsetDateTime reviewedAt, String reviewNote, OffsetDateTime publishedAt,
                         ReviewDeadlines.Flag flag, LocalDate reviewDue, LocalDate publicationDue, Integer workingDaysSinceInspection,
                         boolean provisional, String provisionalReason) {

    public static ReviewItem of(ResultView r, ReviewDeadlines d, Caller caller) {
        String provisional = d.provisionalReason(r.inspectionDate());
        boolean mask = r.isNaturalPerson() && !PersonAccess.seesPersonsUnderReview(caller);
        return new ReviewItem(r.id() != null && mask ? maskId(r) : r.id(), r.version(), r.taskId(), r.taskName(), r.department(),
                r.agency(), mask ? PersonMask.id(r.subjectCode()) : r.subjectCode(),
                mask ? PersonMask.name(r.subjectName()) : r.subjectName(), r.subjectKind(), orEmpty(r.itemCodes()),
                orEmpty(r.resultCodes()), r.problemFound(), r.channel(), r.inspectionDate(), r.status(), r.submittedBy(),
                r.submittedAt(), r.reviewedBy(), r.reviewedAt(), r.reviewNote(), r.publishedAt(),
                d.flag(r.inspectionDate(), r.status()), d.reviewDue(r.inspectionDate()), d.publicationDue(r.inspectionDate()),
                r.inspectionDate() == null ? null : d.workingDaysSince(r.inspectionDate()),
                provisional != null, provisional);
    }

    /** The id holds the subject's code; the masked id keeps the rest readable.  */
    private static String maskId(ResultView r) {
        return r.subjectCode() == null ? r.id() : r.id().replace(r.subjectCode(), PersonMask.id(r.subjectCode()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
