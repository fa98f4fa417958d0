package io.spotcheck.item;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Every Elasticsearch request of the item lists; loads {@code seeds/items.json} at start-up. */
@Component
public class ItemStore {

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public ItemStore(ElasticsearchClient client, IndexNames names, ObjectMapper json, IndexBootstrap indices) {
        this.client = client;
        this.names = names;
        this.json = json;
        indices.whenReady(this::loadSeed);
    }

    /** Seeded items, joint lists and credit rules under fixed ids: re-running changes nothing. */
    public void loadSeed() {
        try (InputStream in = new ClassPathResource("seeds/items.json").getInputStream()) {
            JsonNode root = json.readTree(in);
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
            for (JsonNode item : root.path("items")) {
                Map<?, ?> doc = json.convertValue(item, Map.class);
                bulk.operations(op -> op.index(i -> i.index(names.alias("items")).id(item.path("code").asText()).document(doc)));
            }
            for (JsonNode list : root.path("jointLists")) {
                Map<?, ?> doc = json.convertValue(list, Map.class);
                bulk.operations(op -> op.index(i -> i.index(names.alias("item_lists")).id(list.path("id").asText()).document(doc)));
            }
            for (JsonNode rule : root.path("creditRules")) {
                Map<?, ?> doc = json.convertValue(rule, Map.class);
                // create: a rule an admin has since edited is not overwritten by the seed
                bulk.operations(op -> op.create(i -> i.index(names.alias("credit_rules")).id(rule.path("id").asText()).document(doc)));
            }
            client.bulk(bulk.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Item> get(Collection<String> codes) {
        Map<String, Item> result = new LinkedHashMap<>();
        List<String> ids = codes.stream().distinct().toList();
        if (ids.isEmpty()) {
            return result;
        }
        try {
            for (MultiGetResponseItem<Map> doc : client.mget(m -> m.index(names.alias("items")).ids(ids), Map.class).docs()) {
                if (doc.isResult() && doc.result().found()) {
                    result.put(doc.result().id(), json.convertValue(doc.result().source(), Item.class));
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Item> search(String department, String field, String itemClass) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (department != null) {
            bool.filter(SubjectQueries.terms("department", List.of(department)));
        }
        if (field != null) {
            bool.filter(SubjectQueries.terms("field", List.of(field)));
        }
        if (itemClass != null) {
            bool.filter(SubjectQueries.terms("itemClass", List.of(itemClass)));
        }
        try {
            return client.search(s -> s.index(names.alias("items")).size(1000).query(q -> q.bool(bool.build()))
                            .sort(o -> o.field(f -> f.field("code"))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), Item.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void save(Item item) {
        try {
            client.index(i -> i.index(names.alias("items")).id(item.code()).document(json.convertValue(item, Map.class)).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JointItemList> lists(String level) {
        try {
            return client.search(s -> s.index(names.alias("item_lists")).size(1000)
                            .query(q -> level == null ? q.matchAll(m -> m) : q.term(t -> t.field("level").value(level)))
                            .sort(o -> o.field(f -> f.field("id"))), Map.class)
                    .hits().hits().stream().map(h -> json.convertValue(h.source(), JointItemList.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The list's own items after those it inherits from its parents, each once. */
    public List<String> effectiveItemCodes(JointItemList list) {
        Map<String, JointItemList> byId = new LinkedHashMap<>();
        lists(null).forEach(l -> byId.put(l.id(), l));
        List<JointItemList> chain = new ArrayList<>();
        for (JointItemList l = list; l != null && chain.size() < 10; l = l.parentId() == null ? null : byId.get(l.parentId())) {
            chain.add(0, l);
        }
        return chain.stream().flatMap(l -> l.itemCodes().stream()).distinct().toList();
    }
}
