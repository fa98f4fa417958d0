package io.spotcheck.draw;

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
     * {@code hex(SHA-256("amendment" LF taskId LF department LF subjectCode LF seq LF subjectSeed [LF publicValue]))},
     * where publicValue is the one the department's own draw used.
     */
    public static String forAmendment(String subjectSeed, String taskId, String department, String subjectCode, int seq, String publicValue) {
        return Sha256.hexOf("amendment\n" + taskId + "\n" + department + "\n" + subjectCode + "\n" + seq + "\n" + subjectSeed + tail(publicValue));
    }

    /** The derivation as the record publishes it, so a reader needs nothing but the record. */
    public static String describeDepartment(boolean withPublicValue) {
        return "SHA-256(\"inspectors\" LF taskId LF department LF subjectDrawSeed" + (withPublicValue ? " LF publicValue" : "") + ")";
    }

    public static String describeAmendment(boolean withPublicValue) {
        return "SHA-256(\"amendment\" LF taskId LF department LF subjectCode LF seq LF subjectDrawSeed" + (withPublicValue ? " LF publicValue" : "") + ")";
    }

    private static String tail(String publicValue) {
        return publicValue == null || publicValue.isBlank() ? "" : "\n" + publicValue;
    }
}
