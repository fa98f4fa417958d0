package io.spotcheck.draw;

import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.security.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** handOverSubjects over GraphQL (schema/handover.graphqls). */
@Controller
public class UncoveredHandoverController {

    private final UncoveredHandover handover;
    private final DrawMasking masking;

    public UncoveredHandoverController(UncoveredHandover handover, DrawMasking masking) {
        this.handover = handover;
        this.masking = masking;
    }

    @MutationMapping
    public UncoveredHandover.HandOverPayload handOverSubjects(@Argument UncoveredHandover.HandOverInput input, Caller caller) {
        UncoveredHandover.HandOverPayload p = handover.handOver(caller, input);
        if (PersonAccess.seesPersons(caller)) {
            return p;
        }
        // A caller who sees persons masked reads what it moved as it reads its task's draws: as the public does.
        DrawMasking.Task shown = masking.of(input.taskId());
        return new UncoveredHandover.HandOverPayload(shown.assignments(p.assignments()),
                p.amendments().stream().map(shown::record).toList(), p.alreadyHandedOver().stream().map(shown::code).toList(), p.errors());
    }
}
