package io.spotcheck.draw;

import graphql.schema.DataFetchingEnvironment;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskLifecycle;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * Inspector draws, reassignments, substitutes and the lists built from them over GraphQL. The
 * task's departments read everything in full; the public reads records and assignments once the
 * task is published or publicDraw is set: records name natural persons by their public member key
 * (masked codes in version 1 draws), assignments by their masked codes.
 */
@Controller
public class InspectorDrawController {

    private final InspectorDrawService service;
    private final InspectorDrawStore store;
    private final DrawStore draws;
    private final io.spotcheck.api.MaskedCopies maskedCopies;
    private final DrawMasking masking;

    public InspectorDrawController(InspectorDrawService service, InspectorDrawStore store, DrawStore draws,
                                   io.spotcheck.api.MaskedCopies maskedCopies, DrawMasking masking) {
        this.service = service;
        this.store = store;
        this.draws = draws;
        this.maskedCopies = maskedCopies;
        this.masking = masking;
    }

    // A caller who sees persons masked (an automation client without persons:read) gets what the mutations
    // wrote as it reads them in its task's draws: as the public does.

    @MutationMapping
    public InspectorDrawService.InspectorDrawPayload drawInspectors(@Argument InspectorDrawService.DrawInspectorsInput input, Caller caller) {
        InspectorDrawService.InspectorDrawPayload p = service.drawInspectors(caller, input);
        if (PersonAccess.seesPersons(caller) || p.record() == null) {
            return p;
        }
        return new InspectorDrawService.InspectorDrawPayload(masking.of(p.record().taskId()).record(p.record()), p.task(), p.errors());
    }

    @MutationMapping
    public InspectorDrawService.ReassignmentPayload reassignSubject(@Argument InspectorDrawService.ReassignInput input, Caller caller) {
        InspectorDrawService.ReassignmentPayload p = service.reassign(caller, input);
        if (PersonAccess.seesPersons(caller)) {
            return p;
        }
        DrawMasking.Task shown = masking.of(input.taskId());
        return new InspectorDrawService.ReassignmentPayload(shown.assignment(p.previous()), shown.assignment(p.assignment()),
                shown.record(p.amendment()), p.errors());
    }

    @MutationMapping
    public InspectorDrawService.SubstitutionPayload substituteSubject(@Argument InspectorDrawService.SubstituteInput input, Caller caller) {
        InspectorDrawService.SubstitutionPayload p = service.substitute(caller, input);
        return PersonAccess.seesPersons(caller) ? p : masking.of(input.taskId()).payload(p);
    }

    @QueryMapping
    public InspectorDrawRecord inspectorDrawRecord(@Argument String id, @Argument String taskId, @Argument String department, Caller caller,
                                                   DataFetchingEnvironment env) {
        String recordId = id != null ? id : taskId != null && department != null ? InspectorDrawRecord.idFor(taskId, department) : null;
        if (recordId == null) {
            throw SpotcheckException.badInput("id", "give a record id, or a task id and a department");
        }
        if (PersonRecordIds.hidden(caller, env, "id")) {
            return null;
        }
        return record(recordId, caller);
    }

    /**
     * One record by its internal or its public id (IDA-task-department-key-seq), with the checks and
     * masking of {@code inspectorDrawRecord}; null when there is none. What {@code node(id:)} loads.
     */
    InspectorDrawRecord record(String recordId, Caller caller) {
        InspectorDrawRecord record = store.record(recordId);
        if (record == null) {
            record = byPublicId(recordId);
        }
        if (record == null) {
            return null;
        }
        Task task = service.task(record.taskId());
        if (hiddenFromPublic(task, caller)) {
            return null;
        }
        return access(task, caller) == Access.FULL ? record : masking.of(record.taskId()).record(record);
    }

    @QueryMapping
    public List<InspectorDrawRecord> inspectorDrawRecords(@Argument String taskId, Caller caller) {
        Access access = access(service.task(taskId), caller);
        List<InspectorDrawRecord> records = store.records(taskId);
        // The clear id names an amendment's subject: a caller who sees persons masked reads the list in the order of the ids it is shown.
        return access == Access.FULL ? records.stream().sorted(Comparator.comparing(InspectorDrawRecord::id)).toList()
                : masking.of(taskId).listedRecords(records);
    }

    @QueryMapping
    public List<SubstitutionRecord> substitutions(@Argument String taskId, Caller caller) {
        Access access = access(service.task(taskId), caller);
        List<SubstitutionRecord> records = store.substitutions(taskId);
        // Stored by an id that names the member moved out: shown masked in chain order instead.
        return access == Access.FULL ? records : masking.of(taskId).listedSubstitutions(records);
    }

    /** One substitution by its id, with the checks and masking of {@code substitutions}; null when there is none. */
    SubstitutionRecord substitution(String id, Caller caller) {
        SubstitutionRecord record = store.substitution(id);
        if (record == null) {
            return null;
        }
        Task task = service.task(record.taskId());
        if (hiddenFromPublic(task, caller)) {
            return null;
        }
        return access(task, caller) == Access.FULL ? record : masking.of(record.taskId()).substitution(record);
    }

    /**
     * One assignment by its id (task:department:subject[:seq]), as {@code taskAssignments} of that
     * task and department answers it to the caller (an inspector: also as {@code myAssignments} does);
     * null when there is none.
     */
    DrawStore.Assignment assignment(String id, Caller caller) {
        String[] parts = id.split(":", 3);
        if (parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        if (caller.isAnonymous()) {
            // An assignment of a task whose draws the public may not read is, to it, an id of nothing, as one of no task.
            Task task;
            try {
                task = service.task(parts[0]);
            } catch (SpotcheckException e) {
                if (e.code() == io.spotcheck.system.ErrorCode.NOT_FOUND) {
                    return null;
                }
                throw e;
            }
            if (hiddenFromPublic(task, caller)) {
                return null;
            }
        }
        if (caller.has(Role.INSPECTOR)) {
            DrawStore.Assignment own = store.assignmentsOf(caller.id(), parts[0]).stream().filter(a -> id.equals(a.id())).findFirst().orElse(null);
            if (own != null) {
                return own;
            }
        }
        return taskAssignments(parts[0], parts[1], caller).stream().filter(a -> id.equals(maskedCopies.localId(a, a.id())))
                .findFirst().orElse(null);
    }

    /**
     * Verifies an inspector draw, amendment or substitution, found by its internal or its public id.
     * A caller who reads the task's draws as the public does gets the verification under the public
     * id, each person named as the public record names them (by key where one is known); for an id it
     * writes with an ID number in it, the NOT_FOUND of an id of nothing ({@link PersonRecordIds}).
     */
    @QueryMapping
    public InspectorDrawService.Verification verifyInspectorDraw(@Argument String drawId, Caller caller, DataFetchingEnvironment env) {
        boolean hidden = PersonRecordIds.hidden(caller, env, "drawId");
        if (drawId.startsWith("SUB-")) {
            if (hidden) {
                throw notFound("substitution", drawId);
            }
            SubstitutionRecord sub = store.substitution(drawId);
            java.util.regex.Matcher publicId = java.util.regex.Pattern.compile("SUB-(.+)-(\\d{1,6})").matcher(drawId);
            if (sub == null && publicId.matches()) {
                // the public id of a version 2 substitution: SUB-<task>-<seq>
                int seq = Integer.parseInt(publicId.group(2));
                sub = store.substitutions(publicId.group(1)).stream().filter(r -> r.seq() != null && r.seq() == seq).findFirst().orElse(null);
            }
            if (sub == null || hiddenFromPublic(service.task(sub.taskId()), caller)) {
                throw notFound("substitution", drawId);
            }
            if (access(service.task(sub.taskId()), caller) == Access.FULL) {
                return service.verify(sub);
            }
            SubstitutionRecord shown = sub.masked();
            Map<String, String> names = new java.util.HashMap<>();
            if ("NATURAL_PERSON".equals(sub.movedOutKind()) && sub.movedOutCode() != null) {
                names.put(sub.movedOutCode(), shown.movedOutCode());
            }
            if (sub.substitute() != null && "NATURAL_PERSON".equals(sub.substitute().kind())) {
                names.put(sub.substitute().code(), shown.substitute().code());
            }
            // A version 1 substitute's rank is SHA-256(seed ":" code): not shown for a person (nor as the recomputed one).
            boolean personRank = !sub.isVersion2() && sub.substitute() != null && "NATURAL_PERSON".equals(sub.substitute().kind());
            return forPublic(service.verify(sub), shown.id(), names, personRank);
        }
        InspectorDrawRecord record = hidden ? null : store.record(drawId);
        if (record == null && !hidden) {
            record = byPublicId(drawId);
        }
        if (record == null || hiddenFromPublic(service.task(record.taskId()), caller)) {
            throw notFound("inspector draw", drawId);
        }
        if (access(service.task(record.taskId()), caller) == Access.FULL) {
            return service.verify(record);
        }
        Map<String, String> keys = masking.personKeys(record.taskId());
        return forPublic(service.verify(record), record.masked(keys).id(), record.publicNames(keys), record.seededOverPersonCode());
    }

    /** The one NOT_FOUND of a missing record, quoting no ID number in clear, so that an id of nothing and a hidden one read alike. */
    private static SpotcheckException notFound(String what, String drawId) {
        return SpotcheckException.notFound(what, io.spotcheck.privacy.PersonMask.scrub(drawId, null));
    }

    /** An amendment by the id its public record shows (IDA-task-department-key-seq). */
    private InspectorDrawRecord byPublicId(String drawId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("IDA-(.+)-([A-Z][A-Z0-9_]*)-([^-]+)-(\\d{1,6})").matcher(drawId);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> keys = masking.personKeys(m.group(1));
        return store.records(m.group(1)).stream().filter(r -> r.amendment() != null && drawId.equals(r.masked(keys).id()))
                .findFirst().orElse(null);
    }

    /**
     * The verification under the public id, every person's code in its details replaced by the public name;
     * {@code overCode}: its seeds, ranks and digests are computed over a person's ID number, so none is shown.
     */
    private static InspectorDrawService.Verification forPublic(InspectorDrawService.Verification v, String publicId, Map<String, String> names,
                                                               boolean overCode) {
        List<String> details = v.details() == null ? null : v.details().stream().map(d -> {
            String out = d;
            for (Map.Entry<String, String> e : names.entrySet()) {
                out = out.replace(e.getKey(), e.getValue());
            }
            return overCode ? HEX_64.matcher(out).replaceAll("(withheld)") : out;
        }).toList();
        return new InspectorDrawService.Verification(publicId, v.verdict(), details, overCode ? null : v.recomputedDigest(), v.checkedAt());
    }

    private static final java.util.regex.Pattern HEX_64 = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    @QueryMapping
    public List<DrawStore.Assignment> taskAssignments(@Argument String taskId, @Argument String department, Caller caller) {
        Task task = service.task(taskId);
        Access access = access(task, caller);
        if (access == Access.PUBLIC) {
            // Stored in code order, which for persons is the order of their hidden birth dates: re-sorted by public key.
            return masking.of(taskId).listed(draws.assignments(taskId, department));
        }
        // A participating department sees its own list; the lead and platform admins anybody's.
        String only = DrawAccess.departmentAsked(caller, task, department);
        return draws.assignments(taskId, only);
    }

    /** An inspector's own list: every subject it was drawn for, also those that moved on since (with where to). */
    @QueryMapping
    public List<DrawStore.Assignment> myAssignments(@Argument String taskId, Caller caller) {
        caller.requireAny(Role.INSPECTOR);
        return store.assignmentsOf(caller.id(), taskId);
    }

    @SchemaMapping(typeName = "Assignment", field = "state")
    public String state(DrawStore.Assignment assignment) {
        return assignment.isActive() ? DrawStore.Assignment.ACTIVE : assignment.state();
    }

    @SchemaMapping(typeName = "InspectorDrawRecord", field = "unstaffed")
    public List<Map<String, Object>> unstaffed(InspectorDrawRecord record) {
        return record.unstaffed().stream().map(u -> Map.<String, Object>of("agency", u.agency(), "subjectCode", u.subjectCode(),
                "needed", u.needed(), "eligible", u.eligible(), "reason", u.reason(),
                "excluded", u.excluded().entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> Map.of("rule", e.getKey(), "count", e.getValue())).toList())).toList();
    }

    enum Access { FULL, PUBLIC }

    /** Whether the caller reads the task's draws as the public does (masked, in public order); the checks of {@code taskAssignments}. */
    boolean readsMasked(String taskId, Caller caller) {
        return access(service.task(taskId), caller) == Access.PUBLIC;
    }

    /** The public asks about a task whose draws it may not read: answered as for an id of nothing. */
    private static boolean hiddenFromPublic(Task task, Caller caller) {
        return caller.isAnonymous() && !TaskLifecycle.isPublic(task.status()) && !Boolean.TRUE.equals(task.publicDraw());
    }

    private Access access(Task task, Caller caller) {
        if (caller.isPlatformAdmin() || (caller.department() != null && task.isParticipant(caller.department())
                && caller.mayRead("draws:read"))) {
            // An automation client without persons:read reads its own task's draws as the public does.
            return io.spotcheck.privacy.PersonAccess.seesPersons(caller) || caller.isPlatformAdmin() ? Access.FULL : Access.PUBLIC;
        }
        if (TaskLifecycle.isPublic(task.status()) || Boolean.TRUE.equals(task.publicDraw())) {
            return Access.PUBLIC;
        }
        if (caller.isAnonymous()) {
            // The public cannot tell a task whose draws are hidden from a task id of nothing.
            throw SpotcheckException.notFound("task", task.id());
        }
        throw SpotcheckException.forbidden("the draws of task " + task.id() + " are not public yet");
    }
}
