package io.spotcheck.item;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.SubjectQueries;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.MultiGetItem;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.stereotype.Component;

/** The item lists on Spring Data Elasticsearch; loads {@code seeds/items.json} at start-up. */
@Component
public class ItemStore {

    private final ElasticsearchOperations operations;
    private final ElasticsearchOperations waitFor;
    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public ItemStore(ElasticsearchOperations operations, ElasticsearchClient client, IndexNames names, ObjectMapper json, IndexBootstrap indices) {
        this.operations = operations;
        this.waitFor = operations.withRefreshPolicy(RefreshPolicy.WAIT_UNTIL);
        this.client = client;
        this.names = names;
        this.json = json;
        indices.whenReady(this::loadSeed);
    }

    /**
     * Seeded items, joint lists and credit rules under fixed ids: re-running changes nothing. One bulk
     * request of the seed's documents as they are, over the Java client.
     */
    public void loadSeed() {
        BackendErrors.run("the item seed", () -> {
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
            }
        });
    }

    public Map<String, Item> get(Collection<String> codes) {
        Map<String, Item> result = new LinkedHashMap<>();
        List<String> ids = codes.stream().distinct().toList();
        if (ids.isEmpty()) {
            return result;
        }
        List<MultiGetItem<Item>> found = BackendErrors.call("items", () -> operations.multiGet(NativeQuery.builder().withIds(ids).build(), Item.class));
        for (MultiGetItem<Item> item : found) {
            if (item.hasItem()) {
                result.put(item.getItem().code(), item.getItem());
            }
        }
        return result;
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
        NativeQuery query = NativeQuery.builder().withQuery(q -> q.bool(bool.build())).withMaxResults(1000)
                .withSort(o -> o.field(f -> f.field("code"))).build();
        return BackendErrors.call("items", () -> operations.search(query, Item.class)).stream().map(SearchHit::getContent).toList();
    }

    public void save(Item item) {
        BackendErrors.run("item " + item.code(), () -> waitFor.save(item));
    }

    public List<JointItemList> lists(String level) {
        NativeQuery query = NativeQuery.builder()
                .withQuery(q -> level == null ? q.matchAll(m -> m) : q.term(t -> t.field("level").value(level)))
                .withMaxResults(1000).withSort(o -> o.field(f -> f.field("id"))).build();
        return BackendErrors.call("item lists", () -> operations.search(query, JointItemList.class)).stream().map(SearchHit::getContent).toList();
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
