package io.spotcheck.inspector;

import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Inspectors as Relay nodes, read as {@code inspector(id:)} reads them. */
@Configuration(proxyBeanMethods = false)
class InspectorNodes {

    @Bean
    NodeLoader<Caller> inspectorNode(InspectorController controller) {
        return NodeLoader.of("Inspector", InspectorView.class, InspectorView::id, (caller, id) -> controller.inspector(caller, id), false);
    }
}
