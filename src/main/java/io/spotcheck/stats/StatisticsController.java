package io.spotcheck.stats;

import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.SelectedField;
import io.spotcheck.security.Caller;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code statistics}: reads which breakdowns the request selects (aliases may ask for several) so
 * the one msearch computes exactly those, then serves totals and rows from its answer.
 */
@Controller
class StatisticsController {

    private final StatisticsService service;

    StatisticsController(StatisticsService service) {
        this.service = service;
    }

    @QueryMapping
    StatisticsService.Statistics statistics(Caller caller, @Argument String department, @Argument String agency,
                                            @Argument LocalDate from, @Argument LocalDate to, DataFetchingFieldSelectionSet selection) {
        Set<StatisticsQuery.Dimension> dimensions = EnumSet.noneOf(StatisticsQuery.Dimension.class);
        for (SelectedField field : selection.getFields("breakdown")) {
            Object by = field.getArguments().get("by");
            if (by != null) {
                dimensions.add(StatisticsQuery.Dimension.valueOf(by.toString()));
            }
        }
        return service.statistics(caller, department, agency, from, to, dimensions);
    }

    @SchemaMapping(typeName = "Statistics", field = "department")
    String department(StatisticsService.Statistics s) {
        return s.selection().department();
    }

    @SchemaMapping(typeName = "Statistics", field = "agency")
    String agency(StatisticsService.Statistics s) {
        return s.selection().agency();
    }

    @SchemaMapping(typeName = "Statistics", field = "from")
    LocalDate from(StatisticsService.Statistics s) {
        return s.selection().from();
    }

    @SchemaMapping(typeName = "Statistics", field = "to")
    LocalDate to(StatisticsService.Statistics s) {
        return s.selection().to();
    }

    @SchemaMapping(typeName = "Statistics", field = "totals")
    Figures totals(StatisticsService.Statistics s) {
        return s.outcome().totals();
    }

    @SchemaMapping(typeName = "Statistics", field = "breakdown")
    List<Row> breakdown(StatisticsService.Statistics s, @Argument StatisticsQuery.Dimension by) {
        Map<String, Figures> cells = s.outcome().rows().getOrDefault(by, Map.of());
        List<Row> rows = new ArrayList<>(cells.size());
        cells.forEach((key, figures) -> rows.add(new Row(key, by == StatisticsQuery.Dimension.MONTH ? key : s.labels().get(key), figures)));
        return rows;
    }

    record Row(String key, String label, Figures figures) {}
}
