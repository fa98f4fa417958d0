package io.spotcheck.subject.write;

import io.spotcheck.audit.AuditQueries;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.api.Connection;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** A subject's provenance over GraphQL (schema/subject-ownership.graphqls): who changed it, when, through what, which fields. */
@Controller
public class SubjectChangesController {

    /** Audit action → the operation named as the change's source. */
    static final Map<String, String> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("subject.upsert", "upsertSubject");
        SOURCES.put("subject.update", "updateSubject");
        SOURCES.put("subject.tags", "setSubjectTags");
        SOURCES.put("subject.import", "import");
    }

    /** One change as the API shows it. */
    public record SubjectChange(String id, OffsetDateTime at, String by, String department, String source, List<String> fields, String batch) {}

    private final AuditQueries audit;

    public SubjectChangesController(AuditQueries audit) {
        this.audit = audit;
    }

    @QueryMapping
    public Connection<SubjectChange> subjectChanges(@Argument String code, @Argument Integer first, @Argument String after, Caller caller) {
        caller.require("subjects:read", Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER, Role.INSPECTOR);
        AuditQueries.ChangePage page = audit.changes(code, List.copyOf(SOURCES.keySet()), first == null ? 20 : first, after);
        List<Map.Entry<String, SubjectChange>> edges = page.edges().stream().map(e -> {
            AuditQueries.Change c = e.getValue();
            List<String> fields = "subject.tags".equals(c.action()) ? List.of("tags") : c.fields();
            return Map.entry(e.getKey(), new SubjectChange(c.id(), OffsetDateTime.parse(c.at()), c.principal(), c.department(),
                    SOURCES.get(c.action()), fields, c.batch()));
        }).toList();
        return Connection.ofEntries(edges, page.hasNextPage(), page.totalCount());
    }
}
