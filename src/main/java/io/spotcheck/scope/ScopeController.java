package io.spotcheck.scope;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.api.Connection;
import io.spotcheck.api.CursorCodec;
import io.spotcheck.api.Edge;
import io.spotcheck.api.UserError;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.SubjectFilter;
import io.spotcheck.system.SpotcheckException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** Scopes and their build jobs. A department's admins and operators build its scopes. */
@Controller
public class ScopeController {

    private final ScopeStore store;
    private final ScopeJobs jobs;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final CursorCodec cursors;

    public ScopeController(ScopeStore store, ScopeJobs jobs, AuditLog audit, ObjectMapper json, CursorCodec cursors) {
        this.cursors = cursors;
        this.store = store;
        this.jobs = jobs;
        this.audit = audit;
        this.json = json;
    }

    public record CreateScopeInput(String id, String name, String department, String kind, SubjectFilter filter, String specialList) {}

    public record ScopePayload(Scope scope, ScopeJobs.Progress job, List<UserError> errors) {}

    @QueryMapping
    public Scope scope(@Argument String id, Caller caller) {
        requireReader(caller, null);
        Scope scope = store.get(id);
        if (scope != null) {
            requireReader(caller, scope.department());
        }
        return scope;
    }

    @QueryMapping
    public Connection<Scope> scopes(@Argument String department, @Argument Integer first, @Argument String after, Caller caller) {
        requireReader(caller, department);
        int size = first == null ? 50 : first;
        if (size < 1 || size > 200) {
            throw SpotcheckException.badInput("first", "first must be between 1 and 200");
        }
        String fingerprint = CursorCodec.fingerprint("scopes", department);
        List<Object> position = after == null ? null : cursors.decode(after, fingerprint).after();
        // One row more than asked for says whether another page follows.
        ScopeStore.Page page = store.forDepartment(department, size + 1, position);
        List<Edge<Scope>> edges = new java.util.ArrayList<>();
        for (var row : page.rows().subList(0, Math.min(size, page.rows().size()))) {
            edges.add(new Edge<>(row.getKey(), () -> cursors.encode(fingerprint, null, row.getValue())));
        }
        return Connection.of(edges, page.rows().size() > size, page.total());
    }

    @QueryMapping
    public ScopeJobs.Progress scopeJob(@Argument String id, Caller caller) {
        requireReader(caller, null);
        Scope scope = store.get(id);
        if (scope == null) {
            return null;
        }
        requireReader(caller, scope.department());
        return jobs.progress(id);
    }

    /**
     * A department's scopes are read by its own people and by its automation clients holding
     * {@code tasks:read} or {@code scopes:write}; other departments see a joint task's scope
     * through the task. A null department checks only the caller.
     */
    static void requireReader(Caller caller, String department) {
        caller.requireSignedIn();
        if (!caller.mayRead("tasks:read") && !caller.scopes().contains("scopes:write")) {
            throw SpotcheckException.forbidden("reading scopes needs the scope tasks:read or scopes:write");
        }
        if (department != null) {
            caller.requireDepartment(department);
        }
    }

    /**
     * Polls the job's state and sends each change until it finishes. Scope ids may be chosen by
     * their creator, so knowing one proves nothing: the caller must be allowed to read the scope,
     * as with {@code scopeJob}.
     */
    @SubscriptionMapping
    public Flux<ScopeJobs.Progress> scopeJobProgress(@Argument String id, Caller caller) {
        requireReader(caller, null);
        Scope scope = store.get(id);
        if (scope == null || jobs.progress(id) == null) {
            throw SpotcheckException.notFound("scope", id);
        }
        requireReader(caller, scope.department());
        return Flux.interval(Duration.ZERO, Duration.ofMillis(300))
                .map(tick -> jobs.progress(id))
                .distinctUntilChanged()
                .takeUntil(ScopeJobs.Progress::finished)
                .take(Duration.ofHours(1));
    }

    /**
     * Creates a scope and starts building it. Sending the same request again (same {@code id})
     * resumes the job instead of starting another.
     */
    @MutationMapping
    public ScopePayload createScope(@Argument CreateScopeInput input, Caller caller) {
        caller.require("scopes:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR).requireDepartment(input.department());
        Map<String, Object> definition = new LinkedHashMap<>();
        switch (input.kind()) {
            case "FILTER" -> {
                if (input.filter() == null) {
                    return error("FILTER_REQUIRED", "a FILTER scope needs a filter", "filter");
                }
                io.spotcheck.subject.SubjectFilterValidation.validate(input.filter());
                definition.put("filter", json.convertValue(input.filter(), Map.class));
                if (!PersonAccess.seesPersons(caller)) {
                    // Built as this caller's subject search runs the filter (docs/SECURITY.md, "Guessing"): owner codes
                    // naming a person refused, and text, name prefix and codes never matching one, so that no count of
                    // the scope tells whether a guessed name or ID number is a person's.
                    io.spotcheck.subject.SubjectFilterValidation.refuseGuesses(input.filter(), null);
                    definition.put(ScopeJobs.PERSONS_IN_CLEAR, false);
                }
            }
            case "SPECIAL_LIST" -> {
                if (input.specialList() == null || input.specialList().isBlank()) {
                    return error("LIST_REQUIRED", "name the department's special list", "specialList");
                }
                String listProblem = io.spotcheck.system.InputLimits.tagNameProblem(io.spotcheck.system.InputLimits.clean(input.specialList()));
                if (listProblem != null) {
                    return error("INVALID_VALUE", "a special list is a tag name, which " + listProblem, "specialList");
                }
                // A department's special list is its own tag: members are the subjects carrying it.
                String tag = input.department() + ":" + input.specialList().trim();
                definition.put("list", tag);
                definition.put("filter", Map.of("tagsAny", List.of(tag)));
            }
            case "IMPORTED" -> definition.put("imported", true);
            default -> throw SpotcheckException.badInput("kind", "kind is FILTER, SPECIAL_LIST or IMPORTED");
        }
        String id = input.id() == null ? "S-" + UUID.randomUUID() : input.id();
        if (!io.spotcheck.system.InputLimits.ID.matcher(id).matches()) {
            throw SpotcheckException.badInput("id", "an id has up to 80 letters, digits, '-', '_' or '.'");
        }
        String name = input.name() == null ? null : io.spotcheck.system.InputLimits.name(input.name(), "name");
        Scope existing = store.get(id);
        Scope scope = null;
        if (existing == null) {
            scope = new Scope(id, name, input.department(), input.kind(), definition, "BUILDING", null, null, null, null,
                    null, null, null, caller.id(), OffsetDateTime.now(ZoneOffset.UTC), null);
            if (!store.create(scope)) {
                // An identical request created it a moment ago: answer as for a repeated request.
                existing = store.get(id);
                if (existing == null) {
                    return error("CONFLICT", "scope " + id + " is being created and removed by others; try again", "id");
                }
            }
        }
        if (existing != null) {
            if (!existing.department().equals(input.department()) || !Objects.equals(existing.kind(), input.kind())
                    || !Objects.equals(withoutNulls(json.convertValue(existing.definition(), Map.class)),
                            withoutNulls(json.convertValue(definition, Map.class)))) {
                audit.record(caller, "scope.create", id, "CONFLICT", input);
                return error("CONFLICT", "scope " + id + " exists with another definition", "id");
            }
            if ("CANCELLED".equals(existing.status())) {
                audit.record(caller, "scope.resume", id, "REJECTED", input);
                return new ScopePayload(existing, jobs.progress(id), List.of(cancelled(id)));
            }
            jobs.resume(existing);
            audit.record(caller, "scope.resume", id, "OK", input);
            return new ScopePayload(store.get(id), jobs.progress(id), List.of());
        }
        audit.record(caller, "scope.create", id, "OK", scope);
        if (!"IMPORTED".equals(scope.kind())) {
            jobs.start(id);
        }
        return new ScopePayload(store.get(id), jobs.progress(id), List.of());
    }

    @MutationMapping
    public ScopePayload resumeScopeJob(@Argument String id, Caller caller) {
        Scope scope = requireOwn(id, caller);
        if ("CANCELLED".equals(scope.status())) {
            // a cancelled build is never resumed: say so instead of answering CANCELLED as if something had happened
            audit.record(caller, "scope.resume", id, "REJECTED", Map.of("id", id));
            return new ScopePayload(scope, jobs.progress(id), List.of(cancelled(id)));
        }
        jobs.resume(scope);
        audit.record(caller, "scope.resume", id, "OK", Map.of("id", id));
        return new ScopePayload(store.get(id), jobs.progress(id), List.of());
    }

    @MutationMapping
    public ScopePayload cancelScopeJob(@Argument String id, Caller caller) {
        Scope scope = requireOwn(id, caller);
        if (scope.isFinished()) {
            return new ScopePayload(scope, jobs.progress(id), List.of(UserError.of("INVALID_STATE", "the job has already ended: " + scope.status())));
        }
        jobs.cancel(id);
        audit.record(caller, "scope.cancel", id, "OK", Map.of("id", id));
        return new ScopePayload(store.get(id), jobs.progress(id), List.of());
    }

    /** Imported codes that matched no subject: resident ID numbers (18 characters or 15 digits) masked for a caller who sees persons masked. */
    @SchemaMapping(typeName = "Scope", field = "notFound")
    public List<String> notFound(Scope scope, Caller caller) {
        if (scope.notFound() == null || PersonAccess.seesPersons(caller)) {
            return scope.notFound();
        }
        return scope.notFound().stream().map(c -> PersonMask.scrub(c, null)).toList();
    }

    Scope requireOwn(String id, Caller caller) {
        // the role before the lookup: NOT_FOUND against FORBIDDEN would tell anyone which scopes exist
        caller.require("scopes:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR);
        Scope scope = store.get(id);
        if (scope == null) {
            throw SpotcheckException.notFound("scope", id);
        }
        caller.requireDepartment(scope.department());
        return scope;
    }

    /**
     * The definition as stored: documents omit absent fields, while a filter bound from the request
     * has every field, most of them null. Both sides compare without their nulls.
     */
    static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> clean = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    clean.put(k, withoutNulls(v));
                }
            });
            return clean;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ScopeController::withoutNulls).toList();
        }
        return value;
    }

    private static UserError cancelled(String id) {
        return UserError.of("SCOPE_CANCELLED", "scope " + id + " was cancelled and is never resumed; create a new scope under another id",
                "id");
    }

    private static ScopePayload error(String code, String message, String field) {
        return new ScopePayload(null, null, List.of(UserError.of(code, message, "input", field)));
    }
}
