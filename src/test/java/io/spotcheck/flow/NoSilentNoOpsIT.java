package io.spotcheck.flow;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 20, item 7: what used to answer as if nothing were wrong now says what happened. */
@IntegrationTest
class NoSilentNoOpsIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ScopeStore scopes;

    @Test
    void resumingOrRecreatingACancelledScopeAnswersScopeCancelledWithWhatToDo() {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String id = "S-cancel-" + DrawFixture.tag();
        Map<String, Object> definition = Map.of("filter", Map.of("tagsAny", List.of("TEST:none")));
        scopes.create(new Scope(id, "cancelled", "SCJG", "FILTER", definition, "CANCELLED", null, null, null, null, null, null, null,
                "test", OffsetDateTime.now(), null));

        fixture.scjg().document("mutation($id:String!){ resumeScopeJob(id:$id){ scope { status } errors { code message field } } }")
                .variable("id", id).execute()
                .path("resumeScopeJob.scope.status").entity(String.class).isEqualTo("CANCELLED")
                .path("resumeScopeJob.errors[0].code").entity(String.class).isEqualTo("SCOPE_CANCELLED")
                .path("resumeScopeJob.errors[0].message").entity(String.class).satisfies(m -> assertThat(m).contains("another id"));

        fixture.scjg().document("""
                        mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { status } errors { code } } }""")
                .variable("in", Map.of("id", id, "name", "cancelled", "department", "SCJG", "kind", "FILTER",
                        "filter", Map.of("tagsAny", List.of("TEST:none"))))
                .execute().path("createScope.errors[0].code").entity(String.class).isEqualTo("SCOPE_CANCELLED")
                .path("createScope.scope.status").entity(String.class).isEqualTo("CANCELLED");
    }

    @Test
    void aParticipantAskingForAnotherDepartmentsGroupingOrAssignmentsIsRefusedAndTheLeadGetsWhatItAsked() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        fixture.indexValidSubjects(tag, 100);
        String taskId = fixture.scopedTask(tag, false);
        fixture.drawClassCAndGroup(taskId);
        String grouping = "query($t:String!,$d:String){ taskGrouping(taskId:$t, department:$d){ department uncoveredCount } }";

        fixture.wsjk().document(grouping).variable("t", taskId).variable("d", "SCJG").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        fixture.wsjk().document("query($t:String!,$d:String){ taskAssignments(taskId:$t, department:$d){ id } }")
                .variable("t", taskId).variable("d", "SCJG").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        // its own, asked by name or not
        fixture.wsjk().document(grouping).variable("t", taskId).variable("d", "WSJK").execute()
                .path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
        fixture.wsjk().document(grouping).variable("t", taskId).variable("d", null).execute()
                .path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
        // the lead reads the participant's
        fixture.scjg().document(grouping).variable("t", taskId).variable("d", "WSJK").execute()
                .path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
    }

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
        Map<String, Object> ok = new java.util.HashMap<>(in);
        ok.put("requiredQualification", "PUBLIC_HEALTH");
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_ADMIN).document("""
                        mutation($in: ItemInput!){ upsertItem(input:$in){ item { inspectorQualification } errors { code } } }""")
                .variable("in", ok).execute()
                .path("upsertItem.errors").entityList(Object.class).hasSize(0)
                .path("upsertItem.item.inspectorQualification").entity(String.class).isEqualTo("HEALTH");
    }
}
