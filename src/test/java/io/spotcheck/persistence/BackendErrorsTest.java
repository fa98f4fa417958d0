package io.spotcheck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.elasticsearch.UncategorizedElasticsearchException;

class BackendErrorsTest {

    static ElasticsearchException status(int status, String type) {
        return new ElasticsearchException("test", ErrorResponse.of(r -> r.status(status).error(e -> e.type(type).reason("because"))));
    }

    @Test
    void aConflictIsAVersionConflictHoweverTheClientOrSpringDataReportedIt() {
        assertThat(BackendErrors.translate("task T", status(409, "version_conflict_engine_exception"))).isInstanceOf(VersionConflict.class);
        assertThat(BackendErrors.translate("task T", new UncategorizedElasticsearchException("x", 409, "{}", null)))
                .isInstanceOf(VersionConflict.class);
        assertThat(BackendErrors.translate("task T", new OptimisticLockingFailureException("seq_no"))).isInstanceOf(VersionConflict.class);
        assertThatThrownBy(() -> BackendErrors.call("task T", () -> {
            throw status(409, "version_conflict_engine_exception");
        })).isInstanceOf(VersionConflict.class).hasMessageContaining("task T");
    }

    @Test
    void anUnreachableOrOverloadedBackEndIsAResourceFailure() {
        assertThat(BackendErrors.translate("x", new ConnectException("refused"))).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(BackendErrors.translate("x", new UncheckedIOException(new IOException("reset")))).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(BackendErrors.translate("x", status(429, "es_rejected_execution_exception"))).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(BackendErrors.translate("x", status(503, "cluster_block_exception"))).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void otherFailuresStayWhatTheyAre() {
        ElasticsearchException badRequest = status(400, "mapper_parsing_exception");
        assertThat(BackendErrors.translate("x", badRequest)).isSameAs(badRequest);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(BackendErrors.translate("x", bug)).isSameAs(bug);
        assertThat(BackendErrors.translate("x", new UncheckedIOException(new JsonParseException(null, "bad json"))))
                .isNotInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void aConflictingWriteIsRetriedFromAFreshReadUntilItWins() {
        AtomicInteger attempts = new AtomicInteger();
        String result = Retries.onConflict(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new VersionConflict("the document");
            }
            return "written";
        }, () -> "gave up");
        assertThat(result).isEqualTo("written");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aWriteThatAlwaysLosesEndsInTheCallersAnswerAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        String result = Retries.onConflict(() -> {
            attempts.incrementAndGet();
            throw new VersionConflict("the document");
        }, () -> "gave up");
        assertThat(result).isEqualTo("gave up");
        assertThat(attempts).hasValue(Retries.CONFLICT_ATTEMPTS);
    }

    @Test
    void onlyHiccupsAreRetriedInBackgroundWork() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        assertThat(Retries.onBackendHiccup(() -> {
            if (attempts.incrementAndGet() < 2) {
                throw new UncheckedIOException(new ConnectException("refused"));
            }
            return "done";
        }, failure -> seen.incrementAndGet())).isEqualTo("done");
        assertThat(seen).hasValue(1);

        AtomicInteger bugs = new AtomicInteger();
        assertThatThrownBy(() -> Retries.onBackendHiccup(() -> {
            bugs.incrementAndGet();
            throw new IllegalStateException("bug");
        }, failure -> {})).isInstanceOf(IllegalStateException.class);
        assertThat(bugs).hasValue(1);
    }
}
