package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.system.SpotcheckException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of the one request a search sends: where each selection goes, and what each facet ignores. */
class SubjectSearchRequestTest {

    final SubjectSearch search = new SubjectSearch(null, new IndexNames("x-"), "secret");
    final ObjectMapper json = new ObjectMapper();

    static SubjectFilter filter(String text, List<String> kinds, List<String> statuses, List<String> industries,
                                List<String> tagsAny, Double capitalMin) {
        return new SubjectFilter(text, null, null, kinds, null, statuses, null, null, null, industries, null, null, null,
                null, null, null, null, tagsAny, null, null, null, capitalMin, null, null, null);
    }

    JsonNode body(SearchRequest request) throws Exception {
        return json.readTree(JsonpUtils.toJsonString(request, new JacksonJsonpMapper()));
    }

    @Test
    void facetSelectionsGoToPostFilterAndEachFacetIgnoresOnlyItsOwn() throws Exception {
        SubjectFilter f = filter("萧山 餐饮", List.of("ORGANISATION"), List.of("ACTIVE"), List.of("H"), List.of("SCJG:餐饮"), 10.0);
        JsonNode body = body(search.request(f, SubjectSort.RELEVANCE, 20, null, null,
                new SubjectSearch.Wants(true, true, List.of("H"), false)));

        String query = body.path("query").toString();
        assertThat(query).contains("萧山").contains("registeredCapital").doesNotContain("ORGANISATION").doesNotContain("ACTIVE");
        String post = body.path("post_filter").toString();
        assertThat(post).contains("ORGANISATION", "ACTIVE", "industryPath", "SCJG:餐饮").doesNotContain("萧山").doesNotContain("registeredCapital");

        String kindFacet = body.path("aggregations").path("f_kind").path("filter").toString();
        assertThat(kindFacet).doesNotContain("ORGANISATION").contains("ACTIVE", "SCJG:餐饮", "industryPath");
        String statusFacet = body.path("aggregations").path("f_status").path("filter").toString();
        assertThat(statusFacet).contains("ORGANISATION").doesNotContain("\"ACTIVE\"");
        String tagFacet = body.path("aggregations").path("f_tags").path("filter").toString();
        assertThat(tagFacet).contains("ORGANISATION").doesNotContain("SCJG:餐饮");
        JsonNode industry = body.path("aggregations").path("f_industry_0");
        assertThat(industry.path("filter").toString()).doesNotContain("industryPath");
        assertThat(industry.path("aggregations").path("v").path("terms").path("include").asText()).isEqualTo("H[0-9]{2}");
        assertThat(body.path("track_total_hits").asBoolean()).isTrue();
        assertThat(body.path("size").asInt()).isEqualTo(21);
    }

    @Test
    void withoutFacetsEverythingIsOneQueryAndNothingIsAggregated() throws Exception {
        SubjectFilter f = filter(null, List.of("ORGANISATION"), null, null, null, null);
        JsonNode body = body(search.request(f, SubjectSort.CODE, 20, null, null, SubjectSearch.Wants.HITS));
        assertThat(body.has("post_filter")).isFalse();
        assertThat(body.has("aggregations")).isFalse();
        assertThat(body.path("query").toString()).contains("ORGANISATION");
        assertThat(body.path("track_total_hits").asBoolean()).isFalse();
    }

    @Test
    void everySortEndsWithTheCodeSoTheOrderIsTotal() {
        for (String field : List.of("RELEVANCE", "NAME", "ESTABLISHED_ON", "REGISTERED_CAPITAL")) {
            var options = SubjectSearch.sortOptions(new SubjectSort(field, null));
            assertThat(options).hasSize(2);
            assertThat(options.get(1).field().field()).isEqualTo("code");
        }
        assertThat(SubjectSearch.sortOptions(SubjectSort.CODE)).hasSize(1);
        assertThat(SubjectSort.orDefault(null, null)).isEqualTo(SubjectSort.CODE);
        assertThat(SubjectSort.orDefault(new SubjectSort("RELEVANCE", null), null)).isEqualTo(SubjectSort.CODE);
        assertThat(SubjectSort.orDefault(null, filter("x", null, null, null, null, null))).isEqualTo(SubjectSort.RELEVANCE);
    }

    @Test
    void pagingPointInTimeAndSearchAfterAreUsedTogether() throws Exception {
        JsonNode body = body(search.request(SubjectFilter.all(), SubjectSort.CODE, 5,
                List.of(co.elastic.clients.elasticsearch._types.FieldValue.of("X")), "pit-id", SubjectSearch.Wants.HITS));
        assertThat(body.path("pit").path("id").asText()).isEqualTo("pit-id");
        assertThat(body.path("search_after").get(0).asText()).isEqualTo("X");
    }

    @Test
    void drillingIntoAMalformedIndustryIsRefused() {
        assertThatThrownBy(() -> SubjectSearch.industryUnders(new SubjectSearch.Wants(false, true, List.of("H.*"), false)))
                .isInstanceOf(SpotcheckException.class);
    }
}
