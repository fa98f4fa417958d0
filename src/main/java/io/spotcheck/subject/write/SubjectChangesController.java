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
    private final SubjectWriter subjects;
    private final io.spotcheck.privacy.PersonsInView persons;

    public SubjectChangesController(AuditQueries audit, SubjectWriter subjects, io.spotcheck.privacy.PersonsInView persons) {
        this.audit = audit;
        this.subjects = subjects;
        this.persons = persons;
    }

    @QueryMapping
    public Connection<SubjectChange> subjectChanges(@Argument String code, @Argument Integer first, @Argument String after, Caller caller) {
        caller.require("subjects:read", Role.DEPT_ADMIN, Role.DEPT_OPERATOR, Role.AGENCY_REVIEWER, Role.INSPECTOR);
        // A caller who sees persons masked cannot confirm a guessed ID number by its changes (docs/SECURITY.md, "Guessing").
        if (!io.spotcheck.privacy.PersonAccess.seesPersons(caller)) {
            SubjectWriter.Stored stored = code == null ? null : subjects.get(code);
            if (io.spotcheck.privacy.PersonsInView.hidden(persons, caller, code,
                    stored != null && "NATURAL_PERSON".equals(stored.subject().kind()))) {
                return Connection.ofEntries(List.of(), false, 0);
            }
        }
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
