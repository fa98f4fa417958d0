package io.spotcheck.item;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Items and joint lists on Spring Data: the seed's documents read, a saved item keeps the stored shape. */
@IntegrationTest
class ItemStoreIT {

    @Autowired
    ItemStore store;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    void seededItemsAndListsReadAsTheSeedWroteThem() {
        Item item = store.get(List.of("SCJG-001", "NO-SUCH-ITEM")).get("SCJG-001");
        assertThat(item.maxRatioPercent()).isEqualTo(5.0);
        assertThat(item.targetKinds()).containsExactly("ORGANISATION");
        assertThat(item.cooperatingDepartments()).isEmpty();
        assertThat(item.ratioCap()).isEqualTo(5.0);
        assertThat(store.get(List.of("NO-SUCH-ITEM"))).isEmpty();
        assertThat(store.search("SCJG", null, "GENERAL")).extracting(Item::code).contains("SCJG-001")
                .allMatch(code -> code.startsWith("SCJG-"));

        JointItemList district = store.lists("DISTRICT").stream().filter(l -> l.id().equals("XS-DISTRICT")).findFirst().orElseThrow();
        assertThat(district.parentId()).isEqualTo("HZ-CITY");
        assertThat(store.effectiveItemCodes(district)).contains("WHLY-001", "JTYS-001", "XFJY-002").hasSizeGreaterThan(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSavedItemIsStoredUnderItsCodeWithTheFieldsItAlwaysHad() throws Exception {
        OffsetDateTime at = OffsetDateTime.of(2026, 5, 6, 7, 8, 9, 500_000_000, ZoneOffset.UTC);
        Item item = new Item("ZZ-STORE-1", "存储测试", "SCJG", "测试", "KEY", null, List.of("ORGANISATION"), "SCJG", List.of(),
                "依据", List.of("ON_SITE"), 2.5, "ANNUAL", null, true, at);
        store.save(item);

        Map<String, Object> source = client.get(g -> g.index(names.alias("items")).id("ZZ-STORE-1"), Map.class).source();
        assertThat(source).containsOnlyKeys("code", "name", "department", "field", "itemClass", "targetKinds", "leadDepartment",
                "cooperatingDepartments", "legalBasis", "methods", "defaultRatioPercent", "frequency", "offSiteCheckable", "updatedAt");
        assertThat(source).containsEntry("updatedAt", "2026-05-06T07:08:09.5Z");
        assertThat(store.get(List.of("ZZ-STORE-1")).get("ZZ-STORE-1")).isEqualTo(item);
    }
}
