package io.spotcheck.inspector;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.inspector.InspectorDirectory.PageResult;
import io.spotcheck.inspector.InspectorDirectory.SortField;
import io.spotcheck.inspector.InspectorDirectory.Stored;
import io.spotcheck.inspector.InspectorDirectory.Visibility;
import io.spotcheck.inspector.InspectorRules.Problem;
import io.spotcheck.api.Connection;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.api.Edge;
import io.spotcheck.api.UserError;
import io.spotcheck.api.FacetBucket;
import io.spotcheck.search.PitHandles;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** GraphQL entry points of the inspector directory; rules live in {@link InspectorAccess} and {@link InspectorRules}. */
@Controller
class InspectorController {

    static final int MAX_PAGE = 100;

    private final InspectorDirectory directory;
    private final DepartmentDirectory departments;
    private final AuditLog audit;
    private final CursorCodec cursors;
    private final PitHandles pits;

    /** For tests without Redis. */
    InspectorController(InspectorDirectory directory, DepartmentDirectory departments, AuditLog audit, String cursorSecret) {
        this(directory, departments, audit, new CursorCodec(cursorSecret), PitHandles.none());
    }

    @org.springframework.beans.factory.annotation.Autowired
    InspectorController(InspectorDirectory directory, DepartmentDirectory departments, AuditLog audit, CursorCodec cursors, PitHandles pits) {
        this.directory = directory;
        this.departments = departments;
        this.audit = audit;
        this.cursors = cursors;
        this.pits = pits;
    }

    private static final java.time.Duration PIT_KEEP_ALIVE = java.time.Duration.ofMinutes(2);

    record SortInput(InspectorSortField field, io.spotcheck.inspector.InspectorController.Direction direction) {}

    enum InspectorSortField { NAME, DRAWS_THIS_YEAR, CERTIFICATE_VALID_UNTIL, UPDATED_AT }

    enum Direction { ASC, DESC }

    record Facets(List<FacetBucket> departments, List<FacetBucket> agencies, List<FacetBucket> statuses,
                  List<FacetBucket> qualifications, List<FacetBucket> certificate) {}

    private static UserError userError(Problem p) {
        return new UserError(p.code(), p.message(), p.field());
    }

    record Payload(InspectorView inspector, List<UserError> errors) {
        static Payload ok(InspectorView view) {
            return new Payload(view, List.of());
        }

        static Payload failed(List<UserError> errors) {
            return new Payload(null, errors);
        }
    }

    // ------------------------------------------------------------------ reads

    @QueryMapping
    Connection inspectors(Caller caller, @Argument InspectorFilter filter, @Argument SortInput sort,
                          @Argument Integer first, @Argument String after) {
        Visibility visibility = InspectorAccess.readScope(caller);
        int size = first == null ? 20 : first;
        if (size < 1 || size > MAX_PAGE) {
            throw SpotcheckException.badInput("first", "first must be between 1 and " + MAX_PAGE);
        }
        InspectorFilter f = (filter == null ? InspectorFilter.NONE : filter).validated();
        boolean recusedForHidden = f.recusedFor() != null && InspectorAccess.masksPerson(caller, f.recusedFor().trim());
        SortField sortField = sort == null || sort.field() == null ? SortField.NAME : SortField.valueOf(sort.field().name());
        boolean descending = sort != null && sort.direction() == Direction.DESC;
        String fingerprint = CursorCodec.fingerprint("inspectors", f, sortField, descending, visibility, recusedForHidden);
        CursorCodec.Position position = after == null ? null : cursors.decode(after, fingerprint);
        LocalDate today = LocalDate.now(InspectorDirectory.ZONE);
        PageResult page = directory.search(new InspectorDirectory.Page(f, visibility, sortField, descending, size,
                position == null ? null : pits.pit(position.pit(), PIT_KEEP_ALIVE), position == null ? null : position.after(), today, recusedForHidden));
        Integer pitHandle = page.pit() == null ? null : pits.handle(page.pit(), PIT_KEEP_ALIVE);
        List<Edge<InspectorView>> edges = new ArrayList<>();
        for (int i = 0; i < page.inspectors().size(); i++) {
            List<Object> sortValues = page.sortValues().get(i);
            edges.add(new Edge<>(InspectorView.of(page.inspectors().get(i), caller, today), () -> cursors.encode(fingerprint, pitHandle, sortValues)));
        }
        Function<String, List<FacetBucket>> facet = name -> page.facets().getOrDefault(name, List.of()).stream()
                .toList();
        return Connection.of(edges, page.hasNext(), page.total(), new Facets(facet.apply("department"), facet.apply("agency"),
                facet.apply("status"), facet.apply("qualification"), facet.apply("certificate")));
    }

    @QueryMapping
    InspectorView inspector(Caller caller, @Argument String id) {
        Visibility visibility = InspectorAccess.readScope(caller);
        if (id == null || !InspectorRules.ID.matcher(id).matches()) {
            return null;
        }
        Optional<Stored> stored = directory.get(id);
        if (stored.isEmpty()) {
            return null;
        }
        if (!visibility.allows(stored.get().inspector())) {
            throw SpotcheckException.forbidden("inspector " + id + " is outside what you may read");
        }
        return InspectorView.of(stored.get().inspector(), caller, LocalDate.now(InspectorDirectory.ZONE));
    }

    @BatchMapping(typeName = "Inspector", field = "department")
    Map<InspectorView, Department> department(List<InspectorView> inspectors) {
        Map<String, Department> found = departments.departments(inspectors.stream().map(InspectorView::departmentCode).toList());
        Map<InspectorView, Department> result = new LinkedHashMap<>();
        for (InspectorView i : inspectors) {
            Department d = found.get(i.departmentCode());
            if (d != null) {
                result.put(i, d);
            }
        }
        return result;
    }

    @BatchMapping(typeName = "Inspector", field = "agency")
    Map<InspectorView, Department.Agency> agency(List<InspectorView> inspectors) {
        Map<String, Department.Agency> found = departments.agencies(inspectors.stream().map(InspectorView::agencyId).toList());
        Map<InspectorView, Department.Agency> result = new LinkedHashMap<>();
        for (InspectorView i : inspectors) {
            Department.Agency a = found.get(i.agencyId());
            if (a != null) {
                result.put(i, a);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ writes

    @MutationMapping
    Payload upsertInspector(Caller caller, @Argument InspectorRules.Input input) {
        String action = "inspector.upsert";
        String id = input.id() != null ? input.id() : null;
        requireAdminRole(caller, action, id, input);
        guard(caller, action, id, input, input.department());
        Optional<Stored> existing = id == null || !InspectorRules.ID.matcher(id).matches() ? Optional.empty() : directory.get(id);
        existing.ifPresent(s -> guard(caller, action, id, input, s.inspector().department()));

        Department department = departments.departments(List.of(input.department())).get(input.department());
        List<Problem> problems = InspectorRules.check(input, department);
        if (!problems.isEmpty()) {
            return rejected(caller, action, id, input, problems);
        }
        if (existing.isPresent() && stale(input.expectedUpdatedAt(), existing.get().inspector())) {
            return rejected(caller, action, id, input, List.of(conflict("input", "expectedUpdatedAt")));
        }
        String newId = id != null ? id : input.agency() + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Instant now = now();
        Inspector previous = existing.map(Stored::inspector).orElse(null);
        Inspector inspector = new Inspector(newId, input.name().strip(), input.department(), input.agency(),
                input.certificateNumber(), input.certificateValidFrom(), input.certificateValidUntil(),
                input.qualifications() == null ? List.of() : input.qualifications().stream().map(Enum::name).distinct().sorted().toList(),
                (input.status() == null ? InspectorStatus.ACTIVE : input.status()).name(), input.phone(),
                previous == null ? List.of() : previous.recusals(), previous == null ? null : previous.workload(), now);
        boolean written = existing.isPresent()
                ? directory.replace(inspector, existing.get().seqNo(), existing.get().primaryTerm())
                : directory.create(inspector);
        if (!written) {
            return rejected(caller, action, newId, input, List.of(conflict("input", "id")));
        }
        audit.record(caller, action, newId, "OK", input);
        return Payload.ok(InspectorView.of(inspector, caller, today()));
    }

    @MutationMapping
    Payload setInspectorStatus(Caller caller, @Argument String id, @Argument InspectorStatus status,
                               @Argument OffsetDateTime expectedUpdatedAt) {
        String action = "inspector.setStatus";
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("id", id);
        change.put("status", status.name());
        return change(caller, action, id, change, current -> {
            if (stale(expectedUpdatedAt, current)) {
                return List.of(userError(conflict("expectedUpdatedAt")));
            }
            return List.of();
        }, current -> with(current, status.name(), current.recusals()));
    }

    @MutationMapping
    Payload addRecusal(Caller caller, @Argument String inspectorId, @Argument String subjectCode, @Argument String reason) {
        String action = "inspector.addRecusal";
        Map<String, Object> change = Map.of("inspectorId", inspectorId, "subjectCode", String.valueOf(subjectCode), "reason", String.valueOf(reason));
        List<Problem> invalid = InspectorRules.checkRecusal(subjectCode, reason == null ? "" : reason);
        return change(caller, action, inspectorId, change, current -> invalid.stream().map(InspectorController::userError).toList(), current -> {
            List<Inspector.Recusal> recusals = new ArrayList<>();
            for (Inspector.Recusal r : current.recusals()) {
                if (!r.subjectCode().equals(subjectCode)) {
                    recusals.add(r);
                }
            }
            recusals.add(new Inspector.Recusal(subjectCode, reason.strip(), now(), caller.id()));
            recusals.sort(java.util.Comparator.comparing(Inspector.Recusal::subjectCode));
            return with(current, current.status(), recusals);
        });
    }

    @MutationMapping
    Payload removeRecusal(Caller caller, @Argument String inspectorId, @Argument String subjectCode) {
        String action = "inspector.removeRecusal";
        Map<String, Object> change = Map.of("inspectorId", inspectorId, "subjectCode", String.valueOf(subjectCode));
        return change(caller, action, inspectorId, change, current -> {
            if (current.recusals().stream().noneMatch(r -> r.subjectCode().equals(subjectCode))) {
                return List.of(new UserError("NOT_RECUSED", "inspector " + inspectorId + " has no recusal for " + subjectCode, List.of("subjectCode")));
            }
            return List.of();
        }, current -> with(current, current.status(),
                current.recusals().stream().filter(r -> !r.subjectCode().equals(subjectCode)).toList()));
    }

    /** Read, check permission on the stored department, validate, write guarded by sequence number, audit. */
    private Payload change(Caller caller, String action, String id, Object change,
                           Function<Inspector, List<UserError>> validate, Function<Inspector, Inspector> apply) {
        requireAdminRole(caller, action, id, change);
        Optional<Stored> stored = id == null || !InspectorRules.ID.matcher(id).matches() ? Optional.empty() : directory.get(id);
        if (stored.isEmpty()) {
            audit.record(caller, action, id, "REJECTED", change);
            return Payload.failed(List.of(new UserError("NOT_FOUND", "inspector " + id + " does not exist", List.of("id"))));
        }
        Inspector current = stored.get().inspector();
        guard(caller, action, id, change, current.department());
        List<UserError> errors = validate.apply(current);
        if (!errors.isEmpty()) {
            audit.record(caller, action, id, "REJECTED", change);
            return Payload.failed(errors);
        }
        Inspector updated = apply.apply(current);
        if (!directory.replace(updated, stored.get().seqNo(), stored.get().primaryTerm())) {
            audit.record(caller, action, id, "CONFLICT", change);
            return Payload.failed(List.of(conflict()));
        }
        audit.record(caller, action, id, "OK", change);
        return Payload.ok(InspectorView.of(updated, caller, today()));
    }

    private void requireAdminRole(Caller caller, String action, String target, Object change) {
        if (!caller.hasAny(Role.PLATFORM_ADMIN, Role.DEPT_ADMIN)) {
            audit.record(caller, action, target, "FORBIDDEN", change);
            throw SpotcheckException.forbidden("only a department administrator may change inspectors");
        }
    }

    private void guard(Caller caller, String action, String target, Object change, String department) {
        if (!InspectorAccess.mayChange(caller, department)) {
            audit.record(caller, action, target, "FORBIDDEN", change);
            InspectorAccess.requireChange(caller, department);
        }
    }

    private Payload rejected(Caller caller, String action, String id, Object change, List<Problem> problems) {
        audit.record(caller, action, id, "REJECTED", change);
        return Payload.failed(problems.stream().map(InspectorController::userError).toList());
    }

    private static boolean stale(OffsetDateTime expected, Inspector current) {
        return expected != null && (current.updatedAt() == null
                || !expected.toInstant().truncatedTo(ChronoUnit.MILLIS).equals(current.updatedAt().truncatedTo(ChronoUnit.MILLIS)));
    }

    private static Inspector with(Inspector i, String status, List<Inspector.Recusal> recusals) {
        return new Inspector(i.id(), i.name(), i.department(), i.agency(), i.certificateNumber(), i.certificateValidFrom(),
                i.certificateValidUntil(), i.qualifications(), status, i.phone(), recusals, i.workload(), now());
    }

    private static Problem conflict(String... field) {
        return new Problem("CONFLICT", "the inspector was changed by someone else; reload and try again", List.of(field));
    }

    private static UserError conflict() {
        return new UserError("CONFLICT", "the inspector was changed by someone else; reload and try again", List.of());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static LocalDate today() {
        return LocalDate.now(InspectorDirectory.ZONE);
    }
}
