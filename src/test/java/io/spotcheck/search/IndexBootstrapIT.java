package io.spotcheck.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonData;
import io.spotcheck.support.IntegrationTest;
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
}
