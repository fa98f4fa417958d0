package io.spotcheck.draw;

import java.util.List;
import java.util.Map;

/**
 * What a draw produced, in canonical order (groups by key, subjects by code; UTF-8 byte order).
 *
 * @param algorithm algorithm version, {@link InspectorDraw#ALGORITHM}
 * @param seedHex the seed, lower-case hex
 * @param assignments staffed subjects
 * @param unstaffed subjects with fewer than k eligible inspectors, each with the reason
 * @param drawsPerInspector how many subjects each drawn inspector received in this draw (sorted by id)
 * @param digest SHA-256 hex of the canonical text of the result (see docs/INSPECTOR-DRAW.md)
 */
public record DrawResult(String algorithm, String seedHex, List<Assignment> assignments, List<Unstaffed> unstaffed,
                         Map<String, Integer> drawsPerInspector, String digest) {

    /**
     * One staffed subject.
     *
     * @param inspectorIds the k inspectors, in selection order
     */
    public record Assignment(String department, String agency, String subjectCode, List<String> inspectorIds) {}

    /**
     * A subject that could not be staffed; no inspector was assigned to it and no load counted.
     *
     * @param needed k
     * @param eligible inspectors that passed every rule (fewer than k)
     * @param excluded for each rule, how many of the agency's inspectors it excluded (first failing rule counts)
     * @param reason human-readable summary
     */
    public record Unstaffed(String department, String agency, String subjectCode, int needed, int eligible,
                            Map<Exclusion, Integer> excluded, String reason) {}

    /** Why a candidate was not eligible for a subject, in the order the rules are checked. */
    public enum Exclusion {
        /** Status is ON_LEAVE, LEFT or anything but ACTIVE. */
        NOT_ACTIVE,
        /** No certificate, or it does not cover every day of the inspection window. */
        CERTIFICATE_NOT_VALID,
        /** Lacks one of the required qualifications. */
        MISSING_QUALIFICATION,
        /** Has a recusal (回避) relation with the subject. */
        RECUSED,
        /** Inspected the subject last time. */
        INSPECTED_LAST_TIME
    }
}
