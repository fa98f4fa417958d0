package io.spotcheck.audit;

import io.spotcheck.security.Caller;
import io.spotcheck.api.Connection;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class AuditController {

    private final AuditQueries queries;

    AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    @QueryMapping
    Connection<AuditQueries.Entry> auditLog(Caller caller, @Argument AuditQueries.AuditFilter filter,
                                                   @Argument Integer first, @Argument String after) {
        AuditQueries.Page page = queries.search(caller, filter, first == null ? 20 : first, after);
        return Connection.ofEntries(page.edges(), page.hasNextPage(), page.totalCount());
    }
}
