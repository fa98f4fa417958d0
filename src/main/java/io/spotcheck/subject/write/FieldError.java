package io.spotcheck.subject.write;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.spotcheck.api.UserError;
import java.util.List;

/**
 * One refused field, in the shape of the GraphQL type {@code UserError}, so a form shows it next to
 * the field and an import report next to the line.
 *
 * @param code stable code, e.g. INVALID_CREDIT_CODE
 * @param message human-readable reason
 * @param field path of the field inside the input, e.g. [input, risk, asOf]
 * @param unquotedMessage the reason without the text of the input it quotes, for a caller who sees
 *     natural persons masked (a value read from a misaligned CSV column may be a person's name);
 *     null when {@code message} quotes none. Never written out: {@link #withoutQuotes()} picks it.
 */
public record FieldError(String code, String message, List<String> field, @JsonIgnore String unquotedMessage) {

    public FieldError {
        field = List.copyOf(field);
    }

    public FieldError(String code, String message, List<String> field) {
        this(code, message, field, null);
    }

    public static FieldError of(String code, String message, String... path) {
        return new FieldError(code, message, List.of(path));
    }

    /** An error whose {@code message} quotes the input and {@code unquoted} says the same without it. */
    public static FieldError quoting(String code, String message, String unquoted, String... path) {
        return new FieldError(code, message, List.of(path), unquoted);
    }

    /** The same error under a prefix path, e.g. ["input"]. */
    public FieldError under(String... prefix) {
        List<String> full = new java.util.ArrayList<>(List.of(prefix));
        full.addAll(field);
        return new FieldError(code, message, full, unquotedMessage);
    }

    /** The error as a caller who sees persons masked reads it: no text of the input quoted. */
    public FieldError withoutQuotes() {
        return unquotedMessage == null ? this : new FieldError(code, unquotedMessage, field, null);
    }

    /** The error as the GraphQL type {@code UserError}. */
    public UserError toUserError() {
        return new UserError(code, message, field);
    }
}
