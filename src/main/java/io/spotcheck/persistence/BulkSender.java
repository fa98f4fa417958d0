package io.spotcheck.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

/**
 * A stream of bulk writes: operations are rendered straight into a request body, which is sent when
 * it holds {@code maxOperations} operations or {@code maxBytes} bytes, at most {@code maxInFlight}
 * requests unanswered ({@link #add} waits beyond that, which keeps memory constant however many are
 * written). Each answer is read as it comes and handed to the {@link Listener} with the contexts of
 * its operations, in order.
 *
 * <p>This is the Java client's {@code BulkIngester} without its per-operation objects: a bulk import
 * sends millions of documents, and the client's body is a list of one buffer per line sent as one
 * HTTP chunk each, about a socket write per document, which cost the server's I/O threads more CPU
 * than rendering the documents. Here the body is one run of 64 KB pieces with a known length
 * ({@link PiecedBody}), and the answer is filtered to what the listener reads.
 */
public final class BulkSender<C> implements AutoCloseable {

    /** What becomes of each request, called on the client's I/O thread. */
    public interface Listener<C> {

        /** Elasticsearch answered: one item per operation, in the order of {@code contexts}. */
        void answered(List<C> contexts, List<Item> items);

        /** The request failed as a whole (refused, unreachable, an answer of another shape): none of its operations is known written. */
        void failed(List<C> contexts, Exception failure);
    }

    /** A document's JSON, written into the body. */
    @FunctionalInterface
    public interface Document {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * One operation's outcome.
     *
     * @param action the operation as sent ({@code index}, {@code create}, ...)
     * @param status its HTTP status
     * @param errorType Elasticsearch's error type, or null when it was written
     * @param errorReason its reason, or null
     */
    public record Item(String action, int status, String errorType, String errorReason) {

        public boolean ok() {
            return errorType == null && status >= 200 && status < 300;
        }
    }

    /** The answer's fields the items are read from (a full answer repeats index, id, version and shards per operation). */
    static final String ANSWER_FIELDS = "errors,items.*.status,items.*.error.type,items.*.error.reason";

    private static final JsonFactory JSON = new JsonFactory();

    private final RestClient rest;
    private final String defaultIndex;
    private final int maxOperations;
    private final long maxBytes;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final Listener<C> listener;
    private PiecedBody body = new PiecedBody();
    private List<C> contexts = new ArrayList<>();

    /**
     * @param defaultIndex the index of operations that name none (it goes in the request's path)
     */
    public BulkSender(RestClient rest, String defaultIndex, int maxOperations, long maxBytes, int maxInFlight, Listener<C> listener) {
        this.rest = rest;
        this.defaultIndex = defaultIndex;
        this.maxOperations = maxOperations;
        this.maxBytes = maxBytes;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.listener = listener;
    }

    /**
     * Adds one operation ({@code index} or {@code create}) of {@code document} under {@code id}, into
     * {@code index} (null: the default index). Sends the body when it is full, waiting while
     * {@code maxInFlight} requests are unanswered. Not thread-safe: one thread adds.
     */
    public void add(String action, String index, String id, Document document, C context) {
        try {
            body.write('{');
            body.write('"');
            body.write(action.getBytes(StandardCharsets.US_ASCII));
            body.write(ACTION_OPEN);
            if (index != null && !index.equals(defaultIndex)) {
                body.write(INDEX);
                JsonEscape.quoted(index, body);
                body.write(',');
            }
            body.write(ID);
            JsonEscape.quoted(id, body);
            body.write(ACTION_CLOSE);
            document.writeTo(body);
            body.write('\n');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        contexts.add(context);
        if (contexts.size() >= maxOperations || body.length() >= maxBytes) {
            flush();
        }
    }

    private static final byte[] ACTION_OPEN = "\":{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX = "\"_index\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\"_id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_CLOSE = "}}\n".getBytes(StandardCharsets.US_ASCII);

    /** Sends what is buffered now (waiting while {@code maxInFlight} requests are unanswered). */
    public void flush() {
        if (contexts.isEmpty()) {
            return;
        }
        PiecedBody sending = body;
        List<C> sent = contexts;
        body = new PiecedBody();
        contexts = new ArrayList<>();
        acquire(1);
        Request request = new Request("POST", "/" + defaultIndex + "/_bulk");
        request.addParameter("filter_path", ANSWER_FIELDS);
        request.setEntity(sending.entity());
        try {
            rest.performRequestAsync(request, new ResponseListener() {
                @Override
                public void onSuccess(Response response) {
                    try {
                        List<Item> items;
                        try (InputStream in = response.getEntity().getContent()) {
                            items = items(in);
                        }
                        if (items.size() != sent.size()) {
                            listener.failed(sent, new IllegalStateException("bulk answer lists " + items.size() + " items for " + sent.size()
                                    + " operations"));
                        } else {
                            listener.answered(sent, items);
                        }
                    } catch (IOException | RuntimeException e) {
                        listener.failed(sent, e);
                    } finally {
                        inFlight.release();
                    }
                }

                @Override
                public void onFailure(Exception failure) {
                    try {
                        listener.failed(sent, failure);
                    } finally {
                        inFlight.release();
                    }
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Sends what is buffered and waits until every request is answered (and its listener has returned). */
    @Override
    public void close() {
        flush();
        acquire(maxInFlight);
        inFlight.release(maxInFlight);
    }

    private void acquire(int permits) {
        try {
            inFlight.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
        }
    }

    /**
     * The items of a bulk answer filtered to {@link #ANSWER_FIELDS}:
     * {@code {"errors":false,"items":[{"create":{"status":201}},{"index":{"status":429,"error":{"type":"...","reason":"..."}}}]}}.
     */
    static List<Item> items(InputStream answer) throws IOException {
        List<Item> items = new ArrayList<>();
        try (JsonParser p = JSON.createParser(answer)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!"items".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                expect(value, JsonToken.START_ARRAY);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    expect(p.nextToken(), JsonToken.FIELD_NAME);
                    String action = p.currentName();
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    items.add(item(action, p));
                    expect(p.nextToken(), JsonToken.END_OBJECT);
                }
            }
        }
        return items;
    }

    /** One item's {@code {"status":...,"error":{"type":...,"reason":...}}}, the parser at its start. */
    private static Item item(String action, JsonParser p) throws IOException {
        int status = 0;
        String[] error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("status".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                status = p.getIntValue();
            } else if ("error".equals(name) && value == JsonToken.START_OBJECT) {
                error = typeAndReason(p);
            } else {
                p.skipChildren();
            }
        }
        return error == null ? new Item(action, status, null, null) : new Item(action, status, error[0], error[1]);
    }

    /** An error object's type ("unknown" when it has none) and reason. */
    private static String[] typeAndReason(JsonParser p) throws IOException {
        String type = "unknown";
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                type = p.getText();
            } else if ("reason".equals(name) && value == JsonToken.VALUE_STRING) {
                reason = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return new String[] {type, reason};
    }

    private static void expect(JsonToken got, JsonToken wanted) throws IOException {
        if (got != wanted) {
            throw new IOException("bulk answer of another shape: " + wanted + " expected, " + got + " found");
        }
    }
}
