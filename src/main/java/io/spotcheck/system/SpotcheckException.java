package io.spotcheck.system;

import java.util.Map;

/**
 * A request fault the caller can act on. Its message is shown to the caller as is, so it never
 * carries internals; {@link #details()} adds structured extensions (e.g. the offending field).
 */
public class SpotcheckException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> details;

    public SpotcheckException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public SpotcheckException(ErrorCode code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static SpotcheckException badInput(String message) {
        return new SpotcheckException(ErrorCode.BAD_USER_INPUT, message);
    }

    public static SpotcheckException badInput(String field, String message) {
        return new SpotcheckException(ErrorCode.BAD_USER_INPUT, message, Map.of("field", field));
    }

    public static SpotcheckException notFound(String what, String id) {
        return new SpotcheckException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist");
    }

    public static SpotcheckException forbidden(String message) {
        return new SpotcheckException(ErrorCode.FORBIDDEN, message);
    }

    public static SpotcheckException conflict(String message) {
        return new SpotcheckException(ErrorCode.CONFLICT, message);
    }
}
