package io.spotcheck.inspector;

import java.time.LocalDate;
import java.util.Set;

/**
 * One inspector as the draw sees it: a snapshot taken before the draw, so the draw itself reads
 * nothing and can be replayed from the record.
 *
 * @param id inspector id (non-blank, no NUL character)
 * @param department department code the inspector belongs to
 * @param agency agency id (bureau or station) the inspector belongs to
 * @param status ACTIVE, ON_LEAVE or LEFT; only ACTIVE may be drawn
 * @param certificateValidFrom first day the enforcement certificate is valid, null when uncertified
 * @param certificateValidUntil last day the enforcement certificate is valid, null when uncertified
 * @param qualifications qualification codes held, e.g. FOOD_SAFETY
 * @param recusedSubjects subject codes the inspector must not inspect (回避)
 * @param currentLoad workload before this draw (the caller's chosen counter, e.g. draws this year)
 */
public record DrawCandidate(String id, String department, String agency, String status,
                            LocalDate certificateValidFrom, LocalDate certificateValidUntil,
                            Set<String> qualifications, Set<String> recusedSubjects, long currentLoad) {

    public static final String ACTIVE = "ACTIVE";

    public DrawCandidate {
        requireId("candidate id", id);
        requireId("candidate department", department);
        requireId("candidate agency", agency);
        qualifications = qualifications == null ? Set.of() : Set.copyOf(qualifications);
        recusedSubjects = recusedSubjects == null ? Set.of() : Set.copyOf(recusedSubjects);
        if (currentLoad < 0) {
            throw new IllegalArgumentException("candidate " + id + ": currentLoad must not be negative");
        }
    }

    /** Ids take part in the draw's hashes: a blank one, or one holding NUL (the separator), would make them ambiguous. */
    static void requireId(String what, String value) {
        if (value == null || value.isBlank() || value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(what + " must be non-blank and free of NUL characters");
        }
    }
}
