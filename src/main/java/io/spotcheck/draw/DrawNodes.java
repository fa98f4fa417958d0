package io.spotcheck.draw;

import io.spotcheck.api.NodeLoader;
import io.spotcheck.security.Caller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Draw records as Relay nodes, read as {@code drawRecord(id:)} reads them (masked the same way). */
@Configuration(proxyBeanMethods = false)
class DrawNodes {

    @Bean
    NodeLoader<Caller> drawRecordNode(DrawController controller) {
        return NodeLoader.of("DrawRecord", DrawRecord.class, DrawRecord::id, (caller, id) -> controller.drawRecord(id, null, caller), false);
    }
}
