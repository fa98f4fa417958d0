package io.spotcheck.inspector;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One entry of the inspector directory (执法检查人员名录库), exactly as stored in the
 * {@code inspectors} index (id = {@link #id}).
 *
 * @param id stable id, e.g. {@code SCJG-S01-007}
 * @param name full name
 * @param department department code
 * @param agency agency id (bureau or station) within the department
 * @param certificateNumber enforcement certificate (执法证) number; null when uncertified
 * @param certificateValidFrom first day the certificate is valid
 * @param certificateValidUntil last day the certificate is valid
 * @param qualifications qualification codes, see {@link Qualification}
 * @param status ACTIVE, ON_LEAVE or LEFT
 * @param phone mobile number (personal data, masked unless the reader administers the department)
 * @param recusals subjects the inspector must not inspect (回避)
 * @param workload counters for spreading the work
 * @param updatedAt last change
 */
public record Inspector(
        String id,
        String name,
        String department,
        String agency,
        String certificateNumber,
        LocalDate certificateValidFrom,
        LocalDate certificateValidUntil,
        List<String> qualifications,
        String status,
        String phone,
        List<Recusal> recusals,
        Workload workload,
        Instant updatedAt) {

    public Inspector {
        qualifications = qualifications == null ? List.of() : List.copyOf(qualifications);
        recusals = recusals == null ? List.of() : List.copyOf(recusals);
        workload = workload == null ? Workload.NONE : workload;
    }

    /** True when the certificate covers {@code day}. */
    public boolean certificateValidOn(LocalDate day) {
        return certificateNumber != null && certificateValidFrom != null && certificateValidUntil != null
                && !certificateValidFrom.isAfter(day) && !certificateValidUntil.isBefore(day);
    }

    /**
     * A recusal relation (回避): the inspector must not inspect this subject.
     *
     * @param subjectCode the subject's code
     * @param reason why, e.g. 亲属关系
     * @param addedAt when it was recorded
     * @param addedBy principal who recorded it
     */
    public record Recusal(String subjectCode, String reason, Instant addedAt, String addedBy) {}

    /**
     * Workload counters of the current year; a counter of an earlier year reads as zero.
     *
     * @param year the year the counters belong to
     * @param drawsThisYear subjects the inspector was drawn for this year
     * @param inspectionsThisYear inspections recorded this year
     * @param lastDrawnAt last time the inspector was drawn
     * @param drawIds recent draw ids already counted (bounded), so recording a draw twice counts it once
     * @param inspectionIds recent inspection (result) ids already counted (bounded), likewise
     */
    public record Workload(Integer year, int drawsThisYear, int inspectionsThisYear, Instant lastDrawnAt, List<String> drawIds,
                           List<String> inspectionIds) {
        public static final Workload NONE = new Workload(null, 0, 0, null, List.of(), List.of());

        public Workload {
            drawIds = drawIds == null ? List.of() : List.copyOf(drawIds);
            inspectionIds = inspectionIds == null ? List.of() : List.copyOf(inspectionIds);
        }

        /** The counters as they stand in {@code currentYear}. */
        public Workload asOf(int currentYear) {
            if (year != null && year == currentYear) {
                return this;
            }
            return new Workload(currentYear, 0, 0, lastDrawnAt, drawIds, inspectionIds);
        }
    }
}
