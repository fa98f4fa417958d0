package io.spotcheck.draw;

import io.spotcheck.security.Caller;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** handOverSubjects over GraphQL (schema/handover.graphqls). */
@Controller
public class UncoveredHandoverController {

    private final UncoveredHandover handover;

    public UncoveredHandoverController(UncoveredHandover handover) {
        this.handover = handover;
    }

    @MutationMapping
    public UncoveredHandover.HandOverPayload handOverSubjects(@Argument UncoveredHandover.HandOverInput input, Caller caller) {
        return handover.handOver(caller, input);
    }
}
