package io.spotcheck.stats;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.review.ReviewClock;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.BackendUnavailableException;
import io.spotcheck.system.SpotcheckException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The district's figures (统计) for a department, an agency and a period, from ONE msearch of
 * size-0 searches (see {@link StatisticsQuery}). Department staff read their own department's,
 * platform admins any or all, automation its department's with scope {@code stats:read}.
 */
@Service
public class StatisticsService {

    static final String READ_SCOPE = "stats:read";
    static final Duration DEPARTMENTS_TTL = Duration.ofSeconds(60);

    /** The computed statistics with the labels of departments and agencies for the rows. */
    public record Statistics(StatisticsQuery.Selection selection, LocalDate asOf, StatisticsQuery.Outcome outcome,
                             Map<String, String> labels, String flagsProvisionalReason) {

        /** True when today's flag cut-offs reach into a year without a loaded holiday arrangement. */
        public boolean flagsProvisional() {
            return flagsProvisionalReason != null;
        }
    }

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final DepartmentDirectory directory;
    private final ReviewClock clock;
    private volatile List<Department> departments;
    private volatile Instant departmentsAt = Instant.EPOCH;

    public StatisticsService(ElasticsearchClient client, IndexNames names, DepartmentDirectory directory, ReviewClock clock) {
        this.client = client;
        this.names = names;
        this.directory = directory;
        this.clock = clock;
    }

    public Statistics statistics(Caller caller, String department, String agency, LocalDate from, LocalDate to,
                                 Set<StatisticsQuery.Dimension> dimensions) {
        caller.require(READ_SCOPE, Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER);
        if (from != null && to != null && to.isBefore(from)) {
            throw SpotcheckException.badInput("to", "the period ends before it starts");
        }
        List<Department> known = departments();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> agencyDepartment = new LinkedHashMap<>();
        for (Department d : known) {
            labels.put(d.code(), d.name());
            if (d.agencies() != null) {
                d.agencies().forEach(a -> {
                    labels.put(a.id(), a.name());
                    agencyDepartment.put(a.id(), d.code());
                });
            }
        }
        if (agency != null) {
            String owner = agencyDepartment.get(agency);
            if (owner == null) {
                throw SpotcheckException.badInput("agency", "unknown agency " + agency);
            }
            if (department != null && !department.equals(owner)) {
                throw SpotcheckException.badInput("agency", "agency " + agency + " is not an agency of department " + department);
            }
            department = owner;
        }
        if (department != null && !labels.containsKey(department)) {
            throw SpotcheckException.badInput("department", "unknown department " + department);
        }
        if (!caller.isPlatformAdmin()) {
            if (caller.department() == null) {
                throw SpotcheckException.forbidden("you act for no department");
            }
            if (department == null) {
                department = caller.department();
            }
            caller.requireDepartment(department);
        }
        StatisticsQuery.Selection selection = new StatisticsQuery.Selection(department, agency, from, to);
        var deadlines = clock.deadlines();
        StatisticsQuery query = new StatisticsQuery(selection, dimensions, known.stream().map(Department::code).toList(), deadlines);
        return new Statistics(selection, deadlines.today(), query.read(run(query.searches())), labels, deadlines.cutoffsProvisionalReason());
    }

    private List<StatisticsQuery.Answer> run(List<StatisticsQuery.Search> searches) {
        MsearchRequest.Builder m = new MsearchRequest.Builder();
        for (StatisticsQuery.Search s : searches) {
            m.searches(item -> item.header(h -> h.index(names.alias(s.index())))
                    .body(MultisearchBody.of(b -> {
                        b.size(s.size()).trackTotalHits(t -> t.enabled(true)).query(s.query());
                        if (!s.aggregations().isEmpty()) {
                            b.aggregations(s.aggregations());
                        }
                        return b;
                    })));
        }
        try {
            @SuppressWarnings("rawtypes")
            MsearchResponse<Map> response = client.msearch(m.build(), Map.class);
            List<StatisticsQuery.Answer> answers = new ArrayList<>();
            for (MultiSearchResponseItem<Map> item : response.responses()) {
                if (item.isFailure()) {
                    throw new BackendUnavailableException("a statistics search failed: " + item.failure().error().reason(), null);
                }
                var result = item.result();
                List<Map<String, Object>> sources = new ArrayList<>();
                for (Hit<Map> hit : result.hits().hits()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> source = hit.source();
                    sources.add(source);
                }
                answers.add(new StatisticsQuery.Answer(result.hits().total() == null ? 0 : result.hits().total().value(),
                        result.aggregations(), sources));
            }
            return answers;
        } catch (IOException e) {
            throw new BackendUnavailableException("could not compute the statistics", e);
        }
    }

    private List<Department> departments() {
        List<Department> cached = departments;
        if (cached == null || Duration.between(departmentsAt, Instant.now()).compareTo(DEPARTMENTS_TTL) > 0) {
            cached = directory.allDepartments();
            departments = cached;
            departmentsAt = Instant.now();
        }
        return cached;
    }
}
