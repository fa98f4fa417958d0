package io.spotcheck.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.security.SecurityProperties;
import io.spotcheck.system.SpotcheckException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Reads the audit log, newest first, for platform admins (everything) and department admins
 * (their own department's entries only). There is deliberately no write path here.
 */
@Service
public class AuditQueries {

    /** What can narrow the log; all optional. */
    public record AuditFilter(String principal, String department, List<String> actions, List<String> outcomes, String target,
                              OffsetDateTime from, OffsetDateTime to) {}

    /**
     * One entry as the API shows it. An entry's {@code target} is one id, or several for an entry that
     * stands for records changed alike (a batch of an import): shown comma-separated, or as the one
     * asked for when the filter names a target.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String id, String at, String principal, String department, List<String> roles, String action,
                        @com.fasterxml.jackson.annotation.JsonProperty("target")
                        @com.fasterxml.jackson.annotation.JsonFormat(with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                        List<String> targets, String outcome, String digest) {

        public String target() {
            return targets == null || targets.isEmpty() ? null : String.join(",", targets);
        }

        Entry narrowedTo(String target) {
            return target == null || targets == null || targets.size() < 2 ? this
                    : new Entry(id, at, principal, department, roles, action, List.of(target), outcome, digest);
        }
    }

    public record Page(List<Map.Entry<String, Entry>> edges, boolean hasNextPage, long totalCount) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final CursorCodec cursors;

    public AuditQueries(ElasticsearchClient client, IndexNames names, SecurityProperties security) {
        this.client = client;
        this.names = names;
        this.cursors = new CursorCodec(security.cursorSecret());
    }

    public Page search(Caller caller, AuditFilter filter, int first, String after) {
        caller.requireAny(Role.DEPT_ADMIN);
        if (!caller.isPlatformAdmin() && caller.department() == null) {
            throw SpotcheckException.forbidden("only a platform admin reads the audit log of every department");
        }
        AuditFilter f = filter == null ? new AuditFilter(null, null, null, null, null, null, null) : filter;
        String department = f.department();
        if (!caller.isPlatformAdmin()) {
            if (department != null) {
                caller.requireDepartment(department);
            }
            department = caller.department();
        }
        Query query = toQuery(f, department);
        String fingerprint = CursorCodec.fingerprint("audit", query.toString());
        List<Object> searchAfter = after == null ? null : cursors.decode(after, fingerprint).after();
        if (searchAfter != null && searchAfter.size() != 2) {
            throw new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_CURSOR, "the cursor is not valid");
        }
        return BackendErrors.call("the audit log", () -> {
            SearchResponse<Entry> response = client.search(s -> {
                s.index(names.alias("audit")).query(query).source(src -> src.filter(x -> x.excludes("detail"))).size(first + 1).trackTotalHits(t -> t.enabled(true))
                        .sort(o -> o.field(x -> x.field("at").order(SortOrder.Desc)))
                        .sort(o -> o.field(x -> x.field("id").order(SortOrder.Desc)));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter.stream().map(FieldValue::of).toList());
                }
                return s;
            }, Entry.class);
            List<Hit<Entry>> hits = response.hits().hits();
            List<Map.Entry<String, Entry>> edges = new ArrayList<>();
            for (int i = 0; i < Math.min(first, hits.size()); i++) {
                Hit<Entry> hit = hits.get(i);
                List<Object> sortValues = hit.sort().stream().map(FieldValue::_get).toList();
                edges.add(Map.entry(cursors.encode(fingerprint, null, sortValues), hit.source().narrowedTo(f.target())));
            }
            long total = response.hits().total() == null ? edges.size() : response.hits().total().value();
            return new Page(edges, hits.size() > first, total);
        });
    }

    private static Query toQuery(AuditFilter f, String department) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (f.principal() != null) {
            bool.filter(q -> q.term(t -> t.field("principal").value(f.principal())));
        }
        if (department != null) {
            bool.filter(q -> q.term(t -> t.field("department").value(department)));
        }
        if (f.actions() != null && !f.actions().isEmpty()) {
            bool.filter(q -> q.terms(t -> t.field("action").terms(v -> v.value(f.actions().stream().map(FieldValue::of).toList()))));
        }
        if (f.outcomes() != null && !f.outcomes().isEmpty()) {
            bool.filter(q -> q.terms(t -> t.field("outcome").terms(v -> v.value(f.outcomes().stream().map(FieldValue::of).toList()))));
        }
        if (f.target() != null) {
            bool.filter(q -> q.term(t -> t.field("target").value(f.target())));
        }
        if (f.from() != null || f.to() != null) {
            bool.filter(q -> q.range(r -> r.untyped(u -> {
                u.field("at");
                if (f.from() != null) {
                    u.gte(JsonData.of(f.from().toInstant().toString()));
                }
                if (f.to() != null) {
                    u.lt(JsonData.of(f.to().toInstant().toString()));
                }
                return u;
            })));
        }
        return Query.of(q -> q.bool(bool.build()));
    }

    /** One OK change of one target (newest first), with the fields its entry lists ({@code detail.change.fields}). */
    public record Change(String id, String at, String principal, String department, String action, List<String> fields, String batch) {}

    public record ChangePage(List<Map.Entry<String, Change>> edges, boolean hasNextPage, long totalCount) {}

    /**
     * The OK entries of {@code actions} on {@code target}, newest first: a record's provenance. The
     * caller's right to read the target is the calling feature's to check.
     */
    public ChangePage changes(String target, List<String> actions, int first, String after) {
        if (first < 1 || first > 500) {
            throw SpotcheckException.badInput("first", "first is 1 to 500");
        }
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("target").value(target)))
                .filter(f -> f.term(t -> t.field("outcome").value("OK")))
                .filter(f -> f.terms(t -> t.field("action").terms(v -> v.value(actions.stream().map(FieldValue::of).toList()))))));
        String fingerprint = CursorCodec.fingerprint("audit-changes", target, actions);
        List<Object> searchAfter = after == null ? null : cursors.decode(after, fingerprint).after();
        if (searchAfter != null && searchAfter.size() != 2) {
            throw new SpotcheckException(io.spotcheck.system.ErrorCode.INVALID_CURSOR, "the cursor is not valid");
        }
        return BackendErrors.call("the audit log", () -> {
            SearchResponse<com.fasterxml.jackson.databind.JsonNode> response = client.search(s -> {
                s.index(names.alias("audit")).query(query).size(first + 1).trackTotalHits(t -> t.enabled(true))
                        .source(src -> src.filter(x -> x.includes("id", "at", "principal", "department", "action", "detail.change.fields", "detail.change.run",
                                "detail.change.batch")))
                        .sort(o -> o.field(x -> x.field("at").order(SortOrder.Desc)))
                        .sort(o -> o.field(x -> x.field("id").order(SortOrder.Desc)));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter.stream().map(FieldValue::of).toList());
                }
                return s;
            }, com.fasterxml.jackson.databind.JsonNode.class);
            List<Hit<com.fasterxml.jackson.databind.JsonNode>> hits = response.hits().hits();
            List<Map.Entry<String, Change>> edges = new ArrayList<>();
            for (int i = 0; i < Math.min(first, hits.size()); i++) {
                Hit<com.fasterxml.jackson.databind.JsonNode> hit = hits.get(i);
                com.fasterxml.jackson.databind.JsonNode e = hit.source();
                List<String> fields = new ArrayList<>();
                e.path("detail").path("change").path("fields").forEach(n -> fields.add(n.asText()));
                com.fasterxml.jackson.databind.JsonNode detail = e.path("detail").path("change");
                String batch = detail.hasNonNull("run") ? detail.path("run").asText() + (detail.hasNonNull("batch") ? "/" + detail.path("batch").asText() : "")
                        : null;
                Change change = new Change(e.path("id").asText(), e.path("at").asText(), e.path("principal").asText(null),
                        e.path("department").asText(null), e.path("action").asText(), fields, batch);
                List<Object> sortValues = hit.sort().stream().map(FieldValue::_get).toList();
                edges.add(Map.entry(cursors.encode(fingerprint, null, sortValues), change));
            }
            long total = response.hits().total() == null ? edges.size() : response.hits().total().value();
            return new ChangePage(edges, hits.size() > first, total);
        });
    }
}
