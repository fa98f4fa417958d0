package io.spotcheck.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A loud warning whenever the dev profile runs: its signing key is public, so anyone can mint an admin token. */
@Component
@Profile("dev")
class DevProfileWarning {

    private static final Logger log = LoggerFactory.getLogger(DevProfileWarning.class);

    @EventListener(ApplicationStartedEvent.class)
    void warn() {
        log.warn("DEV PROFILE ACTIVE: tokens are verified with the public demo key, so anyone can mint an admin token. "
                + "Never expose this server to a network; production runs without the dev profile (SPOTCHECK_JWK_SET_URI).");
    }
}
