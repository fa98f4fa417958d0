package io.spotcheck.department;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexBootstrap;
import io.spotcheck.search.IndexNames;
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

/**
 * Departments, their agencies and the district's jurisdictions, kept in Elasticsearch and read in
 * batches (one mget for any number of ids) so DataLoaders stay at a fixed request count. The
 * reference data in {@code seeds/departments.json} is loaded at start-up, idempotently.
 */
@Component
public class DepartmentDirectory {

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public DepartmentDirectory(ElasticsearchClient client, IndexNames names, ObjectMapper json, IndexBootstrap indices) {
        this.client = client;
        this.names = names;
        this.json = json;
        indices.whenReady(this::loadReferenceData);
    }

    /** Writes the seeded departments and jurisdictions under their codes; re-running changes nothing. */
    public void loadReferenceData() {
        try (InputStream in = new ClassPathResource("seeds/departments.json").getInputStream()) {
            JsonNode root = json.readTree(in);
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (JsonNode department : root.path("departments")) {
                Department value = json.treeToValue(department, Department.class);
                List<Department.Agency> agencies = value.agencies().stream()
                        .map(a -> new Department.Agency(a.id(), value.code(), a.name(), a.level(), a.jurisdictions()))
                        .toList();
                Department stored = new Department(value.code(), value.name(), value.shortName(), agencies);
                bulk.operations(op -> op.index(i -> i.index(names.alias("departments")).id(stored.code()).document(stored)));
                for (Department.Agency agency : agencies) {
                    bulk.operations(op -> op.index(i -> i.index(names.alias("agencies")).id(agency.id()).document(agency)));
                }
            }
            for (JsonNode node : root.path("jurisdictions")) {
                Jurisdiction jurisdiction = json.treeToValue(node, Jurisdiction.class);
                bulk.operations(op -> op.index(i -> i.index(names.alias("jurisdictions")).id(jurisdiction.code()).document(jurisdiction)));
            }
            client.bulk(bulk.refresh(co.elastic.clients.elasticsearch._types.Refresh.True).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Department> departments(Collection<String> codes) {
        return mget("departments", codes, Department.class);
    }

    public Map<String, Department.Agency> agencies(Collection<String> ids) {
        return mget("agencies", ids, Department.Agency.class);
    }

    public Map<String, Jurisdiction> jurisdictions(Collection<String> codes) {
        return mget("jurisdictions", codes, Jurisdiction.class);
    }

    public List<Department> allDepartments() {
        try {
            return client.search(s -> s.index(names.alias("departments")).size(1000)
                    .sort(o -> o.field(f -> f.field("code"))), Department.class)
                    .hits().hits().stream().map(h -> h.source()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Jurisdiction> allJurisdictions() {
        try {
            return client.search(s -> s.index(names.alias("jurisdictions")).size(1000)
                    .sort(o -> o.field(f -> f.field("code"))), Jurisdiction.class)
                    .hits().hits().stream().map(h -> h.source()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> Map<String, T> mget(String logical, Collection<String> ids, Class<T> type) {
        Map<String, T> result = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        if (wanted.isEmpty()) {
            return result;
        }
        try {
            MgetResponse<T> response = client.mget(m -> m.index(names.alias(logical)).ids(wanted), type);
            for (MultiGetResponseItem<T> item : response.docs()) {
                if (item.isResult() && item.result().found()) {
                    result.put(item.result().id(), item.result().source());
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
