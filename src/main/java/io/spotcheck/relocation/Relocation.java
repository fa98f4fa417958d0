package io.spotcheck.relocation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A document of the {@code relocations} index: either an on-site FINDING that a drawn subject
 * moved out (迁出) or was deregistered — one per result, id = the result's id, opened when the
 * result is submitted with such a code — or the RESOLUTION of all findings of one subject in one
 * task, id {@code RES|<task>|<subject>}, written once (op_type=create) before anything is moved,
 * so exactly one resolution ever exists.
 *
 * @param status of a finding: OPEN, RESOLVED or CANCELLED (re-submitted without the code)
 * @param resolution REASSIGN or SUBSTITUTE (on a RESOLUTION, and on the findings it closed)
 * @param resolutionId the RESOLUTION's id (on the findings it closed)
 * @param regionCode the jurisdiction a REASSIGN moved the subject to
 * @param records amendment records (IDA-…) or the substitution record (SUB-…) the resolution wrote
 * @param substitute the substitute's code (SUBSTITUTE), null when the class had nobody left
 */
public record Relocation(String type, String id, String taskId, String leadDepartment, String department, String agency,
                         String subjectCode, String subjectKind, String resultId, List<String> resultCodes, List<String> inspectorIds,
                         String foundBy, Instant foundAt, LocalDate inspectionDate, String newAddress, String newRegionCode, String note,
                         String status, String resolution, String resolutionId, String regionCode, String reason, List<String> records,
                         String substitute, String resolvedBy, String resolvedByDepartment, Instant resolvedAt) {

    public static final String FINDING = "FINDING";
    public static final String RESOLUTION = "RESOLUTION";
    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    public static final String CANCELLED = "CANCELLED";

    public Relocation {
        resultCodes = resultCodes == null ? List.of() : List.copyOf(resultCodes);
        inspectorIds = inspectorIds == null ? List.of() : List.copyOf(inspectorIds);
        records = records == null ? List.of() : List.copyOf(records);
    }

    public static String resolutionIdFor(String taskId, String subjectCode) {
        return "RES|" + taskId + "|" + subjectCode;
    }

    /** A finding as a result submission reports it (OPEN). */
    public static Relocation finding(String resultId, String taskId, String leadDepartment, String department, String agency, String subjectCode,
                                     String subjectKind, List<String> resultCodes, List<String> inspectorIds, String foundBy, Instant foundAt,
                                     LocalDate inspectionDate, String newAddress, String newRegionCode, String note) {
        return new Relocation(FINDING, resultId, taskId, leadDepartment, department, agency, subjectCode, subjectKind, resultId, resultCodes,
                inspectorIds, foundBy, foundAt, inspectionDate, newAddress, newRegionCode, note, OPEN, null, null, null, null, null, null, null,
                null, null);
    }

    public Relocation withStatus(String newStatus) {
        return new Relocation(type, id, taskId, leadDepartment, department, agency, subjectCode, subjectKind, resultId, resultCodes,
                inspectorIds, foundBy, foundAt, inspectionDate, newAddress, newRegionCode, note, newStatus, resolution, resolutionId, regionCode,
                reason, records, substitute, resolvedBy, resolvedByDepartment, resolvedAt);
    }

    /** This finding closed by {@code r}. */
    public Relocation resolvedBy(Relocation r) {
        return new Relocation(type, id, taskId, leadDepartment, department, agency, subjectCode, subjectKind, resultId, resultCodes,
                inspectorIds, foundBy, foundAt, inspectionDate, newAddress, newRegionCode, note, RESOLVED, r.resolution(), r.id(), r.regionCode(),
                r.reason(), r.records(), r.substitute(), r.resolvedBy(), r.resolvedByDepartment(), r.resolvedAt());
    }

    /** The same finding as the latest submission reports it, keeping what is not the submission's. */
    public Relocation reportedAgain(Relocation latest) {
        return new Relocation(type, id, taskId, leadDepartment, department, latest.agency(), subjectCode, latest.subjectKind(), resultId,
                latest.resultCodes(), latest.inspectorIds(), latest.foundBy(), latest.foundAt(), latest.inspectionDate(), latest.newAddress(),
                latest.newRegionCode(), latest.note(), RESOLVED.equals(status) ? status : OPEN, resolution, resolutionId, regionCode, reason,
                records, substitute, resolvedBy, resolvedByDepartment, resolvedAt);
    }

    /** The resolution with what it wrote. */
    public Relocation withRecords(List<String> written, String substituteCode) {
        return new Relocation(type, id, taskId, leadDepartment, department, agency, subjectCode, subjectKind, resultId, resultCodes,
                inspectorIds, foundBy, foundAt, inspectionDate, newAddress, newRegionCode, note, status, resolution, resolutionId, regionCode,
                reason, written, substituteCode, resolvedBy, resolvedByDepartment, resolvedAt);
    }
}
