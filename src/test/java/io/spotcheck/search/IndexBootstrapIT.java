package io.spotcheck.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonData;
import io.spotcheck.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class IndexBootstrapIT {

    @Autowired
    IndexBootstrap bootstrap;
    @Autowired
    IndexNames names;
    @Autowired
    ElasticsearchClient client;

    static final String BODY_V1 = """
            {"settings":{"number_of_shards":2,"number_of_replicas":0},
             "mappings":{"properties":{"code":{"type":"keyword"}}}}""";
    static final String BODY_V2 = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0},
             "mappings":{"properties":{"code":{"type":"keyword"},"name":{"type":"text"}}}}""";

    @Test
    void aNewMappingVersionIsBuiltFromTheOldIndexAndTheAliasSwitches() throws Exception {
        bootstrap.ensure(new IndexBootstrap.IndexDefinition("migration-probe", 1, BODY_V1));
        String alias = names.alias("migration-probe");
        var bulk = new co.elastic.clients.elasticsearch.core.BulkRequest.Builder();
        for (int i = 0; i < 2500; i++) {
            String code = "C" + i;
            bulk.operations(op -> op.index(x -> x.index(alias).id(code).document(Map.of("code", code))));
        }
        client.bulk(bulk.refresh(co.elastic.clients.elasticsearch._types.Refresh.True).build());

        bootstrap.ensure(new IndexBootstrap.IndexDefinition("migration-probe", 2, BODY_V2));
        bootstrap.ensure(new IndexBootstrap.IndexDefinition("migration-probe", 2, BODY_V2));

        assertThat(client.indices().getAlias(g -> g.name(alias)).result().keySet())
                .isEqualTo(Set.of(names.physical("migration-probe", 2)));
        assertThat(client.count(c -> c.index(alias)).count()).isEqualTo(2500);
        assertThat(client.get(g -> g.index(alias).id("C2499"), JsonData.class).found()).isTrue();
        assertThat(client.indices().getMapping(m -> m.index(names.physical("migration-probe", 2)))
                .get(names.physical("migration-probe", 2)).mappings().properties()).containsKey("name");
    }

    @Test
    void everyMappingFileIsAppliedBehindItsAlias() throws Exception {
        for (IndexBootstrap.IndexDefinition definition : bootstrap.definitions()) {
            assertThat(client.indices().getAlias(g -> g.name(names.alias(definition.name()))).result().keySet())
                    .containsExactly(names.physical(definition.name(), definition.version()));
        }
    }

    @Test
    void subjectsOfMappingV1MoveToV2AndThenTakeFindings() throws Exception {
        IndexBootstrap.IndexDefinition v2 = bootstrap.definitions().stream().filter(d -> d.name().equals("subjects")).findFirst().orElseThrow();
        // version 3 added publicKey; the move from a mapping without findings is the same
        assertThat(v2.version()).isGreaterThanOrEqualTo(2);
        var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v2.body());
        var v1Body = body.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) v1Body.path("mappings").path("properties")).remove(List.of("lastResults", "findings"));
        String probe = "subjects-probe";
        bootstrap.ensure(new IndexBootstrap.IndexDefinition(probe, 1, v1Body.toString()));
        String alias = names.alias(probe);
        client.index(i -> i.index(alias).id("C1").refresh(co.elastic.clients.elasticsearch._types.Refresh.True).document(Map.of(
                "code", "C1", "kind", "ORGANISATION", "name", "迁移测试",
                "lastInspections", List.of(Map.of("item", "I1", "department", "SCJG", "date", "2024-09-27", "taskId", "T")),
                "tags", List.of(Map.of("department", "SCJG", "name", "餐饮", "source", "MANUAL")), "tagKeys", List.of("SCJG:餐饮"))));

        bootstrap.ensure(new IndexBootstrap.IndexDefinition(probe, 2, v2.body()));

        assertThat(client.indices().getAlias(g -> g.name(alias)).result().keySet()).isEqualTo(Set.of(names.physical(probe, 2)));
        assertThat(client.get(g -> g.index(alias).id("C1"), JsonData.class).source().toJson().toString()).contains("SCJG:餐饮");
        client.update(u -> u.index(alias).id("C1").refresh(co.elastic.clients.elasticsearch._types.Refresh.True).doc(Map.of(
                "findings", List.of("SCJG:NO_PROBLEM"),
                "lastResults", List.of(Map.of("department", "SCJG", "taskId", "T", "resultCodes", List.of("NO_PROBLEM"), "problemFound", false)))),
                Map.class);
        assertThat(client.count(c -> c.index(alias).query(q -> q.term(t -> t.field("findings").value("SCJG:NO_PROBLEM")))).count()).isEqualTo(1);
    }
}
