package io.spotcheck.task;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import org.elasticsearch.client.ResponseException;

/**
 * Recognises Elasticsearch's 409 (version conflict, document exists), which the client reports
 * either as a typed error or, for some request shapes, as a low-level response exception.
 */
public final class Conflicts {

    private Conflicts() {}

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException ee && ee.status() == 409) {
                return true;
            }
            if (t instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 409) {
                return true;
            }
        }
        return false;
    }
}
