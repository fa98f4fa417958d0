package io.spotcheck.subject;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.api.FacetBucket;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.PitHandles;
import io.spotcheck.search.IndexNames;
import io.spotcheck.system.SpotcheckException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds and runs every subject search: the page of hits, the exact total and all disjunctive
 * facets come back from ONE Elasticsearch request. Facet selections go to {@code post_filter}, and
 * each facet counts inside a filter aggregation holding every facet selection but its own, so a
 * facet's counts ignore that facet's own selection while hits and total honour all of them.
 *
 * <p>Paging is forward-only on {@code search_after} with {@code code} as the final tiebreaker. A
 * first page is always one request; a point-in-time is opened when a client actually pages (comes
 * back with a cursor that has none) and then travels inside the cursor as a short handle (search/PitHandles). If it has expired, the walk continues on the alias with the
 * same sort values: the unique tiebreaker keeps it free of repeats and gaps for unchanged subjects.
 */
@Component
public class SubjectSearch {

    private static final Logger log = LoggerFactory.getLogger(SubjectSearch.class);

    public static final int MAX_PAGE = 200;
    static final String PIT_KEEP_ALIVE = "5m";

    /** A facet: its GraphQL name, the SubjectQueries field name of its selection, the indexed field. */
    public record Facet(String name, String filterField, String esField, int size) {}

    public static final List<Facet> FACETS = List.of(
            new Facet("kind", "kinds", "kind", 10),
            new Facet("type", "types", "type", 20),
            new Facet("status", "statuses", "status", 10),
            new Facet("jurisdiction", "regionCodes", "regionCode", 200),
            new Facet("riskClass", "riskClasses", "risk.comprehensive", 10),
            new Facet("tags", "tags", "tagKeys", 100),
            new Facet("lists", "lists", "lists", 10),
            new Facet("findings", "findings", "findings", 100));

    static final Facet INDUSTRY = new Facet("industry", "industryCodes", "industryPath", 100);

    static final Set<String> FACET_FIELDS = Set.of("kinds", "types", "statuses", "regionCodes", "riskClasses", "tags",
            "lists", "industryCodes", "findings");

    /** What the caller selected, so nothing unasked is computed. */
    public record Wants(boolean totalCount, boolean facets, List<String> industryUnders, boolean cursors) {

        public static final Wants HITS = new Wants(false, false, List.of(), false);
    }


    /** One hit and the sort values that position it. */
    public record Row(Subject subject, List<FieldValue> sort) {}

    /**
     * @param facets counts per facet name
     * @param industry children counts per drilled prefix ("" for the sections)
     * @param pit point-in-time the next page reads, or null
     */
    public record Result(List<Row> rows, boolean hasNextPage, Long total, Map<String, List<FacetBucket>> facets,
                         Map<String, List<FacetBucket>> industry, String pit, String fingerprint) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final CursorCodec cursors;
    private final PitHandles pits;

    /** For tests without Redis: walks read on without a point in time. */
    public SubjectSearch(ElasticsearchClient client, IndexNames names, String cursorSecret) {
        this(client, names, new CursorCodec(cursorSecret), PitHandles.none());
    }

    @org.springframework.beans.factory.annotation.Autowired
    public SubjectSearch(ElasticsearchClient client, IndexNames names, CursorCodec cursors, PitHandles pits) {
        this.client = client;
        this.names = names;
        this.cursors = cursors;
        this.pits = pits;
    }

    public Result search(SubjectFilter filter, SubjectSort requestedSort, int first, String after, Wants wants) {
        return search(filter, requestedSort, first, after, wants, true);
    }

    /**
     * @param personsInClear false for a caller who sees natural persons masked
     *     ({@link IdentifierMasking#seesIdentifiers}): text, name prefix and codes do not match persons,
     *     sorting by name is refused unless the filter leaves persons out, and the code order (also
     *     the tiebreaker) becomes the public member key order (docs/SUBJECT-SEARCH.md, "Masked callers").
     */
    public Result search(SubjectFilter filter, SubjectSort requestedSort, int first, String after, Wants wants, boolean personsInClear) {
        if (first < 1 || first > MAX_PAGE) {
            throw SpotcheckException.badInput("first", "first must be between 1 and " + MAX_PAGE);
        }
        SubjectFilterValidation.validate(filter);
        SubjectSort sort = SubjectSort.orDefault(requestedSort, filter);
        if (!personsInClear) {
            SubjectFilterValidation.refuseGuesses(filter, sort);
        }
        String fingerprint = fingerprint(filter, sort) + (personsInClear ? "" : ":key");
        CursorCodec.Position cursor = after == null ? null : cursors.decode(after, fingerprint);
        try {
            return run(filter, sort, first, cursor, wants, fingerprint, personsInClear);
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * The sort values end with the subject's code, which for a natural person is an identifier the
     * caller may only see masked: the codec encrypts them.
     */
    public String encode(Integer pitHandle, List<FieldValue> sortValues, String fingerprint) {
        List<Object> after = new ArrayList<>(sortValues.size());
        for (FieldValue v : sortValues) {
            after.add(v.isNull() ? null : v._get());
        }
        return cursors.encode(fingerprint, pitHandle, after);
    }

    /** A short handle for the page's point in time, kept as long as the point in time; null without one. */
    public Integer pitHandle(String pit) {
        return pits.handle(pit, java.time.Duration.ofMinutes(5));
    }

    static SpotcheckException invalidCursor() {
        return new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_CURSOR,
                "the cursor is not valid; start again without 'after'");
    }

    public Subject get(String code) {
        try {
            var response = client.get(g -> g.index(names.alias("subjects")).id(code), Subject.class);
            return response.found() ? response.source() : null;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** The subject whose public member key this is (for a natural person, the NP key), or null. */
    public Subject byPublicKey(String key) {
        try {
            var response = client.search(s -> s.index(names.alias("subjects")).size(1)
                    .query(q -> q.term(t -> t.field("publicKey").value(key))), Subject.class);
            return response.hits().hits().isEmpty() ? null : response.hits().hits().get(0).source();
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    static String fingerprint(SubjectFilter filter, SubjectSort sort) {
        return CursorCodec.fingerprint(String.valueOf(filter), sort.field(), sort.direction());
    }

    private Result run(SubjectFilter filter, SubjectSort sort, int first, CursorCodec.Position cursor, Wants wants, String fingerprint,
                       boolean clear) throws IOException {
        String pit = cursor == null ? null : pits.pit(cursor.pit(), java.time.Duration.ofMinutes(5));
        List<FieldValue> searchAfter = cursor == null ? null : toFieldValues(cursor.after());
        // Callers who see persons masked sort by public key before code: one sort value more.
        int length = sortLength(sort) + (clear ? 0 : 1);
        if (searchAfter != null && searchAfter.size() != length) {
            throw invalidCursor();
        }
        if (cursor != null && pit == null && wants.cursors()) {
            // The client is paging: from here on it reads one frozen view of the index.
            pit = client.openPointInTime(p -> p.index(names.alias("subjects")).keepAlive(k -> k.time(PIT_KEEP_ALIVE))).id();
        }
        SearchResponse<Subject> response;
        try {
            response = client.search(request(filter, sort, first, searchAfter, pit, wants, clear), Subject.class);
        } catch (ElasticsearchException e) {
            if (pit == null || !pitGone(e)) {
                throw badAfterOrRethrow(e, searchAfter);
            }
            log.debug("point-in-time expired; continuing on the alias");
            pit = null;
            searchAfter = searchAfter.subList(0, Math.min(searchAfter.size(), length));
            try {
                response = client.search(request(filter, sort, first, searchAfter, null, wants, clear), Subject.class);
            } catch (ElasticsearchException again) {
                throw badAfterOrRethrow(again, searchAfter);
            }
        }
        List<Hit<Subject>> hits = response.hits().hits();
        boolean hasNext = hits.size() > first;
        List<Row> rows = new ArrayList<>(Math.min(first, hits.size()));
        for (int i = 0; i < Math.min(first, hits.size()); i++) {
            // Without the point in time's implicit tiebreaker: the sort ends with the unique code, which
            // orders the page alone, and Elasticsearch accepts search_after without it.
            List<FieldValue> sortValues = hits.get(i).sort();
            rows.add(new Row(hits.get(i).source(), sortValues.size() > length ? sortValues.subList(0, length) : sortValues));
        }
        if (pit != null && response.pitId() != null) {
            pit = response.pitId();
        }
        if (!hasNext && pit != null) {
            closeQuietly(pit);
            pit = null;
        }
        Long total = wants.totalCount() && response.hits().total() != null ? response.hits().total().value() : null;
        Map<String, List<FacetBucket>> facets = new LinkedHashMap<>();
        Map<String, List<FacetBucket>> industry = new LinkedHashMap<>();
        if (wants.facets()) {
            for (Facet facet : FACETS) {
                facets.put(facet.name(), buckets(response.aggregations().get("f_" + facet.name())));
            }
            List<String> unders = industryUnders(wants);
            for (int i = 0; i < unders.size(); i++) {
                Aggregate aggregate = response.aggregations().get("f_industry_" + i);
                industry.put(unders.get(i), aggregate == null ? List.of() : buckets(aggregate));
            }
        }
        return new Result(rows, hasNext, total, facets, industry, pit, fingerprint);
    }

    /** The whole request, built in one place: query, post_filter, facets, sort and page. */
    public SearchRequest request(SubjectFilter filter, SubjectSort sort, int first, List<FieldValue> searchAfter,
                                 String pit, Wants wants) {
        return request(filter, sort, first, searchAfter, pit, wants, true);
    }

    /** The whole request; {@code clear} false for a caller who sees natural persons masked. */
    public SearchRequest request(SubjectFilter filter, SubjectSort sort, int first, List<FieldValue> searchAfter,
                                 String pit, Wants wants, boolean clear) {
        SearchRequest.Builder s = new SearchRequest.Builder();
        if (pit != null) {
            s.pit(p -> p.id(pit).keepAlive(k -> k.time(PIT_KEEP_ALIVE)));
        } else {
            s.index(names.alias("subjects"));
        }
        s.size(first + 1);
        s.trackTotalHits(t -> t.enabled(wants.totalCount()));
        s.sort(clear ? sortOptions(sort) : sortOptionsByKey(sort));
        if (searchAfter != null && !searchAfter.isEmpty()) {
            s.searchAfter(searchAfter);
        }
        if (!wants.facets()) {
            s.query(SubjectQueries.toQuery(filter, field -> true, clear));
            return s.build();
        }
        SubjectFilter selections = withoutText(filter);
        // Text, name prefix and codes are not facets: they stay in the query, so hits, total and every facet count honour them alike.
        s.query(SubjectQueries.toQuery(filter, field -> !FACET_FIELDS.contains(field), clear));
        if (hasFacetSelection(filter)) {
            s.postFilter(SubjectQueries.toQuery(selections, FACET_FIELDS::contains));
        }
        for (Facet facet : FACETS) {
            Query others = SubjectQueries.toQuery(selections, except(facet.filterField()));
            s.aggregations("f_" + facet.name(), a -> a.filter(others)
                    .aggregations("v", Aggregation.of(t -> t.terms(terms -> terms.field(facet.esField()).size(facet.size())))));
        }
        List<String> unders = industryUnders(wants);
        Query industryOthers = SubjectQueries.toQuery(selections, except(INDUSTRY.filterField()));
        for (int i = 0; i < unders.size(); i++) {
            String under = unders.get(i);
            String pattern = IndustryCodes.childrenPattern(under.isEmpty() ? null : under);
            if (pattern == null) {
                continue;
            }
            s.aggregations("f_industry_" + i, a -> a.filter(industryOthers)
                    .aggregations("v", Aggregation.of(t -> t.terms(terms -> terms.field(INDUSTRY.esField())
                            .size(INDUSTRY.size()).include(inc -> inc.regexp(pattern))))));
        }
        return s.build();
    }

    static List<SortOptions> sortOptions(SubjectSort sort) {
        List<SortOptions> options = new ArrayList<>(2);
        SortOrder order = sort.descending() ? SortOrder.Desc : SortOrder.Asc;
        switch (sort.field()) {
            case "RELEVANCE" -> options.add(SortOptions.of(o -> o.score(sc -> sc.order(order))));
            case "NAME" -> options.add(field("name.raw", order));
            case "ESTABLISHED_ON" -> options.add(field("establishedOn", order));
            case "REGISTERED_CAPITAL" -> options.add(field("registeredCapital", order));
            case "CODE" -> {
                options.add(field("code", order));
                return options;
            }
            default -> throw SpotcheckException.badInput("sort.field", "unknown sort field " + sort.field());
        }
        options.add(field("code", SortOrder.Asc));
        return options;
    }

    /**
     * For a caller who sees persons masked: the code order (and the tiebreaker) is the public member
     * key order, the code only settling subjects still without a key. An organisation's key is its
     * code; a person's is random, so the order tells nothing about the hidden digits.
     */
    static List<SortOptions> sortOptionsByKey(SubjectSort sort) {
        List<SortOptions> options = new ArrayList<>(3);
        SortOrder order = sort.descending() ? SortOrder.Desc : SortOrder.Asc;
        if ("CODE".equals(sort.field())) {
            options.add(field("publicKey", order));
        } else {
            options.add(sortOptions(sort).get(0));
            options.add(field("publicKey", SortOrder.Asc));
        }
        options.add(field("code", SortOrder.Asc));
        return options;
    }

    static int sortLength(SubjectSort sort) {
        return "CODE".equals(sort.field()) ? 1 : 2;
    }

    private static SortOptions field(String name, SortOrder order) {
        return SortOptions.of(o -> o.field(f -> f.field(name).order(order).missing("_last")));
    }

    static List<String> industryUnders(Wants wants) {
        Set<String> unders = new LinkedHashSet<>();
        for (String under : wants.industryUnders()) {
            if (under != null && !under.isEmpty() && !IndustryCodes.isWellFormed(under)) {
                throw SpotcheckException.badInput("facets.industry.under",
                        "'" + under + "' is not a GB/T 4754 code (e.g. H or H62)");
            }
            unders.add(under == null ? "" : under);
        }
        return List.copyOf(unders);
    }

    static Predicate<String> except(String own) {
        return field -> FACET_FIELDS.contains(field) && !field.equals(own);
    }

    static boolean hasFacetSelection(SubjectFilter f) {
        return f != null && (nonEmpty(f.kinds()) || nonEmpty(f.types()) || nonEmpty(f.statuses()) || nonEmpty(f.regionCodes())
                || nonEmpty(f.riskClasses()) || nonEmpty(f.tagsAll()) || nonEmpty(f.tagsAny()) || nonEmpty(f.tagsNone())
                || nonEmpty(f.lists()) || nonEmpty(f.notLists()) || nonEmpty(f.industryCodes()) || nonEmpty(f.findings()));
    }

    private static boolean nonEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    static SubjectFilter withoutText(SubjectFilter f) {
        if (f == null) {
            return SubjectFilter.all();
        }
        return new SubjectFilter(null, f.namePrefix(), f.codes(), f.kinds(), f.types(), f.statuses(), f.regionCodes(),
                f.supervisingUnits(), f.registrationAuthorities(), f.industryCodes(), f.riskClasses(),
                f.publicCreditClasses(), f.departmentRisks(), f.lists(), f.notLists(), f.licences(), f.tagsAll(),
                f.tagsAny(), f.tagsNone(), f.establishedFrom(), f.establishedTo(), f.capitalMin(), f.capitalMax(),
                f.ownerCodes(), f.findings());
    }

    private static List<FacetBucket> buckets(Aggregate filterAggregate) {
        if (filterAggregate == null) {
            return List.of();
        }
        Aggregate terms = filterAggregate.filter().aggregations().get("v");
        List<FacetBucket> result = new ArrayList<>();
        for (StringTermsBucket bucket : terms.sterms().buckets().array()) {
            result.add(new FacetBucket(bucket.key().stringValue(), bucket.docCount()));
        }
        return result;
    }

    private static List<FieldValue> toFieldValues(List<Object> values) {
        if (values == null) {
            return null;
        }
        List<FieldValue> result = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v == null) {
                result.add(FieldValue.NULL);
            } else if (v instanceof Integer || v instanceof Long) {
                result.add(FieldValue.of(((Number) v).longValue()));
            } else if (v instanceof Number n) {
                result.add(FieldValue.of(n.doubleValue()));
            } else if (v instanceof Boolean b) {
                result.add(FieldValue.of(b));
            } else if (v instanceof String str) {
                result.add(FieldValue.of(str));
            } else {
                throw new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_CURSOR,
                        "the cursor is not valid; start again without 'after'");
            }
        }
        return result;
    }

    /** Elasticsearch answers an expired or unknown point-in-time with 404 (search_context_missing_exception). */
    private static boolean pitGone(ElasticsearchException e) {
        return e.status() == 404
                || e.error() != null && SEARCH_CONTEXT_MISSING.equals(e.error().type())
                || e.error() != null && e.error().rootCause().stream().anyMatch(c -> SEARCH_CONTEXT_MISSING.equals(c.type()));
    }

    private static final String SEARCH_CONTEXT_MISSING = "search_context_missing_exception";

    /** An authentic cursor whose values no longer fit the sort is still the client's fault, not ours. */
    private static RuntimeException badAfterOrRethrow(ElasticsearchException e, List<FieldValue> searchAfter) {
        if (searchAfter != null && e.status() == 400) {
            return new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_CURSOR,
                    "the cursor does not fit this search; start again without 'after'");
        }
        return e;
    }

    private void closeQuietly(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | ElasticsearchException e) {
            log.debug("could not close point-in-time: {}", e.toString());
        }
    }
}
