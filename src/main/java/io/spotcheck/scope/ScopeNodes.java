package io.spotcheck.scope;

import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Scopes as Relay nodes, read as {@code scope(id:)} reads them. */
@Configuration(proxyBeanMethods = false)
class ScopeNodes {

    @Bean
    NodeLoader<Caller> scopeNode(ScopeController controller) {
        return NodeLoader.of("Scope", Scope.class, Scope::id, (caller, id) -> controller.scope(id, caller), false);
    }
}
