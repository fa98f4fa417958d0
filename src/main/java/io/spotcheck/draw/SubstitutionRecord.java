package io.spotcheck.draw;

import io.spotcheck.persistence.StoredTimes;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.ValueConverter;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * The immutable record of a substitution (替补): a drawn subject left the district, so it is marked
 * MOVED_OUT in every department's list and the substitute {@link Substitute} picks from the frozen
 * snapshot takes its place. One per task and moved-out subject ({@link #idFor}), op_type=create.
 * Stored as it is in the {@code substitutions} alias (mapping: index-mappings/substitutions.json).
 *
 * @param priorSubstitutes substitutes taken by earlier substitutions of the task (not eligible again)
 * @param substitute the member drawn in its place; null when its stratum had nobody left
 * @param staffing per department that had drawn inspectors already, the amendment that staffed the substitute
 * @param seq version 2: position in the task's chain of substitutions, from 1
 * @param movedOutKey version 2: the public key of the member replaced
 * @param basis version 2: STRATUM or JURISDICTION_MINIMUM — the rule the replaced member was taken under, kept by its substitute
 * @param basisValue the stratum, or the region whose minimum is kept
 * @param skipped version 2: members ranked before the substitute whose current status was excluded, in rank order
 */
@Document(indexName = "#{@indexNames.alias('substitutions')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record SubstitutionRecord(@Id String id, String taskId, String subjectDrawId, String algorithm, String seed, String scopeId,
                                 String scopeDigest, String movedOutCode, String movedOutKind, String stratum, String reason,
                                 List<String> priorSubstitutes, SubjectDrawAlgorithm.Selected substitute, List<String> staffing,
                                 String drawnBy, String drawnByDepartment,
                                 @ValueConverter(StoredTimes.OffsetDateTimes.class) OffsetDateTime drawnAt, Integer seq, String movedOutKey,
                                 String basis, String basisValue, List<PublicDraw.Skipped> skipped) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    @Transient
    public boolean isVersion2() {
        return Substitute.VERSION_2.equals(algorithm);
    }

    /** The version 2 record as the public reads it: members by key, priorSubstitutes as recorded. */
    public PublicDraw.Substitution publicView() {
        return new PublicDraw.Substitution(publicId(),
                taskId, seq, algorithm, movedOutKey, reason, basis, basisValue, priorSubstitutes, skipped == null ? List.of() : skipped,
                PublicDraw.Member.of(substitute), drawnAt == null ? null : SeedCommitment.format(drawnAt));
    }

    /** The id the public sees: the task and the chain position, never a person's code. */
    public String publicId() {
        return "SUB-" + taskId + "-" + seq;
    }

    public static String idFor(String taskId, String movedOutCode) {
        return "SUB-" + taskId + "-" + movedOutCode;
    }

    /**
     * The record for a caller who does not see persons. A version 1 substitute's rank is
     * SHA-256(seed ":" code) over the public seed: a person's is left out, as in {@link DrawRecord#masked()}.
     */
    public SubstitutionRecord masked() {
        if (isVersion2()) {
            SubjectDrawAlgorithm.Selected k = substitute == null ? null : new SubjectDrawAlgorithm.Selected(substitute.key(), substitute.stratum(),
                    substitute.region(), substitute.kind(), substitute.rank(), substitute.reason(), substitute.key());
            // The amendments that staffed the substitute are named after its code: by its key, as their public records are.
            String as = substitute == null ? null : substitute.key() != null ? substitute.key() : DrawRecord.mask(substitute.code());
            List<String> staffedV2 = staffing == null || substitute == null || !"NATURAL_PERSON".equals(substitute.kind()) ? staffing
                    : staffing.stream().map(id -> id.replace(substitute.code(), as)).toList();
            return new SubstitutionRecord(publicId(), taskId, subjectDrawId, algorithm, seed, scopeId, scopeDigest, movedOutKey, movedOutKind,
                    stratum, reason, priorSubstitutes, k, staffedV2, null, drawnByDepartment, drawnAt, seq, movedOutKey, basis, basisValue, skipped);
        }
        String out = "NATURAL_PERSON".equals(movedOutKind) ? DrawRecord.mask(movedOutCode) : movedOutCode;
        SubjectDrawAlgorithm.Selected s = substitute == null || !"NATURAL_PERSON".equals(substitute.kind()) ? substitute
                : new SubjectDrawAlgorithm.Selected(DrawRecord.mask(substitute.code()), substitute.stratum(), substitute.region(),
                substitute.kind(), null, substitute.reason());
        // Earlier substitutes appear masked in their own records; here only their number matters to the public.
        // The amendments that staffed the substitute are named after it: masked like it.
        List<String> staffed = staffing == null || s == substitute ? staffing
                : staffing.stream().map(id -> id.replace(substitute.code(), s.code())).toList();
        return new SubstitutionRecord(idFor(taskId, out), taskId, subjectDrawId, algorithm, seed, scopeId, scopeDigest, out, movedOutKind, stratum, reason,
                List.of(), s, staffed, null, drawnByDepartment, drawnAt, null, null, null, null, null);
    }
}
