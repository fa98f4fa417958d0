package io.spotcheck.draw;

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
import java.io.Reader;
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

    private final ElasticsearchClient client;
    private final RestClient rest;
    private final IndexNames names;
    private final ObjectMapper json;

    public DrawStore(ElasticsearchClient client, RestClient rest, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.rest = rest;
        this.names = names;
        this.json = json;
    }

    // ---- draw records ----

    /**
     * Writes the record once ({@code _create} under a fixed id, so a second draw conflicts).
     * {@code refresh=true} rather than wait_for: the record is searchable (open-task exclusions of
     * the next draw) when this returns, without waiting up to a refresh interval — a draw happens a
     * few times a day. The record of a large draw runs to megabytes: its body is streamed into pieces
     * ({@link PiecedBody}) and sent by the low-level client, so no single array of that size is ever
     * built (the Java client and Spring Data would render it as one string, then one map, then one
     * array). Failures are translated by {@link BackendErrors}.
     */
    public boolean create(DrawRecord record) {
        Request request = new Request("PUT", "/" + names.alias("draws") + "/_create/"
                + URLEncoder.encode(record.id(), StandardCharsets.UTF_8));
        request.addParameter("refresh", "true");
        request.setEntity(storedBody(record).entity());
        try {
            BackendErrors.call("draw " + record.id(), () -> rest.performRequest(request));
            return true;
        } catch (VersionConflict e) {
            return false;
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

    public DrawRecord record(String id) {
        GetResponse<Map> r = BackendErrors.call("draw " + id, () -> client.get(g -> g.index(names.alias("draws")).id(id), Map.class));
        return r.found() ? fromStored(r.source()) : null;
    }

    static final String SELECTED_LINES = "selectedLines";
    static final String EXCLUSION_LINES = "exclusionLines";

    /**
     * The stored form: the record's fields, with its two long lists as text lines instead of tens of
     * thousands of JSON objects — {@code code TAB stratum TAB region TAB kind TAB reason} per drawn
     * subject and {@code code TAB reason} per exclusion — which Elasticsearch parses, stores and returns
     * as one string instead of as many objects. The mapping leaves the two strings unparsed ({@code enabled: false}):
     * Elasticsearch skips over them into the source rather than decoding megabytes into a field it never indexes.
     * Ranks are not stored: each is SHA-256(seed ":" code), recomputed on read.
     * Absent fields are left out, as the typed client left them out. The lines are streamed into the
     * JSON string, never held as one string.
     */
    PiecedBody storedBody(DrawRecord record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> head = json.convertValue(record.withLists(null, null, null), Map.class);
        head.remove("exclusions");
        head.remove("selected");
        head.remove("selectedCodes");
        boolean keyed = record.isVersion2();
        // Version 2 adds the evidence of an exclusion.
        java.util.function.BiConsumer<SubjectDrawAlgorithm.Exclusion, StringBuilder> exclusionLine = (e, line) -> {
            line.append(e.code()).append('\t').append(e.reason());
            if (keyed) {
                line.append('\t');
                if (!e.evidence().isEmpty()) {
                    line.append(String.join(",", e.evidence()));
                }
            }
            line.append('\n');
        };
        // A long exclusion list (often the larger part of the record) is rendered on a thread of its own meanwhile.
        java.util.concurrent.CompletableFuture<PiecedBody> exclusionString = record.exclusions().size() < PARALLEL_EXCLUSIONS ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> jsonString(new LinesReader<>(record.exclusions(), exclusionLine)),
                        task -> {
                            Thread t = new Thread(task, "draw-record-render");
                            t.setDaemon(true);
                            t.start();
                        });
        PiecedBody body = new PiecedBody();
        try (JsonGenerator out = json.getFactory().createGenerator(body)) {
            out.writeStartObject();
            for (Map.Entry<String, Object> field : head.entrySet()) {
                if (field.getValue() != null) {
                    out.writeFieldName(field.getKey());
                    json.writeValue(out, field.getValue());
                }
            }
            out.writeFieldName(SELECTED_LINES);
            // Version 2 adds the key (the rank is computed on it).
            out.writeString(new LinesReader<>(record.selected(), (s, line) -> {
                line.append(s.code()).append('\t').append(s.stratum()).append('\t').append(s.region()).append('\t').append(s.kind())
                        .append('\t').append(s.reason());
                if (keyed) {
                    line.append('\t').append(s.key());
                }
                line.append('\n');
            }), -1);
            out.writeFieldName(EXCLUSION_LINES);
            if (exclusionString == null) {
                out.writeString(new LinesReader<>(record.exclusions(), exclusionLine), -1);
            } else {
                // the field's value is the string rendered meanwhile, put in place as it is
                out.writeRawValue("");
                out.flush();
                body.append(exclusionString.join());
            }
            out.writeEndObject();
        } catch (IOException | java.util.concurrent.CompletionException e) {
            // the body is written to memory: only a record Jackson cannot render gets here
            throw new IllegalStateException("draw " + record.id() + " could not be rendered", e);
        }
        return body;
    }

    /** Exclusions from which {@link #storedBody} renders their lines on a thread of their own. */
    static final int PARALLEL_EXCLUSIONS = 20_000;

    /** The text of {@code text} as one JSON string value, quotes included, escaped as the record's own generator escapes. */
    private PiecedBody jsonString(Reader text) {
        PiecedBody string = new PiecedBody();
        try (JsonGenerator out = json.getFactory().createGenerator(string)) {
            out.writeString(text, -1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return string;
    }

    /** The lines of a list, rendered one at a time as they are read. */
    static final class LinesReader<T> extends Reader {

        private final java.util.Iterator<T> items;
        private final java.util.function.BiConsumer<T, StringBuilder> render;
        private final StringBuilder line = new StringBuilder(128);
        private int position;

        LinesReader(List<T> items, java.util.function.BiConsumer<T, StringBuilder> render) {
            this.items = items.iterator();
            this.render = render;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (position == line.length()) {
                    if (!items.hasNext()) {
                        break;
                    }
                    line.setLength(0);
                    position = 0;
                    render.accept(items.next(), line);
                }
                int n = Math.min(length - written, line.length() - position);
                line.getChars(position, position + n, buffer, offset + written);
                position += n;
                written += n;
            }
            return written == 0 && length > 0 ? -1 : written;
        }

        @Override
        public void close() {
        }
    }

    /** Reads either stored form: text lines, or (records written before them) JSON lists. */
    @SuppressWarnings("unchecked")
    DrawRecord fromStored(Map<String, Object> source) {
        Object selectedLines = source.get(SELECTED_LINES);
        if (selectedLines == null) {
            return json.convertValue(source, DrawRecord.class);
        }
        Map<String, Object> rest = new java.util.HashMap<>(source);
        rest.remove(SELECTED_LINES);
        Object exclusionLines = rest.remove(EXCLUSION_LINES);
        DrawRecord r = json.convertValue(rest, DrawRecord.class);
        SubjectDrawAlgorithm.Ranker ranker = new SubjectDrawAlgorithm.Ranker(r.seed());
        List<SubjectDrawAlgorithm.Selected> selected = new ArrayList<>(r.selectedCount() == null ? 16 : r.selectedCount());
        forEachLine((String) selectedLines, line -> {
            String[] f = line.split("\t", -1);
            String key = f.length > 5 ? f[5] : f[0];
            selected.add(new SubjectDrawAlgorithm.Selected(f[0], f[1], f[2], f[3], Sha256.hex(ranker.rank(key)), f[4], key));
        });
        List<SubjectDrawAlgorithm.Exclusion> exclusions = new ArrayList<>();
        forEachLine(exclusionLines == null ? "" : (String) exclusionLines, line -> {
            String[] f = line.split("\t", -1);
            exclusions.add(new SubjectDrawAlgorithm.Exclusion(f[0], f[1],
                    f.length > 2 && !f[2].isEmpty() ? List.of(f[2].split(",")) : List.of()));
        });
        return r.withLists(List.copyOf(exclusions), List.copyOf(selected), selected.stream().map(SubjectDrawAlgorithm.Selected::code).toList());
    }

    private static void forEachLine(String text, Consumer<String> each) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                each.accept(text.substring(start, end));
            }
            start = end + 1;
        }
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
        walk("draws", query, "id", List.of("taskId", "itemCodes", "year", "selectedCodes", SELECTED_LINES), 200, hit -> {
            List<String> codes = new ArrayList<>();
            if (hit.hasNonNull(SELECTED_LINES)) {
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
