package io.spotcheck.draw;

import io.spotcheck.security.Caller;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;

/**
 * The details of a verification name the codes that differ. The public may verify a public draw, so
 * for a caller who may not see persons in clear each person's code in them is masked by
 * {@link PersonMask} (the task's drawn and substitute persons, and anything shaped like a resident ID).
 */
@Controller
class VerificationDetailsController {

    private final DrawStore draws;
    private final InspectorDrawStore inspectorDraws;

    VerificationDetailsController(DrawStore draws, InspectorDrawStore inspectorDraws) {
        this.draws = draws;
        this.inspectorDraws = inspectorDraws;
    }

    @SchemaMapping(typeName = "DrawVerification", field = "details")
    List<String> drawDetails(DrawService.Verification verification, Caller caller) {
        if (PersonAccess.seesPersons(caller) || verification.details() == null || verification.details().isEmpty()) {
            return verification.details();
        }
        DrawRecord record = draws.record(verification.drawId());
        return scrub(verification.details(), record == null ? null : record.taskId());
    }

    @SchemaMapping(typeName = "InspectorDrawVerification", field = "details")
    List<String> inspectorDrawDetails(InspectorDrawService.Verification verification, Caller caller) {
        if (PersonAccess.seesPersons(caller) || verification.details() == null || verification.details().isEmpty()) {
            return verification.details();
        }
        String id = verification.drawId();
        String taskId = null;
        if (id != null && id.startsWith("SUB-")) {
            SubstitutionRecord sub = inspectorDraws.substitution(id);
            taskId = sub == null ? null : sub.taskId();
        } else if (id != null) {
            InspectorDrawRecord record = inspectorDraws.record(id);
            taskId = record == null ? null : record.taskId();
        }
        return scrub(verification.details(), taskId);
    }

    /** The id a verification names may be an internal one holding the subject's code (SUB-task-code, IDA-…-code-n). */
    @SchemaMapping(typeName = "InspectorDrawVerification", field = "drawId")
    String inspectorDrawId(InspectorDrawService.Verification verification, Caller caller) {
        if (PersonAccess.seesPersons(caller) || verification.drawId() == null) {
            return verification.drawId();
        }
        return PersonMask.scrub(verification.drawId(), null);
    }

    private List<String> scrub(List<String> details, String taskId) {
        Set<String> persons = new HashSet<>();
        if (taskId != null) {
            DrawRecord record = draws.record(DrawRecord.idFor(taskId));
            if (record != null && record.selected() != null) {
                record.selected().stream().filter(s -> "NATURAL_PERSON".equals(s.kind())).forEach(s -> persons.add(s.code()));
            }
            for (SubstitutionRecord sub : inspectorDraws.substitutions(taskId)) {
                if ("NATURAL_PERSON".equals(sub.movedOutKind())) {
                    persons.add(sub.movedOutCode());
                }
                if (sub.substitute() != null && "NATURAL_PERSON".equals(sub.substitute().kind())) {
                    persons.add(sub.substitute().code());
                }
            }
        }
        return details.stream().map(d -> PersonMask.scrub(d, persons)).toList();
    }
}
