package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.subject.IdentifierMasking;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Issue 20, item 8: a frozen scope's members, paged, masked as subjects are. */
@IntegrationTest
class ScopeMembersIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ScopeStore scopes;

    static final String MEMBERS = """
            query($id:String!,$n:Int,$a:String){ scopeMembers(scopeId:$id, first:$n, after:$a){
              totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code kind stratum region status name } } } }""";

    @Test
    @SuppressWarnings("unchecked")
    void theDepartmentPagesThroughEveryMemberOfAFrozenScopeAndOthersSeeNaturalPersonsMasked() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        List<String> codes = fixture.indexSubjects(tag, 100);
        String taskId = fixture.scopedTask(tag, false);
        HttpGraphQlTester scjg = fixture.scjg();
        String scopeId = DrawFixture.scopeOf(scjg, taskId);

        List<Map<String, Object>> all = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> page = scjg.document(MEMBERS).variable("id", scopeId).variable("n", 40).variable("a", after).execute()
                    .path("scopeMembers").entity(Map.class).get();
            assertThat(((Number) page.get("totalCount")).intValue()).isEqualTo(100);
            ((List<Map<String, Object>>) page.get("edges")).forEach(e -> all.add((Map<String, Object>) e.get("node")));
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        List<String> listed = all.stream().map(m -> (String) m.get("code")).toList();
        assertThat(listed).isSorted().containsExactlyInAnyOrderElementsOf(codes);
        Map<String, Object> first = all.stream().filter(m -> m.get("code").equals(codes.get(0))).findFirst().orElseThrow();
        // subject 0: class A, jurisdiction 330109001, ACTIVE organisation, its directory name
        assertThat(first).containsEntry("stratum", "A").containsEntry("region", "330109001").containsEntry("status", "ACTIVE")
                .containsEntry("kind", "ORGANISATION").containsEntry("name", "测试企业0");

        // a reviewer does not see natural persons' identifiers: masked as in subject search; and pages in public member
        // key order (an organisation's key is its code, a person's random), so the order tells nothing of the hidden digits
        String person = codes.get(7);
        List<String> seenByReviewer = new ArrayList<>();
        List<String> reviewerCursors = new ArrayList<>();
        after = null;
        do {
            Map<String, Object> page = testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER).document(MEMBERS).variable("id", scopeId)
                    .variable("n", 30).variable("a", after).execute().path("scopeMembers").entity(Map.class).get();
            ((List<Map<String, Object>>) page.get("edges")).forEach(e -> {
                seenByReviewer.add((String) ((Map<String, Object>) e.get("node")).get("code"));
                reviewerCursors.add((String) e.get("cursor"));
            });
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
        } while (after != null);
        assertThat(seenByReviewer).hasSize(100).doesNotContain(person).contains(IdentifierMasking.mask(person), codes.get(0));
        List<Map> frozen = client.search(s -> s.index(names.alias("scope_members")).query(q -> q.term(t -> t.field("scopeId").value(scopeId)))
                .size(200), Map.class).hits().hits().stream().map(h -> (Map) h.source()).toList();
        java.util.function.Function<Map, String> shown = m -> "NATURAL_PERSON".equals(m.get("kind"))
                ? IdentifierMasking.mask((String) m.get("code")) : (String) m.get("code");
        List<String> byKey = frozen.stream().sorted(java.util.Comparator.comparing(m -> (String) m.get("key"))).map(shown).toList();
        List<String> byCode = frozen.stream().sorted(java.util.Comparator.comparing(m -> (String) m.get("code"))).map(shown).toList();
        assertThat(byKey).as("the fixture's persons sort differently by key and by code").isNotEqualTo(byCode);
        assertThat(seenByReviewer).containsExactlyElementsOf(byKey);
        // the reviewer's cursors carry neither a person's code nor their key in readable form
        for (String c : reviewerCursors) {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(c), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (Map m : frozen) {
                if ("NATURAL_PERSON".equals(m.get("kind"))) {
                    assertThat(payload).doesNotContain((String) m.get("code"), (String) m.get("key"));
                }
            }
        }
        // a reviewer's cursor is not the department's, nor the other way round
        scjg.document(MEMBERS).variable("id", scopeId).variable("n", 5).variable("a", reviewerCursors.get(0)).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "INVALID_CURSOR")));

        // another department reads none of it; a cursor does not move to another scope
        fixture.wsjk().document(MEMBERS).variable("id", scopeId).variable("n", 5).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        String cursor = scjg.document(MEMBERS).variable("id", scopeId).variable("n", 1).execute()
                .path("scopeMembers.pageInfo.endCursor").entity(String.class).get();
        String other = "S-members-" + DrawFixture.tag();
        scopes.create(new Scope(other, "building", "SCJG", "FILTER", Map.of("filter", Map.of("tagsAny", List.of("TEST:none"))), "BUILDING",
                null, null, null, null, null, null, null, "test", OffsetDateTime.now(), null));
        scjg.document(MEMBERS).variable("id", other).variable("n", 5).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "INVALID_STATE")));
        scopes.update(other, Map.of("status", "FROZEN", "memberCount", 0));
        scjg.document(MEMBERS).variable("id", other).variable("n", 5).variable("a", cursor).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
        scjg.document(MEMBERS).variable("id", other).variable("n", 5).execute().path("scopeMembers.totalCount").entity(Long.class).isEqualTo(0L);
    }

    @Test
    void scopeMembersTakesTheDocumentedPagesUpToOneThousandAndRefusesLarger() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        fixture.indexSubjects(tag, 250);
        String taskId = fixture.scopedTask(tag, false);
        HttpGraphQlTester scjg = fixture.scjg();
        String scopeId = DrawFixture.scopeOf(scjg, taskId);
        // docs/SCOPES.md: first 1..1000 — one page holds all 250, above the 200 most other lists take
        scjg.document(MEMBERS).variable("id", scopeId).variable("n", 1000).execute().path("scopeMembers.edges").entityList(Object.class)
                .hasSize(250);
        scjg.document(MEMBERS).variable("id", scopeId).variable("n", 1001).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        // the cap follows the field, not the name it is asked under
        scjg.document("query($id:String!){ m: scopeMembers(scopeId:$id, first:500){ totalCount } }").variable("id", scopeId).execute()
                .path("m.totalCount").entity(Long.class).isEqualTo(250L);
        // docs/RESULTS.md: relocationQueue takes first 1..500
        scjg.document("query{ relocationQueue(first:500){ totalCount } }").execute().path("relocationQueue.totalCount").entity(Long.class)
                .satisfies(n -> assertThat(n).isNotNegative());
        scjg.document("query{ relocationQueue(first:501){ totalCount } }").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        scjg.document("query{ subjects(first:201){ totalCount } }").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
    }
}
