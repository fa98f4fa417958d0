package io.spotcheck.result;

import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Results as Relay nodes, read with the checks of {@code result(…)}. A result's id names its
 * subject's code, an ID number for a natural person, so its global id is sealed.
 */
@Configuration(proxyBeanMethods = false)
class ResultNodes {

    @Bean
    NodeLoader<Caller> resultNode(ResultController controller) {
        return NodeLoader.of("InspectionResult", Result.class, Result::id, (caller, id) -> controller.byId(id, caller), true);
    }
}
