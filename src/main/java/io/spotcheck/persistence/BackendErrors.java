package io.spotcheck.persistence;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import org.elasticsearch.client.ResponseException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.elasticsearch.UncategorizedElasticsearchException;

/**
 * The one translation of Elasticsearch failures into what the application acts on, for the Spring Data
 * repositories and for the hot paths that keep the Java client alike:
 * <ul>
 *   <li>HTTP 409 (a conditional write lost, a create found the id taken) becomes {@link VersionConflict};</li>
 *   <li>an I/O failure, a timeout, 429 (queue full) or 503 becomes Spring's
 *       {@link DataAccessResourceFailureException}, which the GraphQL error resolver answers with
 *       BACKEND_UNAVAILABLE and {@link Retries#onBackendHiccup} retries;</li>
 *   <li>anything else stays as thrown (an unexpected fault: INTERNAL).</li>
 * </ul>
 * Decisions go by exception type and HTTP status, never by message text.
 */
public final class BackendErrors {

    private BackendErrors() {}

    /** A request to the Java client; the checked {@link IOException} is the client's. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /** A request without an answer worth keeping. */
    @FunctionalInterface
    public interface Action {
        void run() throws IOException;
    }

    /** Runs a Java-client or Spring Data request, translating its failures; {@code what} names the data for messages. */
    public static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            throw translate(what, e);
        }
    }

    public static void run(String what, Action action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /** The exception to throw for {@code e}, a failure of a request about {@code what}. */
    public static RuntimeException translate(String what, Throwable e) {
        if (e instanceof VersionConflict conflict) {
            return conflict;
        }
        if (isConflict(e)) {
            return new VersionConflict(what, e);
        }
        if (e instanceof DataAccessResourceFailureException failure) {
            return failure;
        }
        Integer status = status(e);
        if (isIoFailure(e) || status != null && (status == 429 || status == 502 || status == 503 || status == 504)) {
            return new DataAccessResourceFailureException("Elasticsearch did not answer a request for " + what, e);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new DataAccessResourceFailureException("Elasticsearch request for " + what + " failed", e);
    }

    /** The request did not get through: an I/O failure however wrapped, but not a JSON document that failed to parse. */
    private static boolean isIoFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return !(t instanceof JsonProcessingException);
            }
        }
        return false;
    }

    /** The exception to throw for {@code e}. */
    public static RuntimeException translate(Throwable e) {
        return translate("data", e);
    }

    /** True if {@code e} (or a cause) is Elasticsearch's 409, however the client or Spring Data wrapped it. */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockingFailureException) {
                return true;
            }
            Integer status = statusOf(t);
            if (status != null && status == 409) {
                return true;
            }
        }
        return false;
    }

    private static Integer status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Integer status = statusOf(t);
            if (status != null) {
                return status;
            }
        }
        return null;
    }

    private static Integer statusOf(Throwable t) {
        if (t instanceof ElasticsearchException ee) {
            return ee.status();
        }
        if (t instanceof ResponseException re) {
            return re.getResponse().getStatusLine().getStatusCode();
        }
        if (t instanceof UncategorizedElasticsearchException ue) {
            return ue.getStatusCode();
        }
        return null;
    }
}
