package io.spotcheck.publication;

import io.spotcheck.review.ResultView;
import io.spotcheck.privacy.PersonMask;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A published result (公示的抽查检查结果) as the public sees it: what was checked, by which
 * authority, when, and the outcome. Nothing personal: a natural person's identifier and name are
 * masked for everyone, and no inspector, reviewer, note, evidence or follow-up text is included.
 */
public record PublishedResult(String id, String taskId, String taskName, String department, String agency,
                              String subjectCode, String subjectName, String subjectKind, List<String> itemCodes,
                              List<String> resultCodes, Boolean problemFound, LocalDate inspectionDate,
                              OffsetDateTime publishedAt) {

    public static PublishedResult of(ResultView r) {
        boolean person = r.isNaturalPerson();
        String code = person ? PersonMask.id(r.subjectCode()) : r.subjectCode();
        String id = person && r.id() != null && r.subjectCode() != null ? r.id().replace(r.subjectCode(), code) : r.id();
        return new PublishedResult(id, r.taskId(), r.taskName(), r.department(), r.agency(), code,
                person ? PersonMask.name(r.subjectName()) : r.subjectName(), r.subjectKind(),
                r.itemCodes() == null ? List.of() : r.itemCodes(), r.resultCodes() == null ? List.of() : r.resultCodes(),
                r.problemFound(), r.inspectionDate(), r.publishedAt());
    }
}
