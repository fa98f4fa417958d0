package io.spotcheck.scope;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.SecurityProperties;
import io.spotcheck.subject.IdentifierMasking;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.system.BackendUnavailableException;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The members of a frozen scope, page by page (what a draw is about to draw from): each as the scope
 * froze it (credit class, jurisdiction, status, kind) with the subject's name from the directory,
 * natural persons masked exactly as subject search masks them.
 *
 * <p>A caller who sees persons in clear pages in code order. Anybody else pages in public member
 * key order (an organisation's key is its code, a person's a random pseudonym): the order of ID
 * numbers would tell such a caller how the hidden birth-date digits of the persons compare. Their
 * cursors carry the sort values encrypted, since they hold the person's code and key.
 */
@Service
public class ScopeMembers {

    /** One member: the frozen fields, and the directory's name and legal representative (null when the subject left the directory). */
    public record Member(String code, String kind, String stratum, String region, String status, String name, String legalRepresentative) {}

    public record Page(List<Map.Entry<String, Member>> edges, boolean hasNextPage, long totalCount) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ScopeStore scopes;
    private final SubjectWriter subjects;
    private final CursorCodec cursors;

    public ScopeMembers(ElasticsearchClient client, IndexNames names, ScopeStore scopes, SubjectWriter subjects, SecurityProperties security) {
        this.client = client;
        this.names = names;
        this.scopes = scopes;
        this.subjects = subjects;
        this.cursors = new CursorCodec(security.cursorSecret());
    }

    public Page page(Caller caller, String scopeId, int first, String after) {
        ScopeController.requireReader(caller, null);
        Scope scope = scopes.get(scopeId);
        if (scope == null) {
            throw SpotcheckException.notFound("scope", scopeId);
        }
        ScopeController.requireReader(caller, scope.department());
        if (!scope.isFrozen()) {
            throw new SpotcheckException(ErrorCode.INVALID_STATE, "scope " + scopeId + " is " + scope.status()
                    + "; its members are listed once it is FROZEN");
        }
        if (first < 1 || first > 1000) {
            throw SpotcheckException.badInput("first", "first is 1 to 1000");
        }
        boolean byKey = !IdentifierMasking.seesIdentifiers(caller);
        String fingerprint = byKey ? CursorCodec.fingerprint("scope_members", scopeId, "key") : CursorCodec.fingerprint("scope_members", scopeId);
        List<Object> searchAfter = after == null ? null : cursors.decode(after, fingerprint).after();
        if (searchAfter != null && searchAfter.size() != (byKey ? 2 : 1)) {
            throw new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor is not valid; start again without 'after'");
        }
        List<Object> from = searchAfter;
        SearchResponse<JsonNode> response;
        try {
            response = client.search(s -> {
                s.index(names.alias("scope_members")).query(q -> q.term(t -> t.field("scopeId").value(scopeId))).size(first + 1)
                        .trackTotalHits(t -> t.enabled(true));
                if (byKey) {
                    // The key is unique in a scope; the code only settles members written without one.
                    s.sort(o -> o.field(f -> f.field("key").order(SortOrder.Asc).missing("_first")));
                }
                s.sort(o -> o.field(f -> f.field("code").order(SortOrder.Asc)));
                if (from != null) {
                    s.searchAfter(from.stream().map(v -> v == null ? FieldValue.NULL : FieldValue.of(String.valueOf(v))).toList());
                }
                return s;
            }, JsonNode.class);
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read the members of scope " + scopeId, e);
        }
        List<Hit<JsonNode>> hits = response.hits().hits();
        List<Hit<JsonNode>> page = hits.subList(0, Math.min(first, hits.size()));
        Map<String, Subject> directory = subjects.getAll(page.stream().map(h -> h.source().path("code").asText()).toList());
        List<Map.Entry<String, Member>> edges = new ArrayList<>();
        for (Hit<JsonNode> hit : page) {
            JsonNode m = hit.source();
            String code = m.path("code").asText();
            String kind = m.path("kind").asText(null);
            Subject subject = IdentifierMasking.forCaller(directory.get(code), caller);
            boolean masked = "NATURAL_PERSON".equals(kind) && !IdentifierMasking.seesIdentifiers(caller);
            Member member = new Member(masked ? IdentifierMasking.mask(code) : code, kind, m.path("stratum").asText(null),
                    m.path("region").asText(null), m.path("status").asText(null), subject == null ? null : subject.name(),
                    subject == null ? null : subject.legalRepresentative());
            List<Object> position = byKey ? java.util.Arrays.asList(m.path("key").asText(null), code) : List.of(code);
            edges.add(Map.entry(cursors.encode(fingerprint, null, position), member));
        }
        long total = response.hits().total() == null ? edges.size() : response.hits().total().value();
        return new Page(edges, hits.size() > first, total);
    }
}
