package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

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
    @LocalServerPort
    int port;

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
    void aBuildCancelledThroughTheApiStaysCancelledTakesNoCodesAndListsNoMembers() throws Exception {
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        String id = "S-cancel-api-" + DrawFixture.tag();
        // an imported-list scope waits, BUILDING, for its codes: a build that is certainly still running when cancelled
        scjg.document("mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { status } errors { code } } }")
                .variable("in", Map.of("id", id, "name", "import", "department", "SCJG", "kind", "IMPORTED")).execute()
                .path("createScope.scope.status").entity(String.class).isEqualTo("BUILDING");

        String cancel = "mutation($id:String!){ cancelScopeJob(id:$id){ scope { status } errors { code } } }";
        scjg.document(cancel).variable("id", id).execute()
                .path("cancelScopeJob.errors").entityList(Object.class).hasSize(0)
                .path("cancelScopeJob.scope.status").entity(String.class).isEqualTo("CANCELLED");
        // cancelling again: the build has ended
        scjg.document(cancel).variable("id", id).execute()
                .path("cancelScopeJob.errors[0].code").entity(String.class).isEqualTo("INVALID_STATE")
                .path("cancelScopeJob.scope.status").entity(String.class).isEqualTo("CANCELLED");
        scjg.document("mutation($id:String!){ resumeScopeJob(id:$id){ scope { status } errors { code } } }").variable("id", id).execute()
                .path("resumeScopeJob.errors[0].code").entity(String.class).isEqualTo("SCOPE_CANCELLED");

        // codes sent afterwards are refused, and nothing is listed
        var codes = new RawHttp(port).send("POST", "/scopes/" + id + "/codes", Map.of("Content-Type", "text/plain",
                "Authorization", "Bearer " + testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR)), "统一社会信用代码\n91330109MA2B3C4D5E\n");
        assertThat(codes.statusCode()).isEqualTo(400);
        assertThat(RawHttp.code(codes)).isEqualTo("INVALID_STATE");
        scjg.document("query($id:String!){ scopeMembers(scopeId:$id, first:5){ totalCount } }").variable("id", id).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "INVALID_STATE")));
        Scope stored = scopes.get(id);
        assertThat(stored.status()).isEqualTo("CANCELLED");
        assertThat(stored.memberCount()).isNull();
    }
}
