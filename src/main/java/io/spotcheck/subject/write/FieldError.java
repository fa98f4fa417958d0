package io.spotcheck.subject.write;

import java.util.List;

/**
 * One refused field, in the shape of the GraphQL type {@code UserError}, so a form shows it next to
 * the field and an import report next to the line.
 *
 * @param code stable code, e.g. INVALID_CREDIT_CODE
 * @param message human-readable reason
 * @param field path of the field inside the input, e.g. [input, risk, asOf]
 */
public record FieldError(String code, String message, List<String> field) {

    public FieldError {
        field = List.copyOf(field);
    }

    public static FieldError of(String code, String message, String... path) {
        return new FieldError(code, message, List.of(path));
    }

    /** The same error under a prefix path, e.g. ["input"]. */
    public FieldError under(String... prefix) {
        List<String> full = new java.util.ArrayList<>(List.of(prefix));
        full.addAll(field);
        return new FieldError(code, message, full);
    }
}
