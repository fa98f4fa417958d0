package io.spotcheck.draw;

import io.spotcheck.api.MaskedCopies;
import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Draw records, inspector draw records, substitutions and assignments as Relay nodes, each read as
 * its own query reads it (the same refusal, the same masking). Local ids of the last three can name
 * a natural person's subject code (an amendment's IDA-…-code-n, a substitution's SUB-…-code, an
 * assignment's task:department:code), so their global ids are sealed and built from the clear id
 * even for a masked copy.
 */
@Configuration(proxyBeanMethods = false)
class DrawNodes {

    @Bean
    NodeLoader<Caller> drawRecordNode(DrawController controller) {
        return NodeLoader.of("DrawRecord", DrawRecord.class, DrawRecord::id, (caller, id) -> controller.drawRecord(id, null, caller), false);
    }

    @Bean
    NodeLoader<Caller> inspectorDrawRecordNode(InspectorDrawController controller, MaskedCopies copies) {
        return NodeLoader.ofMaskable("InspectorDrawRecord", InspectorDrawRecord.class, InspectorDrawRecord::id,
                (caller, id) -> controller.record(id, caller), copies);
    }

    @Bean
    NodeLoader<Caller> substitutionNode(InspectorDrawController controller, MaskedCopies copies) {
        return NodeLoader.ofMaskable("Substitution", SubstitutionRecord.class, SubstitutionRecord::id, (caller, id) -> controller.substitution(id, caller), copies);
    }

    @Bean
    NodeLoader<Caller> assignmentNode(InspectorDrawController controller, MaskedCopies copies) {
        return NodeLoader.ofMaskable("Assignment", DrawStore.Assignment.class, DrawStore.Assignment::id,
                (caller, id) -> controller.assignment(id, caller), copies);
    }
}
