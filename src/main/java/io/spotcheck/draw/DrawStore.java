package io.spotcheck.draw;

import io.spotcheck.persistence.JsonEscape;
import io.spotcheck.persistence.PiecedBody;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.VersionConflict;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import io.spotcheck.scope.Sha256;

/** Every Elasticsearch request of draws: draw records, exclusion look-ups, assignments (credit rules: {@link CreditRuleStore}). */
@Component
public class DrawStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DrawStore.class);

    private final ElasticsearchClient client;
    private final RestClient rest;
    private final IndexNames names;
    private final ObjectMapper json;

    private final int partChars;
    private final int bulkBytes;

    @org.springframework.beans.factory.annotation.Autowired
    public DrawStore(ElasticsearchClient client, RestClient rest, IndexNames names, ObjectMapper json) {
        this(client, rest, names, json, PART_CHARS, BULK_BYTES);
    }

    /** With other part and bulk sizes (tests write records of many parts without drawing millions). */
    DrawStore(ElasticsearchClient client, RestClient rest, IndexNames names, ObjectMapper json, int partChars, int bulkBytes) {
        this.client = client;
        this.rest = rest;
        this.names = names;
        this.json = json;
        this.partChars = partChars;
        this.bulkBytes = bulkBytes;
    }

    // ---- draw records ----

    /** Characters of lines in one part document: a part ends at the first line end past this. */
    static final int PART_CHARS = 1 << 20;
    /** Bytes of part documents sent in one bulk request, and read back in one multi-get. */
    static final int BULK_BYTES = 8 << 20;

    static final String SELECTED_LINES = "selectedLines";
    static final String EXCLUSION_LINES = "exclusionLines";
    static final String LINES_ID = "linesId";
    static final String SELECTED_PARTS = "selectedParts";
    static final String EXCLUSION_PARTS = "exclusionParts";
    static final String SELECTED_PART_LINES = "selectedPartLines";
    static final String EXCLUSION_PART_LINES = "exclusionPartLines";
    static final String SELECTED = "selected";
    static final String EXCLUSIONS = "exclusions";

    /**
     * Writes the record once: first its two long lists as parts ({@link #writeParts}), then its head
     * with {@code _create} under the id fixed per task — the commit point, so a second draw conflicts
     * and a record is never seen without all of its parts. {@code refresh=true} rather than wait_for
     * on the head: it is searchable (open-task exclusions of the next draw) when this returns, without
     * waiting up to a refresh interval; the parts are read by id only, which needs no refresh. A draw
     * that loses the race removes the parts it wrote; parts of a write that failed half-way are never
     * referenced by a head and are left behind. Failures are translated by {@link BackendErrors}.
     */
    public boolean create(DrawRecord record) {
        return create(record, null);
    }

    /**
     * As {@link #create(DrawRecord)}, the record's exclusions being those {@code written} while it
     * was drawn (finished: its list is the record's); null = write them now.
     */
    public boolean create(DrawRecord record, ExclusionParts written) {
        String linesId = written == null ? java.util.UUID.randomUUID().toString() : written.linesId;
        StoredParts parts = written == null ? writeParts(record, linesId)
                : new StoredParts(writeList(record.id(), linesId, SELECTED,
                        new LinesReader<>(record.selected().iterator(), (s, line) -> selectedLine(s, record.isVersion2(), line))),
                        written.counts());
        Request request = new Request("PUT", "/" + names.alias("draws") + "/_create/"
                + URLEncoder.encode(record.id(), StandardCharsets.UTF_8));
        request.addParameter("refresh", "true");
        request.setEntity(headBody(record, linesId, parts).entity());
        try {
            BackendErrors.call("draw " + record.id(), () -> rest.performRequest(request));
            return true;
        } catch (VersionConflict e) {
            deleteParts(record.id(), linesId, parts);
            return false;
        }
    }

    /** The number of lines in each part of each list of a record, in part order. */
    record StoredParts(List<Integer> selectedLines, List<Integer> exclusionLines) {

        int selected() {
            return selectedLines.size();
        }

        int exclusions() {
            return exclusionLines.size();
        }
    }

    /** A task's commitment and the number of times its document was written (1 = never changed). */
    public record StoredCommitment(SeedCommitment commitment, long version) {}

    /** Writes the commitment once (op_type=create); false when the task has one already. */
    public boolean createCommitment(SeedCommitment c) {
        try {
            BackendErrors.call("seed commitment of " + c.taskId(), () -> client.index(i -> i.index(names.alias("draw_commitments")).id(c.taskId())
                    .opType(co.elastic.clients.elasticsearch._types.OpType.Create).document(c).refresh(Refresh.True)));
            return true;
        } catch (VersionConflict e) {
            return false;
        }
    }

    public StoredCommitment commitment(String taskId) {
        GetResponse<SeedCommitment> r = BackendErrors.call("seed commitment of " + taskId,
                () -> client.get(g -> g.index(names.alias("draw_commitments")).id(taskId), SeedCommitment.class));
        return r.found() ? new StoredCommitment(r.source(), r.version() == null ? 1 : r.version()) : null;
    }

    /** Whether the record exists, without reading its lists. */
    public boolean exists(String id) {
        return BackendErrors.call("draw " + id, () -> client.exists(e -> e.index(names.alias("draws")).id(id)).value());
    }

    /** The record with its lists read whole, for work that walks them more than once or out of order (grouping, inspector draws). */
    public DrawRecord record(String id) {
        Map<String, Object> head = head(id);
        return head == null ? null : fromStored(head);
    }

    /**
     * The record with lists kept in parts read as they are used ({@link PartedList}): a page of a
     * large draw reads only the parts it falls in, and a single walk holds one part at a time. Records
     * stored in an older form (or without per-part line counts) come with their lists read whole.
     */
    public DrawRecord recordReadAsUsed(String id) {
        Map<String, Object> head = head(id);
        return head == null ? null : fromStored(head, true);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> head(String id) {
        GetResponse<Map> r = BackendErrors.call("draw " + id, () -> client.get(g -> g.index(names.alias("draws")).id(id), Map.class));
        return r.found() ? r.source() : null;
    }

    /**
     * The stored form: a head document with the record's fields, and its two long lists as text lines
     * in part documents of the {@code draw_lines} index — {@code code TAB stratum TAB region TAB kind
     * TAB reason [TAB key]} per drawn subject and {@code code TAB reason [TAB evidence]} per exclusion —
     * which Elasticsearch parses, stores and returns as strings instead of as millions of objects, and
     * which keep every request far below Elasticsearch's request size limit however large the scope.
     * The mapping leaves the lines unparsed ({@code enabled: false}). Ranks are not stored: each is
     * SHA-256(seed ":" key), recomputed on read. The head names its parts by {@code linesId} (fresh per
     * write) and counts ({@code selectedParts}, {@code exclusionParts}); records written before the
     * parts keep the lines in the head ({@code selectedLines}, {@code exclusionLines}), and the oldest
     * keep JSON lists; all three forms are read.
     */
    PiecedBody headBody(DrawRecord record, String linesId, StoredParts parts) {
        @SuppressWarnings("unchecked")
        Map<String, Object> head = json.convertValue(record.withLists(null, null, null), Map.class);
        head.remove(EXCLUSIONS);
        head.remove(SELECTED);
        head.remove("selectedCodes");
        head.put(LINES_ID, linesId);
        head.put(SELECTED_PARTS, parts.selected());
        head.put(EXCLUSION_PARTS, parts.exclusions());
        head.put(SELECTED_PART_LINES, parts.selectedLines());
        head.put(EXCLUSION_PART_LINES, parts.exclusionLines());
        PiecedBody body = new PiecedBody();
        try (JsonGenerator out = json.getFactory().createGenerator(body)) {
            out.writeStartObject();
            for (Map.Entry<String, Object> field : head.entrySet()) {
                if (field.getValue() != null) {
                    out.writeFieldName(field.getKey());
                    json.writeValue(out, field.getValue());
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            // the body is written to memory: only a record Jackson cannot render gets here
            throw new IllegalStateException("draw " + record.id() + " could not be rendered", e);
        }
        return body;
    }

    /** Renders a drawn subject's line; version 2 adds the key (the rank is computed on it). */
    static void selectedLine(SubjectDrawAlgorithm.Selected s, boolean keyed, StringBuilder line) {
        line.append(s.code()).append('\t').append(s.stratum()).append('\t').append(s.region()).append('\t').append(s.kind())
                .append('\t').append(s.reason());
        if (keyed) {
            line.append('\t').append(s.key());
        }
        line.append('\n');
    }

    /** Renders an exclusion's line; version 2 adds its evidence. */
    static void exclusionLine(SubjectDrawAlgorithm.Exclusion e, boolean keyed, StringBuilder line) {
        line.append(e.code()).append('\t').append(e.reason());
        if (keyed) {
            line.append('\t');
            if (!e.evidence().isEmpty()) {
                line.append(String.join(",", e.evidence()));
            }
        }
        line.append('\n');
    }

    /**
     * Writes both lists as parts, a long exclusion list (often the larger one) on a thread of its own
     * meanwhile. Each list is rendered straight into bulk bodies of at most about {@link #BULK_BYTES},
     * sent as each fills, so memory holds one body per list whatever the record's size.
     */
    StoredParts writeParts(DrawRecord record, String linesId) {
        boolean keyed = record.isVersion2();
        java.util.concurrent.CompletableFuture<List<Integer>> exclusions = record.exclusions().size() < PARALLEL_EXCLUSIONS ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> writeList(record.id(), linesId, EXCLUSIONS,
                        new LinesReader<>(record.exclusions().iterator(), (e, line) -> exclusionLine(e, keyed, line))), task -> {
                    Thread t = new Thread(task, "draw-record-render");
                    t.setDaemon(true);
                    t.start();
                });
        List<Integer> selected = writeList(record.id(), linesId, SELECTED, new LinesReader<>(record.selected().iterator(), (s, line) -> selectedLine(s, keyed, line)));
        try {
            return new StoredParts(selected, exclusions == null
                    ? writeList(record.id(), linesId, EXCLUSIONS, new LinesReader<>(record.exclusions().iterator(), (e, line) -> exclusionLine(e, keyed, line)))
                    : exclusions.join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Writes one list's lines as part documents {@code drawId/linesId/list/seq}; returns each part's
     * number of lines. Each bulk body is sent as soon as it is full and the next one rendered while
     * Elasticsearch stores it, at most {@link #IN_FLIGHT} bodies unanswered at a time (memory and
     * Elasticsearch's load stay bounded however long the list); the list is written once every body
     * has been answered without error.
     */
    private List<Integer> writeList(String drawId, String linesId, String list, LinesReader<?> lines) {
        int seq = 0;
        List<Integer> counts = new ArrayList<>();
        PiecedBody bulk = new PiecedBody();
        List<String> ids = new ArrayList<>();
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<Void>> sent = new java.util.ArrayDeque<>();
        try {
            while (lines.hasMore()) {
                lines.nextPart(partChars);
                String id = partId(drawId, linesId, list, seq);
                try {
                    actionLine(bulk, "index", id);
                    // the fields as Jackson would write them; the lines escaped straight into the body
                    bulk.write(PART_START);
                    JsonEscape.quoted(drawId, bulk);
                    bulk.write(PART_LINES_ID);
                    JsonEscape.quoted(linesId, bulk);
                    bulk.write(PART_LIST);
                    JsonEscape.quoted(list, bulk);
                    bulk.write(PART_SEQ);
                    bulk.write(Integer.toString(seq).getBytes(StandardCharsets.US_ASCII));
                    bulk.write(PART_LINES);
                    lines.writeEscapedPart(bulk);
                    bulk.write(PART_END);
                } catch (IOException e) {
                    // the body is written to memory: only a record that cannot be rendered gets here
                    throw new IllegalStateException("draw " + drawId + " could not be rendered", e);
                }
                ids.add(id);
                counts.add(lines.linesInPart());
                seq++;
                if (bulk.length() >= Math.min(bulkBytes, SEND_BYTES)) {
                    while (sent.size() >= IN_FLIGHT) {
                        answered(sent.poll());
                    }
                    sent.add(sendBulkAsync(drawId, bulk, List.copyOf(ids)));
                    bulk = new PiecedBody();
                    ids.clear();
                }
            }
            if (!ids.isEmpty()) {
                while (sent.size() >= IN_FLIGHT) {
                    answered(sent.poll());
                }
                sent.add(sendBulkAsync(drawId, bulk, List.copyOf(ids)));
            }
        } finally {
            // every body sent is answered before this returns or fails, so none outlives the write
            RuntimeException failure = null;
            for (java.util.concurrent.CompletableFuture<Void> f : sent) {
                try {
                    answered(f);
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return counts;
    }

    /** Bulk bodies of one list sent and not yet answered, at most. */
    static final int IN_FLIGHT = 2;

    /** Waits for a body's answer; its failure is thrown as {@link #sendBulk} would throw it. */
    private static void answered(java.util.concurrent.CompletableFuture<Void> sent) {
        try {
            sent.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Bytes of bulk bodies a list sends at a time while it renders the rest (at most {@link #BULK_BYTES}). */
    static final int SEND_BYTES = 2 << 20;

    private static final byte[] PART_START = "{\"drawId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_LINES_ID = (",\"" + LINES_ID + "\":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_LIST = ",\"list\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_LINES = ",\"lines\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PART_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);

    /** As {@link #sendBulk}, answered on the client's thread; the future fails as {@link #sendBulk} would throw. */
    private java.util.concurrent.CompletableFuture<Void> sendBulkAsync(String drawId, PiecedBody bulk, List<String> ids) {
        Request request = new Request("POST", "/" + names.alias("draw_lines") + "/_bulk");
        request.setEntity(bulk.entity());
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        rest.performRequestAsync(request, new org.elasticsearch.client.ResponseListener() {
            @Override
            public void onSuccess(org.elasticsearch.client.Response response) {
                try {
                    JsonNode answer;
                    try (java.io.InputStream in = response.getEntity().getContent()) {
                        answer = json.readTree(in);
                    }
                    checkBulk(drawId, answer, ids);
                    done.complete(null);
                } catch (IOException e) {
                    done.completeExceptionally(BackendErrors.translate("draw " + drawId + " lines", e));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Exception e) {
                done.completeExceptionally(BackendErrors.translate("draw " + drawId + " lines", e));
            }
        });
        return done;
    }

    /** One bulk action line, {@code {"<action>":{"_id":"<id>"}}}, the index being the request's. */
    private void actionLine(PiecedBody bulk, String action, String id) throws IOException {
        try (JsonGenerator out = json.getFactory().createGenerator(bulk)) {
            out.writeStartObject();
            out.writeObjectFieldStart(action);
            out.writeStringField("_id", id);
            out.writeEndObject();
            out.writeEndObject();
        }
        bulk.write('\n');
    }

    static String partId(String drawId, String linesId, String list, int seq) {
        return drawId + "/" + linesId + "/" + list + "/" + seq;
    }

    /** Sends one bulk body of part documents (or deletions) and waits for it; every item must have succeeded. */
    private void sendBulk(String drawId, PiecedBody bulk, List<String> ids) {
        answered(sendBulkAsync(drawId, bulk, ids));
    }

    /** Every item of a bulk answer must have succeeded, one per id. */
    private static void checkBulk(String drawId, JsonNode answer, List<String> ids) {
        if (answer.path("errors").asBoolean()) {
            for (JsonNode item : answer.path("items")) {
                JsonNode result = item.elements().hasNext() ? item.elements().next() : item;
                if (result.has("error")) {
                    throw new IllegalStateException("draw " + drawId + ": part " + result.path("_id").asText() + " not stored: "
                            + result.path("error").path("reason").asText());
                }
            }
        }
        if (answer.path("items").size() != ids.size()) {
            throw new IllegalStateException("draw " + drawId + ": " + answer.path("items").size() + " of " + ids.size() + " parts answered");
        }
    }

    /** Removes the parts one write left, when its head lost the race (best effort: nothing refers to them). */
    private void deleteParts(String drawId, String linesId, StoredParts parts) {
        PiecedBody bulk = new PiecedBody();
        List<String> ids = new ArrayList<>();
        for (String list : List.of(SELECTED, EXCLUSIONS)) {
            for (int seq = 0; seq < (list.equals(SELECTED) ? parts.selected() : parts.exclusions()); seq++) {
                String id = partId(drawId, linesId, list, seq);
                ids.add(id);
                try {
                    actionLine(bulk, "delete", id);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try {
            sendBulk(drawId, bulk, ids);
        } catch (RuntimeException e) {
            log.warn("parts of draw {} that no record uses could not be removed: {}", drawId, e.toString());
        }
    }

    /**
     * A draw's exclusions, written as parts of the record {@code drawId} while the draw still ranks
     * (the algorithm's {@link SubjectDrawAlgorithm.ExclusionSink}): batches wait in a short queue and
     * a thread of their own renders them into bulk bodies as {@link #writeList} does, so the draw
     * holds a few batches instead of the scope's exclusions, and the record's longest list is stored
     * by the time the ranking ends. The parts are named under a fresh lines id; a head refers to them
     * only once {@link #create(DrawRecord, ExclusionParts)} writes it. Abandoned, or not used by a head,
     * the parts written are removed (best effort: nothing refers to them).
     */
    public ExclusionParts exclusionParts(String drawId) {
        return new ExclusionParts(drawId);
    }

    /** See {@link #exclusionParts(String)}. */
    public final class ExclusionParts implements SubjectDrawAlgorithm.ExclusionSink {

        /** Batches handed and not yet rendered, at most; the pass waits while the writer is this far behind. */
        static final int QUEUED = 16;
        private static final List<SubjectDrawAlgorithm.Exclusion> END = new ArrayList<>();

        private final String drawId;
        final String linesId = java.util.UUID.randomUUID().toString();
        private final java.util.concurrent.BlockingQueue<List<SubjectDrawAlgorithm.Exclusion>> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(QUEUED);
        private final java.util.concurrent.CompletableFuture<List<Integer>> written = new java.util.concurrent.CompletableFuture<>();
        private volatile boolean abandoned;
        private List<Integer> counts;

        private ExclusionParts(String drawId) {
            this.drawId = drawId;
            Thread writer = new Thread(this::write, "draw-exclusions");
            writer.setDaemon(true);
            writer.start();
        }

        private void write() {
            try {
                written.complete(writeList(drawId, linesId, EXCLUSIONS, new LinesReader<>(new Queued(), (e, line) -> exclusionLine(e, true, line))));
            } catch (RuntimeException | Error e) {
                written.completeExceptionally(e);
            }
        }

        /** The exclusions as the writer takes them from the queue, until the end is put. */
        private final class Queued implements java.util.Iterator<SubjectDrawAlgorithm.Exclusion> {
            private java.util.Iterator<SubjectDrawAlgorithm.Exclusion> batch = java.util.Collections.emptyIterator();
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && !ended) {
                    List<SubjectDrawAlgorithm.Exclusion> next;
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("draw " + drawId + ": interrupted while writing its exclusions", e);
                    }
                    ended = next == END || abandoned;
                    batch = next.iterator();
                }
                return !ended && batch.hasNext();
            }

            @Override
            public SubjectDrawAlgorithm.Exclusion next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return batch.next();
            }
        }

        @Override
        public void accept(List<SubjectDrawAlgorithm.Exclusion> batch) {
            put(batch);
        }

        /** Queues a batch, waiting while the writer is behind; a writer that failed takes nothing more (its failure is {@link #finish}'s). */
        private void put(List<SubjectDrawAlgorithm.Exclusion> batch) {
            try {
                while (!written.isDone() && !queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    // the writer is behind: wait, unless it stopped
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("draw " + drawId + ": interrupted while handing its exclusions", e);
            }
        }

        @Override
        public List<SubjectDrawAlgorithm.Exclusion> finish() {
            put(END);
            try {
                counts = written.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            return new PartedList<>(counts, seq -> part(drawId, linesId, EXCLUSIONS, seq), DrawStore::exclusionOf);
        }

        /** The lines of each part written, once {@link #finish()} returned. */
        List<Integer> counts() {
            return counts;
        }

        @Override
        public void abandon() {
            abandoned = true;
            queue.clear();
            put(END);
            try {
                List<Integer> stored = written.join();
                deleteParts(drawId, linesId, new StoredParts(List.of(), stored));
            } catch (RuntimeException e) {
                // a writer that failed may have stored some parts: they are left, as after any failed write
                log.warn("exclusions of an abandoned draw {} were not all written: {}", drawId, e.toString());
            }
        }

        /** Whatever this draw wrote, removed: it will not be recorded (refused after ranking, or failed); nothing when it was abandoned. */
        public void discard() {
            if (counts != null) {
                deleteParts(drawId, linesId, new StoredParts(List.of(), counts));
            } else if (!abandoned) {
                abandon();
            }
        }
    }

    /** Exclusions from which {@link #writeParts} renders their lines on a thread of their own. */
    static final int PARALLEL_EXCLUSIONS = 20_000;

    /** The lines of a list, rendered one at a time as they are read, a part at a time. */
    static final class LinesReader<T> {

        private final java.util.Iterator<T> items;
        private final java.util.function.BiConsumer<T, StringBuilder> render;
        private final StringBuilder line = new StringBuilder(128);
        private int position;
        private long budget = Long.MAX_VALUE;
        private long emitted;
        private int lines;

        LinesReader(java.util.Iterator<T> items, java.util.function.BiConsumer<T, StringBuilder> render) {
            this.items = items;
            this.render = render;
        }

        /** Starts a part: reading ends at the first line end once {@code chars} have been read. */
        void nextPart(int chars) {
            budget = chars;
            emitted = 0;
            lines = 0;
        }

        /** Lines started in the current part; a part ends at a line end, so each is whole in it. */
        int linesInPart() {
            return lines;
        }

        boolean hasMore() {
            return position < line.length() || items.hasNext();
        }

        /**
         * Writes the current part's characters, as {@link #read} gives them, JSON-escaped and UTF-8
         * encoded into {@code out} (a line is rendered whole, so no character pair is split).
         */
        void writeEscapedPart(PiecedBody out) {
            while (true) {
                if (position == line.length()) {
                    if (!items.hasNext() || emitted >= budget) {
                        return;
                    }
                    line.setLength(0);
                    position = 0;
                    render.accept(items.next(), line);
                    lines++;
                }
                int n = line.length() - position;
                JsonEscape.escaped(line, position, line.length(), out);
                position += n;
                emitted += n;
            }
        }
    }

    /** Reads any stored form, its lists whole: a head with parts, text lines in the head, or (the oldest records) JSON lists. */
    DrawRecord fromStored(Map<String, Object> source) {
        return fromStored(source, false);
    }

    /** As {@link #fromStored(Map)}; {@code asUsed} reads lists kept in parts as they are used, when the head counts each part's lines. */
    @SuppressWarnings("unchecked")
    private DrawRecord fromStored(Map<String, Object> source, boolean asUsed) {
        boolean parted = source.get(LINES_ID) != null;
        Object selectedLines = source.get(SELECTED_LINES);
        if (!parted && selectedLines == null) {
            return json.convertValue(source, DrawRecord.class);
        }
        Map<String, Object> rest = new java.util.HashMap<>(source);
        for (String field : List.of(SELECTED_LINES, EXCLUSION_LINES, LINES_ID, SELECTED_PARTS, EXCLUSION_PARTS, SELECTED_PART_LINES,
                EXCLUSION_PART_LINES)) {
            rest.remove(field);
        }
        DrawRecord r = json.convertValue(rest, DrawRecord.class);
        SubjectDrawAlgorithm.Ranker ranker = new SubjectDrawAlgorithm.Ranker(r.seed());
        if (asUsed && parted && source.get(SELECTED_PART_LINES) instanceof List<?> selectedCounts
                && source.get(EXCLUSION_PART_LINES) instanceof List<?> exclusionCounts) {
            // Read as used: a page reads the parts it falls in, a walk holds one part at a time.
            String linesId = String.valueOf(source.get(LINES_ID));
            List<SubjectDrawAlgorithm.Selected> selected = new PartedList<>(counts(selectedCounts),
                    seq -> part(r.id(), linesId, SELECTED, seq), line -> selectedOf(line, ranker));
            List<SubjectDrawAlgorithm.Exclusion> exclusions = new PartedList<>(counts(exclusionCounts),
                    seq -> part(r.id(), linesId, EXCLUSIONS, seq), DrawStore::exclusionOf);
            List<String> codes = new PartedList<>(counts(selectedCounts), seq -> part(r.id(), linesId, SELECTED, seq),
                    line -> line.substring(0, line.indexOf('\t')));
            return r.withLists(exclusions, selected, codes);
        }
        List<SubjectDrawAlgorithm.Selected> selected = new ArrayList<>(r.selectedCount() == null ? 16 : r.selectedCount());
        Consumer<String> selectedLine = line -> selected.add(selectedOf(line, ranker));
        List<SubjectDrawAlgorithm.Exclusion> exclusions = new ArrayList<>();
        Consumer<String> exclusionLine = line -> exclusions.add(exclusionOf(line));
        if (parted) {
            forEachPartLine(r.id(), source, SELECTED, selectedLine);
            forEachPartLine(r.id(), source, EXCLUSIONS, exclusionLine);
        } else {
            forEachLine((String) selectedLines, selectedLine);
            Object exclusionLines = source.get(EXCLUSION_LINES);
            forEachLine(exclusionLines == null ? "" : (String) exclusionLines, exclusionLine);
        }
        return r.withLists(List.copyOf(exclusions), List.copyOf(selected), selected.stream().map(SubjectDrawAlgorithm.Selected::code).toList());
    }

    private static SubjectDrawAlgorithm.Selected selectedOf(String line, SubjectDrawAlgorithm.Ranker ranker) {
        String[] f = line.split("\t", -1);
        String key = f.length > 5 ? f[5] : f[0];
        return new SubjectDrawAlgorithm.Selected(f[0], f[1], f[2], f[3], Sha256.hex(ranker.rank(key)), f[4], key);
    }

    private static SubjectDrawAlgorithm.Exclusion exclusionOf(String line) {
        String[] f = line.split("\t", -1);
        return new SubjectDrawAlgorithm.Exclusion(f[0], f[1], f.length > 2 && !f[2].isEmpty() ? List.of(f[2].split(",")) : List.of());
    }

    private static List<Integer> counts(List<?> stored) {
        return stored.stream().map(n -> ((Number) n).intValue()).toList();
    }

    /** A part document as read back: only its lines. */
    record Part(String lines) {}

    /** The lines of one part; a part that is gone is an error (a head is written only after all of its parts). */
    private String part(String drawId, String linesId, String list, int seq) {
        String id = partId(drawId, linesId, list, seq);
        GetResponse<Part> r = BackendErrors.call("draw " + drawId + " lines",
                () -> client.get(g -> g.index(names.alias("draw_lines")).id(id).sourceIncludes("lines"), Part.class));
        if (!r.found() || r.source() == null || r.source().lines() == null) {
            throw new IllegalStateException("draw " + drawId + ": part " + id + " is missing");
        }
        return r.source().lines();
    }

    /**
     * Visits every line of one list of a head that keeps its lists in parts, reading the parts by id in
     * multi-gets of about {@link #BULK_BYTES}. A missing part is an error: the head is written only after
     * all of its parts were acknowledged.
     */
    void forEachPartLine(String drawId, Map<?, ?> head, String list, Consumer<String> each) {
        eachPartLine(drawId, head, list, line -> {
            each.accept(line);
            return true;
        });
    }

    /** As {@link #forEachPartLine}, while {@code more} answers true; false when it stopped the visit. */
    private boolean eachPartLine(String drawId, Map<?, ?> head, String list, java.util.function.Predicate<String> more) {
        String linesId = String.valueOf(head.get(LINES_ID));
        Object count = head.get(list.equals(SELECTED) ? SELECTED_PARTS : EXCLUSION_PARTS);
        int parts = count instanceof Number n ? n.intValue() : 0;
        int perRequest = Math.max(1, bulkBytes / partChars);
        for (int from = 0; from < parts; from += perRequest) {
            List<String> ids = new ArrayList<>();
            for (int seq = from; seq < Math.min(parts, from + perRequest); seq++) {
                ids.add(partId(drawId, linesId, list, seq));
            }
            co.elastic.clients.elasticsearch.core.MgetResponse<Part> r = BackendErrors.call("draw " + drawId + " lines",
                    () -> client.mget(m -> m.index(names.alias("draw_lines")).ids(ids).sourceIncludes("lines"), Part.class));
            for (var item : r.docs()) {
                if (item.isFailure() || !item.result().found() || item.result().source() == null) {
                    throw new IllegalStateException("draw " + drawId + ": part " + (item.isFailure() ? item.failure().id() : item.result().id())
                            + " is missing");
                }
                if (!eachLine(item.result().source().lines(), more)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether any line of a stored draw's drawn subjects ({@code code TAB stratum TAB region TAB kind TAB
     * reason [TAB key]}) passes {@code test}, whichever form the head was stored in; a head holding
     * neither lines nor parts (the oldest form keeps JSON lists) has none.
     */
    public boolean anySelectedLine(Map<?, ?> head, java.util.function.Predicate<String> test) {
        if (head.get(LINES_ID) != null) {
            return !eachPartLine(String.valueOf(head.get("id")), head, SELECTED, test.negate());
        }
        return head.get(SELECTED_LINES) instanceof String lines && !eachLine(lines, test.negate());
    }

    private static void forEachLine(String text, Consumer<String> each) {
        eachLine(text, line -> {
            each.accept(line);
            return true;
        });
    }

    /** Visits the lines of {@code text} while {@code more} answers true; false when it stopped the visit. */
    private static boolean eachLine(String text, java.util.function.Predicate<String> more) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start && !more.test(text.substring(start, end))) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /** A draw of another task: which task, and whom it drew. */
    public record PastDraw(String taskId, List<String> itemCodes, Integer year, List<String> selectedCodes) {}

    /** Draws of the year, or draws for any of the items, other than {@code exceptTask}'s. */
    public void pastDraws(int year, List<String> itemCodes, String exceptTask, Consumer<PastDraw> each) {
        Query query = Query.of(q -> q.bool(b -> b
                .should(s -> s.term(t -> t.field("year").value(year)))
                .should(SubjectQueries.terms("itemCodes", itemCodes.isEmpty() ? List.of("\u0000") : itemCodes))
                .minimumShouldMatch("1")
                .mustNot(m -> m.term(t -> t.field("taskId").value(exceptTask)))));
        walk("draws", query, "id", List.of("id", "taskId", "itemCodes", "year", "selectedCodes", SELECTED_LINES, LINES_ID, SELECTED_PARTS), 200, hit -> {
            List<String> codes = new ArrayList<>();
            if (hit.hasNonNull(LINES_ID)) {
                forEachPartLine(hit.path("id").asText(), json.convertValue(hit, Map.class), SELECTED,
                        line -> codes.add(line.substring(0, line.indexOf('\t'))));
            } else if (hit.hasNonNull(SELECTED_LINES)) {
                forEachLine(hit.get(SELECTED_LINES).asText(), line -> codes.add(line.substring(0, line.indexOf('\t'))));
            } else {
                hit.path("selectedCodes").forEach(c -> codes.add(c.asText()));
            }
            each.accept(new PastDraw(hit.path("taskId").asText(), json.convertValue(hit.path("itemCodes"), List.class),
                    hit.hasNonNull("year") ? hit.get("year").asInt() : null, codes));
        });
    }

    /**
     * Codes of subjects checked for any of the items on or after {@code since}, each with the task of
     * such an inspection (its public evidence; {@code item@date} when the inspection names no task).
     */
    public void recentlyChecked(List<String> itemCodes, LocalDate since, java.util.function.BiConsumer<String, String> each) {
        if (itemCodes.isEmpty()) {
            return;
        }
        Query query = Query.of(q -> q.nested(n -> n.path("lastInspections").query(nq -> nq.bool(b -> b
                .filter(SubjectQueries.terms("lastInspections.item", itemCodes))
                .filter(f -> f.range(r -> r.date(d -> d.field("lastInspections.date").gte(since.toString()))))))));
        java.util.Set<String> items = java.util.Set.copyOf(itemCodes);
        walk("subjects", query, "code", List.of("code", "lastInspections"), 10_000, hit -> {
            String code = hit.path("code").asText();
            boolean any = false;
            for (JsonNode li : hit.path("lastInspections")) {
                String date = li.path("date").asText("");
                if (items.contains(li.path("item").asText()) && date.compareTo(since.toString()) >= 0) {
                    each.accept(code, li.hasNonNull("taskId") ? li.get("taskId").asText() : li.path("item").asText() + "@" + date);
                    any = true;
                }
            }
            if (!any) {
                each.accept(code, null);
            }
        });
    }

    // ---- assignments ----

    /**
     * One assignment of a subject to an agency of a department in a task. Grouping writes one per
     * task, department and subject under {@code task:department:subject} (grouping twice writes the
     * same). The current assignment always stays under that id; a reassignment first copies the
     * old one to {@code …:<seq>} as REASSIGNED (pointing to the current one), then replaces the
     * current one, so a subject is never lost from a list and look-ups by id find where it is now.
     *
     * @param status coverage at grouping: ASSIGNED (an agency covers it) or UNCOVERED
     * @param state ACTIVE (null reads as ACTIVE), REASSIGNED (moved to {@code replacedBy}) or MOVED_OUT (left the district)
     * @param seq 0 (or null) for the current assignment; n for the history copy the n-th reassignment kept
     * @param inspectorIds inspectors drawn for the subject (empty until the department draws)
     * @param inspectorDrawId the draw or amendment record that staffed it
     * @param staffing STAFFED or UNSTAFFED once drawn
     * @param unstaffedReason why nobody could be drawn
     * @param replaces the assignment id this one took over from
     * @param replacedBy the assignment id that took over (REASSIGNED, MOVED_OUT)
     * @param note why the state changed (reassignment reason, substitute of …)
     * @param changedAt when the state last changed
     */
    public record Assignment(String taskId, String department, String agency, String subjectCode, String region, String stratum,
                             String status, OffsetDateTime assignedAt, String state, Integer seq, List<String> inspectorIds,
                             String inspectorDrawId, String staffing, String unstaffedReason, String replaces, String replacedBy,
                             String note, OffsetDateTime changedAt) {

        public Assignment {
            inspectorIds = inspectorIds == null ? List.of() : List.copyOf(inspectorIds);
        }

        public static final String ACTIVE = "ACTIVE";
        public static final String REASSIGNED = "REASSIGNED";
        public static final String MOVED_OUT = "MOVED_OUT";

        /** The grouping's assignment of a subject, ACTIVE and not yet staffed. */
        public static Assignment grouped(String taskId, String department, String agency, String subjectCode, String region, String stratum,
                                         String status, OffsetDateTime at) {
            return new Assignment(taskId, department, agency, subjectCode, region, stratum, status, at, ACTIVE, 0, List.of(), null, null,
                    null, null, null, null, at);
        }

        public static String idOf(String taskId, String department, String subjectCode, Integer seq) {
            String base = taskId + ":" + department + ":" + subjectCode;
            return seq == null || seq == 0 ? base : base + ":" + seq;
        }

        public String id() {
            return idOf(taskId, department, subjectCode, seq);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isActive() {
            return state == null || ACTIVE.equals(state);
        }

        public Assignment staffed(List<String> inspectors, String drawId, String newStaffing, String reason, OffsetDateTime at) {
            return new Assignment(taskId, department, agency, subjectCode, region, stratum, status, assignedAt, state, seq,
                    inspectors == null ? List.of() : List.copyOf(inspectors), drawId, newStaffing, reason, replaces, replacedBy, note, at);
        }

        /** The same assignment under another sequence number (history copies live under …:seq). */
        public Assignment withSeq(int newSeq) {
            return new Assignment(taskId, department, agency, subjectCode, region, stratum, status, assignedAt, state, newSeq, inspectorIds,
                    inspectorDrawId, staffing, unstaffedReason, replaces, replacedBy, note, changedAt);
        }

        public Assignment retired(String newState, String by, String why, OffsetDateTime at) {
            return new Assignment(taskId, department, agency, subjectCode, region, stratum, status, assignedAt, newState, seq, inspectorIds,
                    inspectorDrawId, staffing, unstaffedReason, replaces, by, why, at);
        }
    }

    public void writeAssignments(List<Assignment> assignments) {
        for (int from = 0; from < assignments.size(); from += 5000) {
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.WaitFor);
            for (Assignment a : assignments.subList(from, Math.min(assignments.size(), from + 5000))) {
                Map<?, ?> doc = json.convertValue(a, Map.class);
                bulk.operations(op -> op.index(i -> i.index(names.alias("assignments")).id(a.id()).document(doc)));
            }
            BulkResponse r = BackendErrors.call("assignments", () -> client.bulk(bulk.build()));
            if (r.errors()) {
                throw new IllegalStateException("writing assignments failed");
            }
        }
    }

    public List<Assignment> assignments(String taskId, String department) {
        Query query = Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("taskId").value(taskId)));
            if (department != null) {
                b.filter(f -> f.term(t -> t.field("department").value(department)));
            }
            return b;
        }));
        List<Assignment> result = new ArrayList<>();
        walk("assignments", query, "subjectCode", null, 5000, hit -> result.add(json.convertValue(hit, Assignment.class)));
        return result;
    }

    /**
     * Whether any assignment of the task was staffed by an inspector draw or is no longer active (moved,
     * reassigned, substituted): one count, not a read of every assignment.
     */
    public boolean anyStaffedOrRetired(String taskId) {
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("taskId").value(taskId)))
                .should(o -> o.exists(e -> e.field("inspectorDrawId")))
                .should(o -> o.bool(r -> r.filter(f -> f.exists(e -> e.field("state")))
                        .mustNot(n -> n.term(t -> t.field("state").value(Assignment.ACTIVE)))))
                .minimumShouldMatch("1")));
        return BackendErrors.call("assignments", () -> client.count(c -> c.index(names.alias("assignments")).query(query))).count() > 0;
    }

    /**
     * The assignments (current and history) of the given subjects in a task, or in one department's
     * part of it: what an operation on a few subjects (a substitution, a move, a reassignment, a
     * hand-over) reads, instead of the part's every assignment — a province's draw has hundreds of
     * thousands.
     */
    public List<Assignment> assignments(String taskId, String department, java.util.Collection<String> subjectCodes) {
        List<String> codes = subjectCodes.stream().filter(java.util.Objects::nonNull).distinct().toList();
        List<Assignment> result = new ArrayList<>();
        // index.max_terms_count (65,536 by default) bounds a terms query: large lists go in slices
        for (int from = 0; from < codes.size(); from += 10_000) {
            List<FieldValue> slice = codes.subList(from, Math.min(codes.size(), from + 10_000)).stream().map(FieldValue::of).toList();
            Query query = Query.of(q -> q.bool(b -> {
                b.filter(f -> f.term(t -> t.field("taskId").value(taskId)));
                if (department != null) {
                    b.filter(f -> f.term(t -> t.field("department").value(department)));
                }
                return b.filter(f -> f.terms(t -> t.field("subjectCode").terms(v -> v.value(slice))));
            }));
            walk("assignments", query, "subjectCode", null, 5000, hit -> result.add(json.convertValue(hit, Assignment.class)));
        }
        return result;
    }

    /** Visits every hit of {@code query} over a point in time, sorted by a unique field. */
    void walk(String logical, Query query, String sortField, List<String> fields, int pageSize, Consumer<JsonNode> each) {
        String pit = BackendErrors.call(logical, () -> client.openPointInTime(p -> p.index(names.alias(logical))
                .keepAlive(Time.of(t -> t.time("2m")))).id());
        try {
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> searchAfter = after;
                String pitId = pit;
                SearchResponse<JsonNode> r = BackendErrors.call(logical, () -> client.search(s -> {
                    s.pit(p -> p.id(pitId).keepAlive(Time.of(t -> t.time("2m")))).size(pageSize).query(query)
                            .sort(o -> o.field(f -> f.field(sortField))).trackTotalHits(t -> t.enabled(false));
                    if (fields != null) {
                        s.source(src -> src.filter(f -> f.includes(fields)));
                    }
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, JsonNode.class));
                if (r.pitId() != null) {
                    pit = r.pitId();
                }
                for (Hit<JsonNode> hit : r.hits().hits()) {
                    each.accept(hit.source());
                    after = hit.sort();
                }
                if (r.hits().hits().size() < pageSize) {
                    return;
                }
            }
        } finally {
            String toClose = pit;
            try {
                client.closePointInTime(c -> c.id(toClose));
            } catch (IOException | RuntimeException ignored) {
                // expires on its own
            }
        }
    }
}
