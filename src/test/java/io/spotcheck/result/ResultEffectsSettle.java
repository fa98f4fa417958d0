package io.spotcheck.result;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * For tests that read what a submission changes elsewhere: hands the submissions gathered for the
 * worker's next round over at once and waits for their effects, then refreshes the indices they (and the result) were written to,
 * so searches see them as a reader a moment later would.
 */
public final class ResultEffectsSettle {

    private ResultEffectsSettle() {}

    public static void settle(ResultEffectsWorker worker, ElasticsearchClient client, IndexNames names) {
        worker.flush();
        if (!worker.awaitIdle(Duration.ofSeconds(60))) {
            throw new AssertionError("result effects still running after 60 s");
        }
        try {
            client.indices().refresh(r -> r.index(List.of(names.alias("results"), names.alias("subjects"), names.alias("anomaly_listings"),
                    names.alias("relocations"), names.alias("result_effects"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
