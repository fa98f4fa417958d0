package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A FILTER scope built through the API (createScope, its job, scopeMembers): it freezes to exactly the
 * subjects its filter matched, and once frozen nothing changes it — neither new matching subjects, nor
 * the same request again, nor resume or cancel, nor the same id with another filter.
 */
@IntegrationTest
class ScopeBuildIT {

    static final String CREATE = """
            mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { status memberCount digest strata } errors { code field } } }""";
    static final String SCOPE = "query($id:String!){ scope(id:$id){ status memberCount digest strata chunkCount frozenAt } }";
    static final String MEMBERS = """
            query($id:String!,$a:String){ scopeMembers(scopeId:$id, first:200, after:$a){
              totalCount pageInfo { hasNextPage endCursor } edges { node { code stratum status region } } } }""";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    /** The first twelve jurisdictions. */
    static final List<String> REGIONS = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(r -> String.format("330109%03d", r)).toList();

    /** Active subjects of credit class A or B in {@link #REGIONS} among the tagged ones: a filter on four fields at once. */
    static Map<String, Object> filter(String tag) {
        return Map.of("tagsAny", List.of("TEST:" + tag), "riskClasses", List.of("A", "B"), "statuses", List.of("ACTIVE"),
                "regionCodes", REGIONS);
    }

    /** Which of DrawFixture's subjects 0..n-1 {@link #filter} matches, by the fixture's own rules for subject i. */
    static List<Integer> matching(int n) {
        List<Integer> matched = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String risk = DrawFixture.CLASSES[i % DrawFixture.CLASSES.length];
            boolean deregistered = i % 40 == 3;
            boolean inRegions = 1 + i % 23 <= REGIONS.size();
            if ((risk.equals("A") || risk.equals("B")) && !deregistered && inRegions) {
                matched.add(i);
            }
        }
        return matched;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members(HttpGraphQlTester as, String scopeId) {
        List<Map<String, Object>> all = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> page = as.document(MEMBERS).variable("id", scopeId).variable("a", after).execute()
                    .path("scopeMembers").entity(Map.class).get();
            ((List<Map<String, Object>>) page.get("edges")).forEach(e -> all.add((Map<String, Object>) e.get("node")));
            Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
        } while (after != null);
        return all;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFilterScopeFreezesToExactlyTheSubjectsItsFilterMatches() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        List<String> codes = fixture.indexSubjects(tag, 240);
        // the same kinds of subjects under another tag: the filter's other fields alone must not let them in
        fixture.indexSubjects(tag + "X", 40);
        HttpGraphQlTester scjg = fixture.scjg();

        String scopeId = DrawFixture.frozenScope(scjg, "SCJG", "S-B-" + tag, filter(tag));

        List<Integer> matched = matching(codes.size());
        List<String> expected = matched.stream().map(codes::get).toList();
        // each of the four fields leaves some subjects out, so a field the build ignored would show
        assertThat(expected).hasSize(88);
        List<Map<String, Object>> listed = members(scjg, scopeId);
        assertThat(listed).extracting(m -> (String) m.get("code")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(listed).allSatisfy(m -> {
            assertThat(m).containsEntry("status", "ACTIVE");
            assertThat(m.get("stratum")).isIn("A", "B");
            assertThat(REGIONS).contains((String) m.get("region"));
        });

        Map<String, Object> scope = scjg.document(SCOPE).variable("id", scopeId).execute().path("scope").entity(Map.class).get();
        assertThat(scope).containsEntry("status", "FROZEN");
        assertThat(((Number) scope.get("memberCount")).longValue()).isEqualTo(expected.size());
        long classA = matched.stream().filter(i -> DrawFixture.CLASSES[i % DrawFixture.CLASSES.length].equals("A")).count();
        Map<String, Object> strata = (Map<String, Object>) scope.get("strata");
        assertThat(strata.keySet()).containsExactlyInAnyOrder("A", "B");
        assertThat(((Number) strata.get("A")).longValue()).isEqualTo(classA);
        assertThat(((Number) strata.get("B")).longValue()).isEqualTo(expected.size() - classA);
        assertThat((String) scope.get("digest")).matches("[0-9a-f]{64}");
        assertThat(scope.get("frozenAt")).isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFrozenScopeStaysAsItFroze() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        fixture.indexSubjects(tag, 120);
        HttpGraphQlTester scjg = fixture.scjg();
        String scopeId = "S-F-" + tag;
        DrawFixture.frozenScope(scjg, "SCJG", scopeId, filter(tag));
        Map<String, Object> frozen = scjg.document(SCOPE).variable("id", scopeId).execute().path("scope").entity(Map.class).get();
        List<Map<String, Object>> before = members(scjg, scopeId);
        assertThat(before).hasSize(((Number) frozen.get("memberCount")).intValue());

        // subjects that match the filter arrive after the freeze
        List<String> late = fixture.indexSubjects(tag, 40, i -> String.format("91%sL%05d", tag.toUpperCase(), i));
        Map<String, Object> request = Map.of("id", scopeId, "name", "scope " + scopeId, "department", "SCJG", "kind", "FILTER",
                "filter", filter(tag));

        // the same request again answers the frozen scope as it is
        scjg.document(CREATE).variable("in", request).execute()
                .path("createScope.errors").entityList(Object.class).hasSize(0)
                .path("createScope.scope.status").entity(String.class).isEqualTo("FROZEN")
                .path("createScope.scope.digest").entity(String.class).isEqualTo((String) frozen.get("digest"));
        // resuming does nothing to it; cancelling a finished build is refused
        scjg.document("mutation($id:String!){ resumeScopeJob(id:$id){ scope { status digest } errors { code } } }").variable("id", scopeId)
                .execute().path("resumeScopeJob.errors").entityList(Object.class).hasSize(0)
                .path("resumeScopeJob.scope.status").entity(String.class).isEqualTo("FROZEN")
                .path("resumeScopeJob.scope.digest").entity(String.class).isEqualTo((String) frozen.get("digest"));
        scjg.document("mutation($id:String!){ cancelScopeJob(id:$id){ scope { status } errors { code } } }").variable("id", scopeId)
                .execute().path("cancelScopeJob.errors[0].code").entity(String.class).isEqualTo("INVALID_STATE")
                .path("cancelScopeJob.scope.status").entity(String.class).isEqualTo("FROZEN");
        // the same id with another definition is a conflict, not a rebuild
        Map<String, Object> wider = Map.of("id", scopeId, "name", "scope " + scopeId, "department", "SCJG", "kind", "FILTER",
                "filter", Map.of("tagsAny", List.of("TEST:" + tag)));
        scjg.document(CREATE).variable("in", wider).execute()
                .path("createScope.errors[0].code").entity(String.class).isEqualTo("CONFLICT")
                .path("createScope.scope").valueIsNull();

        // after all that: the scope and its members are those it froze with, none of the late subjects among them
        // (the job that would have added them would have run by now: give it a moment before reading)
        Thread.sleep(1000);
        Map<String, Object> after = scjg.document(SCOPE).variable("id", scopeId).execute().path("scope").entity(Map.class).get();
        assertThat(after).isEqualTo(frozen);
        List<Map<String, Object>> now = members(scjg, scopeId);
        assertThat(now).isEqualTo(before);
        assertThat(now).extracting(m -> (String) m.get("code")).doesNotContainAnyElementsOf(late);
    }
}
