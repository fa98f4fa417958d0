package io.spotcheck.system;

/** Raised when a back end (Elasticsearch, Redis) cannot be reached or is not ready yet. */
public class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
