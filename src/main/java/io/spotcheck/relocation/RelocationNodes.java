package io.spotcheck.relocation;

import io.spotcheck.api.MaskedCopies;
import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Relocation findings as Relay nodes, read with the relocation queue's checks and masking. A
 * finding's id is its result's (task|department|subject), naming a natural person's ID number, so
 * the global id is sealed and built from the clear id even for a masked copy.
 */
@Configuration(proxyBeanMethods = false)
class RelocationNodes {

    @Bean
    NodeLoader<Caller> relocationNode(RelocationQueue queue, MaskedCopies copies) {
        return NodeLoader.ofMaskable("Relocation", Relocation.class, Relocation::id, queue::one, copies);
    }
}
