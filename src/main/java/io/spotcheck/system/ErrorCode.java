package io.spotcheck.system;

import org.springframework.graphql.execution.ErrorType;

/**
 * Stable machine-readable codes carried in {@code extensions.code}. Clients switch on these, so a
 * code is never renamed; new ones are added.
 */
public enum ErrorCode {
    BAD_USER_INPUT(ErrorType.BAD_REQUEST),
    INVALID_CURSOR(ErrorType.BAD_REQUEST),
    NOT_FOUND(ErrorType.NOT_FOUND),
    UNAUTHENTICATED(ErrorType.UNAUTHORIZED),
    FORBIDDEN(ErrorType.FORBIDDEN),
    CONFLICT(ErrorType.BAD_REQUEST),
    INVALID_STATE(ErrorType.BAD_REQUEST),
    RATE_LIMITED(ErrorType.FORBIDDEN),
    QUERY_TOO_COMPLEX(ErrorType.BAD_REQUEST),
    BACKEND_UNAVAILABLE(ErrorType.INTERNAL_ERROR),
    TIMEOUT(ErrorType.INTERNAL_ERROR),
    GRAPHQL_PARSE_FAILED(ErrorType.BAD_REQUEST),
    GRAPHQL_VALIDATION_FAILED(ErrorType.BAD_REQUEST),
    INTERNAL(ErrorType.INTERNAL_ERROR),
    /** The HTTP request itself is malformed: not JSON, no query, parameters of the wrong type. */
    INVALID_REQUEST(ErrorType.BAD_REQUEST),
    /** A JSON array of operations: batching is not supported. */
    BATCH_NOT_SUPPORTED(ErrorType.BAD_REQUEST),
    /** The request body exceeds {@code spotcheck.limits.max-body-bytes}. */
    REQUEST_TOO_LARGE(ErrorType.BAD_REQUEST),
    /** Content-Type the endpoint does not read. */
    UNSUPPORTED_MEDIA_TYPE(ErrorType.BAD_REQUEST),
    /** E.g. a mutation over GET. */
    METHOD_NOT_ALLOWED(ErrorType.BAD_REQUEST),
    /** An automatic persisted query whose hash the server does not know: send the query with it (Apollo APQ). */
    PERSISTED_QUERY_NOT_FOUND(ErrorType.BAD_REQUEST),
    /** An automatic persisted query whose text does not hash to its {@code sha256Hash}. */
    PERSISTED_QUERY_HASH_MISMATCH(ErrorType.BAD_REQUEST),
    /** A browser request (actual, preflight or WebSocket upgrade) from an origin CORS does not allow. */
    ORIGIN_NOT_ALLOWED(ErrorType.FORBIDDEN);

    private final ErrorType classification;

    ErrorCode(ErrorType classification) {
        this.classification = classification;
    }

    public ErrorType classification() {
        return classification;
    }
}
