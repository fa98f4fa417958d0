package io.spotcheck.system;

import org.springframework.http.HttpStatus;

/**
 * A GraphQL-over-HTTP request refused before anything runs: the status and stable code it is answered
 * with (see {@link GraphQlHttpRoutes}). Carries no stack trace: it is an answer, not a failure.
 */
public final class GraphQlRequestFault extends RuntimeException {

    private final HttpStatus status;
    private final ErrorCode code;

    public GraphQlRequestFault(HttpStatus status, ErrorCode code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    static GraphQlRequestFault invalid(String message) {
        return new GraphQlRequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, message);
    }

    static GraphQlRequestFault tooLarge(long max) {
        return new GraphQlRequestFault(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE,
                "the request body is larger than " + max + " bytes");
    }
}
