package io.spotcheck.item;

import io.spotcheck.draw.DrawFixture;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 20, item 7: an item names the qualification its inspectors need in their words, and a name nobody holds is refused on save. */
@IntegrationTest
class ItemQualificationsIT {

    @Autowired
    Testers testers;

    @Test
    void itemsAndInspectorsNameTheirQualificationsInOneVocabulary() {
        // WSJK-002 needs PUBLIC_HEALTH in the item list's words: HEALTH, as inspectors hold it
        testers.anonymous().document("{ item(code:\"WSJK-002\"){ requiredQualification inspectorQualification } }").execute()
                .path("item.requiredQualification").entity(String.class).isEqualTo("PUBLIC_HEALTH")
                .path("item.inspectorQualification").entity(String.class).isEqualTo("HEALTH");
        // a certificate-only item needs no field
        testers.anonymous().document("{ item(code:\"SCJG-001\"){ inspectorQualification } }").execute()
                .path("item.inspectorQualification").valueIsNull();
        // a name nobody can hold is refused when the item is saved, not discovered as UNSTAFFED at draw time
        Map<String, Object> in = Map.of("code", "WSJK-Q-" + DrawFixture.tag(), "name", "资质测试", "department", "WSJK", "field", "卫生",
                "itemClass", "KEY", "targetKinds", List.of("ORGANISATION"), "methods", List.of("ON_SITE"), "requiredQualification", "HYGIENE");
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_ADMIN).document("""
                        mutation($in: ItemInput!){ upsertItem(input:$in){ item { code } errors { code field } } }""")
                .variable("in", in).execute()
                .path("upsertItem.item").valueIsNull()
                .path("upsertItem.errors[0].code").entity(String.class).isEqualTo("UNKNOWN_QUALIFICATION")
                .path("upsertItem.errors[0].field").entityList(String.class).containsExactly("input", "requiredQualification");
        Map<String, Object> ok = new HashMap<>(in);
        ok.put("requiredQualification", "PUBLIC_HEALTH");
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_ADMIN).document("""
                        mutation($in: ItemInput!){ upsertItem(input:$in){ item { inspectorQualification } errors { code } } }""")
                .variable("in", ok).execute()
                .path("upsertItem.errors").entityList(Object.class).hasSize(0)
                .path("upsertItem.item.inspectorQualification").entity(String.class).isEqualTo("HEALTH");
    }
}
