package io.spotcheck.draw;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The immutable record of a substitution (替补): a drawn subject left the district, so it is marked
 * MOVED_OUT in every department's list and the substitute {@link Substitute} picks from the frozen
 * snapshot takes its place. One per task and moved-out subject ({@link #idFor}), op_type=create.
 *
 * @param priorSubstitutes substitutes taken by earlier substitutions of the task (not eligible again)
 * @param substitute the member drawn in its place; null when its stratum had nobody left
 * @param staffing per department that had drawn inspectors already, the amendment that staffed the substitute
 */
public record SubstitutionRecord(String id, String taskId, String subjectDrawId, String algorithm, String seed, String scopeId,
                                 String scopeDigest, String movedOutCode, String movedOutKind, String stratum, String reason,
                                 List<String> priorSubstitutes, SubjectDrawAlgorithm.Selected substitute, List<String> staffing,
                                 String drawnBy, String drawnByDepartment, OffsetDateTime drawnAt) {

    public static String idFor(String taskId, String movedOutCode) {
        return "SUB-" + taskId + "-" + movedOutCode;
    }

    public SubstitutionRecord masked() {
        String out = "NATURAL_PERSON".equals(movedOutKind) ? DrawRecord.mask(movedOutCode) : movedOutCode;
        SubjectDrawAlgorithm.Selected s = substitute == null || !"NATURAL_PERSON".equals(substitute.kind()) ? substitute
                : new SubjectDrawAlgorithm.Selected(DrawRecord.mask(substitute.code()), substitute.stratum(), substitute.region(),
                substitute.kind(), substitute.rank(), substitute.reason());
        // Earlier substitutes appear masked in their own records; here only their number matters to the public.
        // The amendments that staffed the substitute are named after it: masked like it.
        List<String> staffed = staffing == null || s == substitute ? staffing
                : staffing.stream().map(id -> id.replace(substitute.code(), s.code())).toList();
        return new SubstitutionRecord(idFor(taskId, out), taskId, subjectDrawId, algorithm, seed, scopeId, scopeDigest, out, movedOutKind, stratum, reason,
                List.of(), s, staffed, null, drawnByDepartment, drawnAt);
    }
}
