package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.ElasticsearchRequestCounter;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Nested departments, agencies, jurisdictions and tag owners cost the same few requests for 10 or 100 subjects. */
@IntegrationTest
class SubjectBatchLoadingIT {

    static final String QUERY = "query($f: SubjectFilter, $n: Int) { subjects(filter: $f, first: $n) { edges { node {"
            + " code industryLabel jurisdiction { name }"
            + " agencies { id department { code } }"
            + " tags { key owner { code } } } } } }";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    void listingTenOrAHundredSubjectsWithNestedDataCostsTheSameFixedNumberOfRequests() throws Exception {
        String unit = SubjectFixtures.unit();
        String prefix = "B" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        String[] tagPool = {"SCJG:餐饮", "WSJK:食品", "XFJY:人员密集", "STHJ:排污", "YJGL:危化"};
        List<Subject> docs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String region = String.format("330109%03d", 1 + i % 23);
            String[] tags = {tagPool[i % tagPool.length], tagPool[(i + 2) % tagPool.length]};
            docs.add(SubjectFixtures.with(SubjectFixtures.subject(SubjectFixtures.code(prefix, i), unit, "主体" + i),
                    b -> b.region(region).tags(tags)));
        }
        SubjectFixtures.index(client, names, docs);
        var tester = testers.as("SCJG", "SCJG-S01", Role.DEPT_OPERATOR);
        Map<String, Object> filter = Map.of("supervisingUnits", List.of(unit));

        List<List<String>> requests = new ArrayList<>();
        for (int n : new int[] {10, 100}) {
            ElasticsearchRequestCounter.reset();
            tester.document(QUERY).variable("f", filter).variable("n", n).execute()
                    .path("subjects.edges").entityList(Object.class).hasSize(n)
                    .path("subjects.edges[*].node.tags[*].owner.code").entityList(String.class).contains("SCJG", "YJGL")
                    .path("subjects.edges[*].node.agencies[*].department.code").entityList(String.class).contains("WSJK");
            requests.add(ElasticsearchRequestCounter.since(names.prefix()));
        }
        assertThat(requests.get(0)).as("requests for 10 subjects").isNotEmpty().hasSizeLessThanOrEqualTo(6);
        assertThat(requests.get(1)).as("requests for 100 subjects").hasSameSizeAs(requests.get(0));
    }

    @Test
    void departmentsListTheirAgenciesWithTheJurisdictionsEachCovers() {
        ElasticsearchRequestCounter.reset();
        testers.anonymous().document("{ departments { code agencies { id department { code } jurisdictions { code name } } } jurisdictions { code } }")
                .execute()
                .path("departments[*].code").entityList(String.class).hasSize(9).contains("SCJG", "WSJK", "NYNC")
                .path("departments[?(@.code == 'SCJG')].agencies[?(@.id == 'SCJG-S01')].jurisdictions[*].code")
                .entityList(String.class).contains("330109001", "330109002")
                .path("jurisdictions[*].code").entityList(String.class).hasSize(23);
        assertThat(ElasticsearchRequestCounter.since(names.prefix())).as("departments, jurisdictions, 2 batch loads").hasSizeLessThanOrEqualTo(4);
    }
}
