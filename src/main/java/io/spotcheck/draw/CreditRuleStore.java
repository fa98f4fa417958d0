package io.spotcheck.draw;

import io.spotcheck.persistence.BackendErrors;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.stereotype.Component;

/** Credit rules on Spring Data Elasticsearch; the seeded ones are written by the item seed (ItemStore). */
@Component
public class CreditRuleStore {

    private final ElasticsearchOperations operations;
    private final ElasticsearchOperations waitFor;

    public CreditRuleStore(ElasticsearchOperations operations) {
        this.operations = operations;
        this.waitFor = operations.withRefreshPolicy(RefreshPolicy.WAIT_UNTIL);
    }

    /** The rule, or null. */
    public CreditRule get(String id) {
        return BackendErrors.call("credit rule " + id, () -> operations.get(id, CreditRule.class));
    }

    public List<CreditRule> all() {
        NativeQuery query = NativeQuery.builder().withQuery(q -> q.matchAll(m -> m)).withMaxResults(500).withSort(Sort.by("id")).build();
        return BackendErrors.call("credit rules", () -> operations.search(query, CreditRule.class)).stream().map(SearchHit::getContent).toList();
    }

    /** Creates or replaces the rule; searchable when this returns. */
    public void save(CreditRule rule) {
        BackendErrors.run("credit rule " + rule.id(), () -> waitFor.save(rule));
    }
}
