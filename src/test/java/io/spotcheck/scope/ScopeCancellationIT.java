package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 20, item 7: a cancelled scope stays cancelled, and asking to resume or recreate it says so rather than doing nothing. */
@IntegrationTest
class ScopeCancellationIT {

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
}
