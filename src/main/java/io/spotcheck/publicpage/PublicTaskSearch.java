package io.spotcheck.publicpage;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.draw.DrawStore;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.publication.PublishedResults;
import io.spotcheck.search.IndexNames;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch query behind {@code publicTasks}: the tasks whose draw the public may see,
 * and the organisation search (by exact code or part of the name), which looks only at
 * organisations — a natural person's ID number or name never matches, so the search cannot be used
 * to learn whether a person was drawn.
 */
@Component
public class PublicTaskSearch {

    /** How many public tasks an organisation search looks through for draws that selected it. */
    static final int ORGANISATION_SCAN = 2000;
    /** How many organisations a name search may match. */
    static final int NAME_MATCHES = 50;

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    private final DrawStore draws;

    public PublicTaskSearch(ElasticsearchClient client, IndexNames names, ObjectMapper json, DrawStore draws) {
        this.client = client;
        this.names = names;
        this.json = json;
        this.draws = draws;
    }

    public record Page(List<Task> tasks, long total) {}

    /** One page of public tasks, newest first, {@code offset} tasks skipped. */
    public Page page(PublicTaskFilter filter, int offset, int size) {
        List<Query> parts = filters(filter);
        String text = filter.organisationText();
        if (text != null) {
            Set<String> taskIds = tasksOfOrganisation(text, parts);
            if (taskIds.isEmpty()) {
                return new Page(List.of(), 0);
            }
            parts.add(terms("id", List.copyOf(taskIds)));
        }
        try {
            SearchResponse<Map> r = client.search(s -> s.index(names.alias("tasks")).from(offset).size(size).trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.bool(b -> b.filter(parts)))
                    .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("id"))), Map.class);
            List<Task> tasks = r.hits().hits().stream().map(h -> json.convertValue(h.source(), Task.class)).toList();
            return new Page(tasks, r.hits().total() == null ? tasks.size() : r.hits().total().value());
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** Public visibility (published or closed, or a drawn task with publicDraw) and the plain filters. */
    private static List<Query> filters(PublicTaskFilter f) {
        List<Query> parts = new ArrayList<>();
        parts.add(Query.of(q -> q.exists(e -> e.field("drawId"))));
        parts.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(terms("status", List.of(TaskStatus.PUBLISHED.name(), TaskStatus.CLOSED.name())))
                .should(Query.of(x -> x.term(t -> t.field("publicDraw").value(true)))))));
        if (f.department() != null && !f.department().isBlank()) {
            parts.add(terms("departments", List.of(f.department().strip())));
        }
        if (f.itemCode() != null && !f.itemCode().isBlank()) {
            parts.add(terms("itemCodes", List.of(f.itemCode().strip())));
        }
        if (f.from() != null || f.to() != null) {
            parts.add(Query.of(q -> q.range(r -> r.untyped(u -> {
                u.field("createdAt");
                if (f.from() != null) {
                    u.gte(JsonData.of(f.from().atStartOfDay(ZoneOffset.UTC).toInstant().toString()));
                }
                if (f.to() != null) {
                    u.lt(JsonData.of(f.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString()));
                }
                return u;
            }))));
        }
        return parts;
    }

    /**
     * Tasks, among the public ones, whose draw selected one of the organisations the text names, or
     * that published a result about one of them.
     */
    private Set<String> tasksOfOrganisation(String text, List<Query> visible) {
        List<String> codes = organisationCodes(text);
        Set<String> taskIds = new LinkedHashSet<>();
        if (codes.isEmpty()) {
            return taskIds;
        }
        try {
            // Published results about them (PublishedResults never matches a natural person).
            List<Query> results = new ArrayList<>();
            results.add(PublishedResults.query(null));
            results.add(terms("subjectCode", codes));
            results.add(Query.of(q -> q.bool(b -> b.mustNot(terms("subjectKind", List.of("NATURAL_PERSON"))))));
            client.search(s -> s.index(names.alias("results")).size(0).query(q -> q.bool(b -> b.filter(results)))
                            .aggregations("tasks", a -> a.terms(t -> t.field("taskId").size(ORGANISATION_SCAN))), Void.class)
                    .aggregations().get("tasks").sterms().buckets().array().forEach(b -> taskIds.add(b.key().stringValue()));
            // Public draws that selected them: an organisation's public key is its code.
            List<String> drawIds = new ArrayList<>();
            client.search(s -> s.index(names.alias("tasks")).size(ORGANISATION_SCAN).source(src -> src.filter(x -> x.includes("drawId")))
                    .query(q -> q.bool(b -> b.filter(visible))), Map.class)
                    .hits().hits().forEach(h -> drawIds.add(String.valueOf(h.source().get("drawId"))));
            if (!drawIds.isEmpty()) {
                Set<String> wanted = Set.copyOf(codes);
                for (Hit<Map> h : client.search(s -> s.index(names.alias("draws")).size(drawIds.size())
                        .source(src -> src.filter(x -> x.includes("id", "taskId", "selectedLines", "linesId", "selectedParts", "selected.key",
                                "selected.code", "selected.kind")))
                        .query(q -> q.ids(i -> i.values(drawIds))), Map.class).hits().hits()) {
                    if (selectsOrganisation(h.source(), wanted)) {
                        taskIds.add(String.valueOf(h.source().get("taskId")));
                    }
                }
            }
            return taskIds;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /**
     * True when the stored draw selected one of the organisations. The stored form keeps the drawn
     * subjects as lines {@code code TAB stratum TAB region TAB kind TAB reason [TAB key]}; an
     * organisation's key is its code, and only organisations are compared.
     */
    boolean selectsOrganisation(Map<?, ?> source, Set<String> codes) {
        if (source.get("selected") instanceof List<?> list) {
            for (Object m : list) {
                if (m instanceof Map<?, ?> member && "ORGANISATION".equals(member.get("kind")) && codes.contains(String.valueOf(member.get("code")))) {
                    return true;
                }
            }
            return false;
        }
        return draws.anySelectedLine(source, line -> {
            String[] f = line.split("\t", -1);
            return f.length > 3 && "ORGANISATION".equals(f[3]) && codes.contains(f[0]);
        });
    }

    /** Organisations named by the text: the one whose code it is, and those whose name contains it. */
    private List<String> organisationCodes(String text) {
        try {
            Query organisation = terms("kind", List.of("ORGANISATION"));
            Query named = Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                    .should(terms("code", List.of(text)))
                    .should(Query.of(x -> x.matchPhrase(m -> m.field("name").query(text))))));
            List<String> codes = new ArrayList<>();
            client.search(s -> s.index(names.alias("subjects")).size(NAME_MATCHES).source(src -> src.filter(x -> x.includes("code")))
                            .query(q -> q.bool(b -> b.filter(organisation).must(named))), Map.class)
                    .hits().hits().forEach(h -> codes.add(String.valueOf(h.source().get("code"))));
            return codes;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    private static Query terms(String field, List<String> values) {
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(values.stream().map(FieldValue::of).toList()))));
    }
}
