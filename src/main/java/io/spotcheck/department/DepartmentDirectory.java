package io.spotcheck.department;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexBootstrap;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Sort;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.MultiGetItem;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.stereotype.Component;

/**
 * Departments, their agencies and the district's jurisdictions on Spring Data Elasticsearch, read in
 * batches (one mget for any number of ids) so DataLoaders stay at a fixed request count. The
 * reference data in {@code seeds/departments.json} is loaded at start-up, idempotently.
 */
@Component
public class DepartmentDirectory {

    private final ElasticsearchOperations operations;
    private final ObjectMapper json;

    public DepartmentDirectory(ElasticsearchOperations operations, ObjectMapper json, IndexBootstrap indices) {
        this.operations = operations;
        this.json = json;
        indices.whenReady(this::loadReferenceData);
    }

    /** Writes the seeded departments and jurisdictions under their codes; re-running changes nothing. */
    public void loadReferenceData() {
        List<Department> departments = new ArrayList<>();
        List<Department.Agency> agencies = new ArrayList<>();
        List<Jurisdiction> jurisdictions = new ArrayList<>();
        BackendErrors.run("the department seed", () -> {
            try (InputStream in = new ClassPathResource("seeds/departments.json").getInputStream()) {
                JsonNode root = json.readTree(in);
                for (JsonNode department : root.path("departments")) {
                    Department value = json.treeToValue(department, Department.class);
                    List<Department.Agency> own = value.agencies().stream()
                            .map(a -> new Department.Agency(a.id(), value.code(), a.name(), a.level(), a.jurisdictions()))
                            .toList();
                    departments.add(new Department(value.code(), value.name(), value.shortName(), own));
                    agencies.addAll(own);
                }
                for (JsonNode node : root.path("jurisdictions")) {
                    jurisdictions.add(json.treeToValue(node, Jurisdiction.class));
                }
            }
        });
        ElasticsearchOperations immediate = operations.withRefreshPolicy(RefreshPolicy.IMMEDIATE);
        BackendErrors.run("the department seed", () -> {
            immediate.save(departments);
            immediate.save(agencies);
            immediate.save(jurisdictions);
        });
    }

    public Map<String, Department> departments(Collection<String> codes) {
        return mget(codes, Department.class, Department::code);
    }

    public Map<String, Department.Agency> agencies(Collection<String> ids) {
        return mget(ids, Department.Agency.class, Department.Agency::id);
    }

    public Map<String, Jurisdiction> jurisdictions(Collection<String> codes) {
        return mget(codes, Jurisdiction.class, Jurisdiction::code);
    }

    public List<Department> allDepartments() {
        return all(Department.class, "code");
    }

    public List<Jurisdiction> allJurisdictions() {
        return all(Jurisdiction.class, "code");
    }

    private <T> List<T> all(Class<T> type, String sortField) {
        NativeQuery query = NativeQuery.builder().withQuery(q -> q.matchAll(m -> m)).withMaxResults(1000)
                .withSort(Sort.by(sortField)).build();
        return BackendErrors.call(type.getSimpleName(), () -> operations.search(query, type)).stream().map(SearchHit::getContent).toList();
    }

    private <T> Map<String, T> mget(Collection<String> ids, Class<T> type, java.util.function.Function<T, String> id) {
        Map<String, T> result = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(ids));
        if (wanted.isEmpty()) {
            return result;
        }
        List<MultiGetItem<T>> found = BackendErrors.call(type.getSimpleName(),
                () -> operations.multiGet(NativeQuery.builder().withIds(wanted).build(), type));
        for (MultiGetItem<T> item : found) {
            if (item.hasItem()) {
                result.put(id.apply(item.getItem()), item.getItem());
            }
        }
        return result;
    }
}
