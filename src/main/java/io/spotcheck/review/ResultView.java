package io.spotcheck.review;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The fields of a stored inspection result ({@code results} index, one document per task,
 * department and subject) that review, publication and statistics read. Result entry owns the
 * document; this side only reads it and changes its review and publication fields.
 *
 * @param version Elasticsearch sequence number the document was read at; never stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultView(String id, String taskId, String taskName, String taskLevel, String leadDepartment,
                         List<String> departments, Boolean joint, String department, String agency, String subjectCode,
                         String subjectName, String subjectKind, String regionCode, List<String> itemCodes,
                         List<String> resultCodes, Boolean problemFound, List<String> verificationMethods,
                         Integer followUpCount, Integer followUpDoneCount, Boolean followUpsClosed, LocalDate inspectionDate,
                         List<String> inspectorIds, String channel, String status, String submittedBy,
                         OffsetDateTime submittedAt, Integer submissionCount, String reviewedBy, OffsetDateTime reviewedAt,
                         String reviewNote, OffsetDateTime publishedAt, String publishedBy, LocalDate anomalyListingDue,
                         Long version) {

    public static final String SUBMITTED = "SUBMITTED";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String PUBLISHED = "PUBLISHED";

    public ResultView withVersion(long seqNo) {
        return new ResultView(id, taskId, taskName, taskLevel, leadDepartment, departments, joint, department, agency,
                subjectCode, subjectName, subjectKind, regionCode, itemCodes, resultCodes, problemFound, verificationMethods,
                followUpCount, followUpDoneCount, followUpsClosed, inspectionDate, inspectorIds, channel, status, submittedBy,
                submittedAt, submissionCount, reviewedBy, reviewedAt, reviewNote, publishedAt, publishedBy, anomalyListingDue,
                seqNo);
    }

    public boolean isNaturalPerson() {
        return "NATURAL_PERSON".equals(subjectKind);
    }
}
