package io.spotcheck.inspector;

import io.spotcheck.api.FacetBucket;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.inspector.InspectorFilter.CertificateState;
import io.spotcheck.search.IndexNames;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.io.IOException;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.Retries;
import io.spotcheck.persistence.VersionConflict;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of the inspector directory: reads, optimistic writes, the faceted
 * search behind {@code inspectors}, and the batch operations the task engine needs
 * ({@link #eligibleCandidates}, {@link #recordDraw}). No scripts: counters are read, computed here
 * and written back as partial documents guarded by sequence numbers.
 */
@Component
public class InspectorDirectory {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_COUNTED_IDS = 100;
    private static final String PIT_KEEP_ALIVE = "2m";

    private final ElasticsearchClient client;
    private final IndexNames names;

    public InspectorDirectory(ElasticsearchClient client, IndexNames names) {
        this.client = client;
        this.names = names;
    }

    /** A stored inspector with the sequence number and primary term that guard its next write. */
    public record Stored(Inspector inspector, long seqNo, long primaryTerm) {}

    /** Which inspectors a reader may see: all (both null), one department, or one agency of it. */
    public record Visibility(String department, String agency) {
        public static final Visibility ALL = new Visibility(null, null);

        public boolean allows(Inspector i) {
            return (department == null || department.equals(i.department())) && (agency == null || agency.equals(i.agency()));
        }
    }

    public enum SortField { NAME, DRAWS_THIS_YEAR, CERTIFICATE_VALID_UNTIL, UPDATED_AT }

    /**
     * One page request; {@code pit}/{@code after} come from a decoded cursor (both null on the first page).
     * {@code recusedForHidden}: the filter's {@code recusedFor} names a person the reader may not search
     * by ID number, so it matches nothing, as a code nobody is recused for does.
     */
    public record Page(InspectorFilter filter, Visibility visibility, SortField sort, boolean descending, int size,
                       String pit, List<Object> after, LocalDate today, boolean recusedForHidden) {}


    public record PageResult(List<Inspector> inspectors, List<List<Object>> sortValues, boolean hasNext, long total,
                             String pit, Map<String, List<FacetBucket>> facets) {}

    private String alias() {
        return names.alias("inspectors");
    }

    public Optional<Stored> get(String id) {
        try {
            GetResponse<Inspector> response = client.get(g -> g.index(alias()).id(id), Inspector.class);
            if (!response.found() || response.source() == null) {
                return Optional.empty();
            }
            return Optional.of(new Stored(response.source(), response.seqNo(), response.primaryTerm()));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** One request for any number of ids; missing ids are absent from the map. */
    public Map<String, Stored> getAll(Collection<String> ids) {
        Map<String, Stored> result = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(ids));
        if (wanted.isEmpty()) {
            return result;
        }
        try {
            MgetResponse<Inspector> response = client.mget(m -> m.index(alias()).ids(wanted), Inspector.class);
            for (MultiGetResponseItem<Inspector> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().source() != null) {
                    result.put(item.result().id(), new Stored(item.result().source(),
                            Objects.requireNonNullElse(item.result().seqNo(), 0L), Objects.requireNonNullElse(item.result().primaryTerm(), 1L)));
                }
            }
            return result;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** Creates a new inspector; false when the id exists already. */
    public boolean create(Inspector inspector) {
        try {
            client.create(c -> c.index(alias()).id(inspector.id()).document(inspector).refresh(Refresh.WaitFor));
            return true;
        } catch (ElasticsearchException | IOException e) {
            if (status(e) == 409) {
                return false;
            }
            throw rethrow(e);
        }
    }

    /** Replaces an inspector if nobody changed it since it was read; false on a concurrent change. */
    public boolean replace(Inspector inspector, long seqNo, long primaryTerm) {
        try {
            client.index(i -> i.index(alias()).id(inspector.id()).document(inspector)
                    .ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm).refresh(Refresh.WaitFor));
            return true;
        } catch (ElasticsearchException | IOException e) {
            if (status(e) == 409) {
                return false;
            }
            throw rethrow(e);
        }
    }

    public long count() {
        try {
            return client.count(c -> c.index(alias())).count();
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** Writes inspectors that do not exist yet (op_type create); existing ids are left as they are. */
    public int createAll(List<Inspector> inspectors) {
        int created = 0;
        try {
            for (int from = 0; from < inspectors.size(); from += 500) {
                BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
                for (Inspector inspector : inspectors.subList(from, Math.min(inspectors.size(), from + 500))) {
                    bulk.operations(op -> op.create(c -> c.index(alias()).id(inspector.id()).document(inspector)));
                }
                BulkResponse response = client.bulk(bulk.build());
                for (BulkResponseItem item : response.items()) {
                    if (item.error() == null) {
                        created++;
                    } else if (item.status() != 409) {
                        throw new IllegalStateException("inspector " + item.id() + " rejected: " + item.error().reason());
                    }
                }
            }
            return created;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * Every inspector of the given agencies of a department, whatever its status (the draw decides
     * eligibility and reports why others were excluded). Agencies are small, but the walk pages by
     * id with search_after so no size limit applies.
     */
    public List<Inspector> eligibleCandidates(String department, Collection<String> agencyIds) {
        List<Inspector> result = new ArrayList<>();
        if (agencyIds.isEmpty()) {
            return result;
        }
        List<FieldValue> agencies = agencyIds.stream().distinct().map(FieldValue::of).toList();
        Query query = Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("department").value(department)))
                .filter(f -> f.terms(t -> t.field("agency").terms(v -> v.value(agencies))))));
        try {
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> searchAfter = after;
                SearchResponse<Inspector> page = client.search(s -> {
                    s.index(alias()).query(query).size(1000).sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, Inspector.class);
                List<Hit<Inspector>> hits = page.hits().hits();
                hits.forEach(h -> result.add(h.source()));
                if (hits.size() < 1000) {
                    return result;
                }
                after = hits.get(hits.size() - 1).sort();
            }
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * Counts a draw in the drawn inspectors' workload: {@code subjectsPerInspector} subjects each,
     * once per {@code drawId} however often it is called (the id is kept in the inspector's recent
     * draw ids). Read-compute-write with sequence-number guards, retried on concurrent changes.
     *
     * @return inspectors whose counters changed (already-counted and unknown ids are not)
     */
    public int recordDraw(String drawId, Map<String, Integer> subjectsPerInspector, Instant at) {
        return bump(drawId, subjectsPerInspector, at, true);
    }

    /** Counts an inspection (a result entered) for its inspectors, once per {@code inspectionId}. */
    public int recordInspection(String inspectionId, Collection<String> inspectorIds, Instant at) {
        Map<String, Integer> one = new LinkedHashMap<>();
        inspectorIds.forEach(id -> one.put(id, 1));
        return bump(inspectionId, one, at, false);
    }

    private int bump(String eventId, Map<String, Integer> counts, Instant at, boolean draw) {
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("event id required");
        }
        int year = at.atZone(ZONE).getYear();
        Set<String> pending = new LinkedHashSet<>(counts.keySet());
        java.util.concurrent.atomic.AtomicInteger changed = new java.util.concurrent.atomic.AtomicInteger();
        // Each attempt reads the inspectors still pending afresh; those whose write lost go round again.
        return Retries.onConflict(() -> {
            Map<String, Stored> current = getAll(pending);
            pending.retainAll(current.keySet());
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.WaitFor);
            List<String> sent = new ArrayList<>();
            for (String id : pending) {
                Stored stored = current.get(id);
                Inspector.Workload w = stored.inspector().workload().asOf(year);
                List<String> seen = draw ? w.drawIds() : w.inspectionIds();
                if (seen.contains(eventId)) {
                    continue;
                }
                List<String> updatedIds = new ArrayList<>(seen);
                updatedIds.add(eventId);
                if (updatedIds.size() > MAX_COUNTED_IDS) {
                    updatedIds = updatedIds.subList(updatedIds.size() - MAX_COUNTED_IDS, updatedIds.size());
                }
                int n = counts.get(id);
                Instant last = draw && (w.lastDrawnAt() == null || at.isAfter(w.lastDrawnAt())) ? at : w.lastDrawnAt();
                Map<String, Object> workload = new HashMap<>();
                workload.put("year", year);
                workload.put("drawsThisYear", w.drawsThisYear() + (draw ? n : 0));
                workload.put("inspectionsThisYear", w.inspectionsThisYear() + (draw ? 0 : n));
                workload.put("lastDrawnAt", last == null ? null : last.toString());
                workload.put("drawIds", draw ? updatedIds : w.drawIds());
                workload.put("inspectionIds", draw ? w.inspectionIds() : updatedIds);
                Map<String, Object> partial = Map.of("workload", workload, "updatedAt", at.toString());
                bulk.operations(op -> op.update(u -> u.index(alias()).id(id).ifSeqNo(stored.seqNo()).ifPrimaryTerm(stored.primaryTerm())
                        .action(a -> a.doc(partial))));
                sent.add(id);
            }
            if (sent.isEmpty()) {
                return changed.get();
            }
            Set<String> retry = new LinkedHashSet<>();
            BulkResponse response = BackendErrors.call("inspector workloads", () -> client.bulk(bulk.build()));
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    changed.incrementAndGet();
                } else if (item.status() == 409) {
                    retry.add(item.id());
                } else {
                    throw new IllegalStateException("workload of " + item.id() + " not updated: " + item.error().reason());
                }
            }
            pending.clear();
            pending.addAll(retry);
            if (!pending.isEmpty()) {
                throw new VersionConflict("the workload of " + pending.size() + " inspectors");
            }
            return changed.get();
        }, () -> {
            throw SpotcheckException.conflict("inspector workload kept changing concurrently; retry recording " + eventId);
        });
    }

    // ------------------------------------------------------------------ faceted search

    static final List<String> FACETS = List.of("department", "agency", "status", "qualification", "certificate");

    /** One page of the faceted search, on a point-in-time so a walk over all pages is consistent. */
    public PageResult search(Page page) {
        InspectorFilter filter = page.filter() == null ? InspectorFilter.NONE : page.filter();
        LocalDate day = filter.certificateOn() != null ? filter.certificateOn() : page.today();
        String pit = page.pit();
        boolean opened = false;
        try {
            if (pit == null) {
                pit = client.openPointInTime(p -> p.index(alias()).keepAlive(k -> k.time(PIT_KEEP_ALIVE))).id();
                opened = true;
            }
            String pitId = pit;
            SearchRequest.Builder s = new SearchRequest.Builder()
                    .pit(p -> p.id(pitId).keepAlive(k -> k.time(PIT_KEEP_ALIVE)))
                    .query(baseQuery(filter, page.visibility(), page.recusedForHidden()))
                    .postFilter(selections(filter, day, f -> true))
                    .size(page.size() + 1)
                    .trackTotalHits(t -> t.enabled(true));
            String sortField = switch (page.sort()) {
                case NAME -> "name.raw";
                case DRAWS_THIS_YEAR -> "workload.drawsThisYear";
                case CERTIFICATE_VALID_UNTIL -> "certificateValidUntil";
                case UPDATED_AT -> "updatedAt";
            };
            SortOrder order = page.descending() ? SortOrder.Desc : SortOrder.Asc;
            s.sort(o -> o.field(f -> f.field(sortField).order(order).missing("_last")));
            s.sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
            if (page.after() != null) {
                s.searchAfter(page.after().stream().map(InspectorDirectory::fieldValue).toList());
            }
            for (String facet : FACETS) {
                s.aggregations(facet, facetAggregation(facet, filter, day));
            }
            SearchResponse<Inspector> response = client.search(s.build(), Inspector.class);
            String newPit = response.pitId() != null ? response.pitId() : pit;
            List<Hit<Inspector>> hits = response.hits().hits();
            boolean hasNext = hits.size() > page.size();
            List<Hit<Inspector>> shown = hasNext ? hits.subList(0, page.size()) : hits;
            List<Inspector> inspectors = shown.stream().map(Hit::source).toList();
            List<List<Object>> sortValues = shown.stream().map(h -> h.sort().stream().map(FieldValue::_get).toList()).toList();
            if (!hasNext) {
                close(newPit);
            }
            return new PageResult(inspectors, sortValues, hasNext, response.hits().total() == null ? inspectors.size() : response.hits().total().value(),
                    hasNext ? newPit : null, facets(response));
        } catch (ElasticsearchException | IOException e) {
            int status = status(e);
            if (opened) {
                close(pit);
            }
            // An expired or unknown point-in-time: 404, error type search_context_missing_exception.
            if (!opened && (status == 404 || e instanceof ElasticsearchException ee && ee.error() != null
                    && "search_context_missing_exception".equals(ee.error().type()))) {
                throw new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor has expired; start again without 'after'");
            }
            if (status == 400 && page.after() != null) {
                throw new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor is not valid; start again without 'after'");
            }
            throw rethrow(e);
        }
    }

    /** The HTTP status of a failed request, however the client reported it; 0 when there was no answer. */
    static int status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ElasticsearchException ee) {
                return ee.status();
            }
            if (t instanceof co.elastic.clients.transport.TransportException te && te.statusCode() > 0) {
                return te.statusCode();
            }
            if (t instanceof org.elasticsearch.client.ResponseException re) {
                return re.getResponse().getStatusLine().getStatusCode();
            }
        }
        return 0;
    }

    private static RuntimeException rethrow(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        return BackendErrors.translate(e);
    }

    private void close(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | ElasticsearchException e) {
            // It expires by itself within the keep-alive.
        }
    }

    private static FieldValue fieldValue(Object value) {
        if (value == null) {
            return FieldValue.NULL;
        }
        if (value instanceof Number n) {
            return (n instanceof Double || n instanceof Float) ? FieldValue.of(n.doubleValue()) : FieldValue.of(n.longValue());
        }
        if (value instanceof Boolean b) {
            return FieldValue.of(b);
        }
        return FieldValue.of(value.toString());
    }

    /** Visibility, text and the non-facet filters; facet selections go to the post filter. */
    static Query baseQuery(InspectorFilter f, Visibility visibility, boolean recusedForHidden) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (visibility.department() != null) {
            bool.filter(term("department", visibility.department()));
        }
        if (visibility.agency() != null) {
            bool.filter(term("agency", visibility.agency()));
        }
        if (f.text() != null && !f.text().isBlank()) {
            for (String word : f.text().trim().split("[\\s\\u3000]+")) {
                if (!word.isEmpty()) {
                    bool.must(m -> m.matchPhrase(p -> p.field("name").query(word)));
                }
            }
        }
        if (f.ids() != null && !f.ids().isEmpty()) {
            bool.filter(terms("id", f.ids()));
        }
        if (f.qualificationsAll() != null) {
            for (Qualification q : f.qualificationsAll()) {
                bool.filter(term("qualifications", q.name()));
            }
        }
        if (f.recusedFor() != null && !f.recusedFor().isBlank()) {
            // a hidden person's code still costs the same request, and its answer is that of an unknown code
            bool.filter(recusedForHidden ? Query.of(q -> q.matchNone(n -> n)) : term("recusals.subjectCode", f.recusedFor().trim()));
        }
        return bool.build()._toQuery();
    }

    /** The facet selections, each but the excluded ones: a facet counts with every selection but its own. */
    static Query selections(InspectorFilter f, LocalDate day, Predicate<String> include) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (f.departments() != null && !f.departments().isEmpty() && include.test("department")) {
            bool.filter(terms("department", f.departments()));
        }
        if (f.agencies() != null && !f.agencies().isEmpty() && include.test("agency")) {
            bool.filter(terms("agency", f.agencies()));
        }
        if (f.statuses() != null && !f.statuses().isEmpty() && include.test("status")) {
            bool.filter(terms("status", f.statuses().stream().map(Enum::name).toList()));
        }
        if (f.qualificationsAny() != null && !f.qualificationsAny().isEmpty() && include.test("qualification")) {
            bool.filter(terms("qualifications", f.qualificationsAny().stream().map(Enum::name).toList()));
        }
        if (f.certificate() != null && !f.certificate().isEmpty() && include.test("certificate")) {
            bool.filter(b -> b.bool(any -> {
                for (CertificateState state : f.certificate()) {
                    any.should(certificateQuery(state, day));
                }
                return any.minimumShouldMatch("1");
            }));
        }
        return bool.build()._toQuery();
    }

    static Query certificateQuery(CertificateState state, LocalDate day) {
        String d = day.toString();
        return switch (state) {
            case VALID -> Query.of(q -> q.bool(b -> b
                    .filter(f -> f.range(r -> r.date(x -> x.field("certificateValidFrom").lte(d))))
                    .filter(f -> f.range(r -> r.date(x -> x.field("certificateValidUntil").gte(d))))));
            case EXPIRED -> Query.of(q -> q.range(r -> r.date(x -> x.field("certificateValidUntil").lt(d))));
            case NOT_YET_VALID -> Query.of(q -> q.range(r -> r.date(x -> x.field("certificateValidFrom").gt(d))));
            case NONE -> Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("certificateValidUntil")))));
        };
    }

    private static Aggregation facetAggregation(String facet, InspectorFilter filter, LocalDate day) {
        Query others = selections(filter, day, f -> !f.equals(facet));
        Aggregation inner;
        if (facet.equals("certificate")) {
            Map<String, Query> keyed = new LinkedHashMap<>();
            for (CertificateState state : CertificateState.values()) {
                keyed.put(state.name(), certificateQuery(state, day));
            }
            inner = Aggregation.of(a -> a.filters(x -> x.filters(b -> b.keyed(keyed))));
        } else {
            String field = switch (facet) {
                case "qualification" -> "qualifications";
                default -> facet;
            };
            inner = Aggregation.of(a -> a.terms(t -> t.field(field).size(200)));
        }
        return Aggregation.of(a -> a.filter(others).aggregations("values", inner));
    }

    private static Map<String, List<FacetBucket>> facets(SearchResponse<Inspector> response) {
        Map<String, List<FacetBucket>> result = new TreeMap<>();
        for (String facet : FACETS) {
            var values = response.aggregations().get(facet).filter().aggregations().get("values");
            List<FacetBucket> buckets = new ArrayList<>();
            if (facet.equals("certificate")) {
                values.filters().buckets().keyed().forEach((k, b) -> buckets.add(new FacetBucket(k, b.docCount())));
            } else {
                for (StringTermsBucket b : values.sterms().buckets().array()) {
                    buckets.add(new FacetBucket(b.key().stringValue(), b.docCount()));
                }
            }
            result.put(facet, buckets);
        }
        return result;
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static Query terms(String field, List<String> values) {
        List<FieldValue> v = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(x -> x.value(v))));
    }

}
