package io.spotcheck.draw;

import io.spotcheck.scope.Sha256;

/**
 * Seeds of inspector draws (docs/INSPECTOR-DRAW.md, "Seeds"). Both are fixed before the draw: they
 * derive from the task's published subject-draw seed, the department and, when the department
 * enters one, a public value of its own; nothing the department controls at draw time enters them.
 */
public final class InspectorDrawSeed {

    private InspectorDrawSeed() {}

    /** {@code hex(SHA-256("inspectors" LF taskId LF department LF subjectSeed [LF publicValue]))}. */
    public static String forDepartment(String subjectSeed, String taskId, String department, String publicValue) {
        return Sha256.hexOf("inspectors\n" + taskId + "\n" + department + "\n" + subjectSeed + tail(publicValue));
    }

    /**
     * An amendment's draw (a reassigned subject, or a substitute, in one agency):
     * {@code hex(SHA-256("amendment" LF taskId LF department LF subject LF seq LF subjectSeed [LF publicValue]))},
     * where publicValue is the one the department's own draw used and {@code subject} is the
     * subject's public member key (its code for organisations and objects, a random pseudonym for a
     * natural person: a seed over a person's ID number could be reversed by trying birth dates).
     * Records written before keys existed used the subject's code ({@link #KEYED} absent from their
     * derivation) and verify that way.
     */
    public static String forAmendment(String subjectSeed, String taskId, String department, String subject, int seq, String publicValue) {
        return Sha256.hexOf("amendment\n" + taskId + "\n" + department + "\n" + subject + "\n" + seq + "\n" + subjectSeed + tail(publicValue));
    }

    /** Marks, in a record's {@code seedDerivation}, an amendment seed over the subject's public key. */
    public static final String KEYED = "subjectKey";

    /** Whether an amendment record's seed was derived from the subject's public key (else its code). */
    public static boolean keyed(String seedDerivation) {
        return seedDerivation != null && seedDerivation.contains(KEYED);
    }

    /** The derivation as the record publishes it, so a reader needs nothing but the record. */
    public static String describeDepartment(boolean withPublicValue) {
        return "SHA-256(\"inspectors\" LF taskId LF department LF subjectDrawSeed" + (withPublicValue ? " LF publicValue" : "") + ")";
    }

    public static String describeAmendment(boolean withPublicValue) {
        return "SHA-256(\"amendment\" LF taskId LF department LF " + KEYED + " LF seq LF subjectDrawSeed" + (withPublicValue ? " LF publicValue" : "") + ")";
    }

    private static String tail(String publicValue) {
        return publicValue == null || publicValue.isBlank() ? "" : "\n" + publicValue;
    }
}
