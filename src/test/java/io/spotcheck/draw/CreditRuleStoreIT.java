package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Credit rules on Spring Data: the seeded rule reads with its ratios, a saved rule keeps the stored shape. */
@IntegrationTest
class CreditRuleStoreIT {

    @Autowired
    CreditRuleStore store;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    void theSeededDefaultRuleReadsWithItsRatiosAsPercentages() {
        CreditRule rule = store.get("DEFAULT");
        assertThat(rule.department()).isNull();
        assertThat(rule.ratios()).containsEntry("A", 1.0).containsEntry("D", 30.0).containsEntry("UNRATED", 3.0);
        assertThat(store.all()).extracting(CreditRule::id).contains("DEFAULT");
        assertThat(store.get("NO-SUCH-RULE")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSavedRuleIsStoredWithTheFieldsItAlwaysHad() throws Exception {
        String id = "CR-" + UUID.randomUUID();
        CreditRule rule = new CreditRule(id, "测试规则", "SCJG", Map.of("A", 2.5, "B", 5.0),
                OffsetDateTime.of(2026, 2, 3, 4, 5, 6, 0, ZoneOffset.UTC));
        store.save(rule);

        Map<String, Object> source = client.get(g -> g.index(names.alias("credit_rules")).id(id), Map.class).source();
        assertThat(source).containsOnlyKeys("id", "name", "department", "ratios", "updatedAt")
                .containsEntry("updatedAt", "2026-02-03T04:05:06Z");
        assertThat(store.get(id)).isEqualTo(rule);
    }
}
