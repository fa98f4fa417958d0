package io.spotcheck.tag;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import io.spotcheck.subject.write.TagRule;

/**
 * Every Elasticsearch request about tag rules. The rule set is small (tens per department) and read
 * on every subject write, so it is cached and the cache dropped on every save or delete made here;
 * other instances see a change within {@link #TTL_MILLIS}.
 */
@Component
public class TagRuleStore implements io.spotcheck.subject.write.TagRules {

    static final long TTL_MILLIS = 5_000;

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    private record Cached(List<TagRule> rules, long loadedAt) {}

    public TagRuleStore(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    private String index() {
        return names.alias("tag_rules");
    }

    /** Every rule of every department (enabled or not), cached briefly. */
    @Override
    public List<TagRule> all() {
        Cached cached = cache.get();
        if (cached != null && System.currentTimeMillis() - cached.loadedAt() < TTL_MILLIS) {
            return cached.rules();
        }
        try {
            List<TagRule> rules = client.search(s -> s.index(index()).size(10_000)
                            .sort(o -> o.field(f -> f.field("id"))), ObjectNode.class)
                    .hits().hits().stream().map(h -> toRule(h.source())).toList();
            cache.set(new Cached(rules, System.currentTimeMillis()));
            return rules;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public List<TagRule> ofDepartment(String department) {
        return all().stream().filter(r -> r.department().equals(department)).toList();
    }

    /** The rule as stored now, bypassing the cache. */
    public TagRule get(String id) {
        try {
            GetResponse<ObjectNode> response = client.get(g -> g.index(index()).id(id), ObjectNode.class);
            return response.found() ? toRule(response.source()) : null;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public void save(TagRule rule) {
        ObjectNode document = json.valueToTree(rule);
        try {
            client.index(i -> i.index(index()).id(rule.id()).document(document).refresh(Refresh.True));
            cache.set(null);
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    public boolean delete(String id) {
        try {
            boolean deleted = client.delete(d -> d.index(index()).id(id).refresh(Refresh.True)).result()
                    == co.elastic.clients.elasticsearch._types.Result.Deleted;
            cache.set(null);
            return deleted;
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    private TagRule toRule(ObjectNode source) {
        try {
            return json.treeToValue(source, TagRule.class);
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }
}
