package io.spotcheck.department;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Departments, agencies and jurisdictions on Spring Data: the seed loads, reads by batch, keeps its stored shape. */
@IntegrationTest
class DepartmentDirectoryIT {

    @Autowired
    DepartmentDirectory directory;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;

    @Test
    void theSeedReadsBackWholeInBatchesAndInFull() throws Exception {
        JsonNode seed = json.readTree(new File("seeds/departments.json"));
        JsonNode first = seed.path("departments").get(0);
        String code = first.path("code").asText();
        String agencyId = first.path("agencies").get(0).path("id").asText();

        Map<String, Department> found = directory.departments(List.of(code, code, "NO-SUCH"));
        assertThat(found).containsOnlyKeys(code);
        Department department = found.get(code);
        assertThat(department.agencies()).hasSize(first.path("agencies").size());
        assertThat(department.agencies()).allMatch(a -> a.department().equals(code));

        Department.Agency agency = directory.agencies(List.of(agencyId)).get(agencyId);
        assertThat(agency).isEqualTo(department.agencies().get(0));

        assertThat(directory.allDepartments()).hasSize(seed.path("departments").size()).extracting(Department::code).isSorted();
        assertThat(directory.allJurisdictions()).hasSize(seed.path("jurisdictions").size());
        String jurisdiction = seed.path("jurisdictions").get(0).path("code").asText();
        assertThat(directory.jurisdictions(List.of(jurisdiction)).get(jurisdiction).name())
                .isEqualTo(seed.path("jurisdictions").get(0).path("name").asText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reloadingTheSeedChangesNothingAndKeepsTheStoredShape() throws Exception {
        List<Department> before = directory.allDepartments();
        directory.loadReferenceData();
        assertThat(directory.allDepartments()).isEqualTo(before);

        String code = before.get(0).code();
        Map<String, Object> source = client.get(g -> g.index(names.alias("departments")).id(code), Map.class).source();
        assertThat(source.keySet()).isSubsetOf("code", "name", "shortName", "agencies").contains("code", "name", "agencies");
        assertThat((List<Map<String, Object>>) source.get("agencies"))
                .allSatisfy(a -> assertThat(a.keySet()).isSubsetOf("id", "department", "name", "level", "jurisdictions"));
    }
}
