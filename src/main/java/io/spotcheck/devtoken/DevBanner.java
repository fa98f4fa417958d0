package io.spotcheck.devtoken;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import io.spotcheck.security.DevTokens;

/** DEV ONLY: tells whoever ran ./spotcheck run where to click and which token to paste. */
@Component
@Profile("dev")
class DevBanner {

    private final String key;
    private final Environment environment;

    DevBanner(@Value("${spotcheck.security.dev-signing-key}") String key, Environment environment) {
        this.key = key;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void printWhereToClick() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String admin = DevTokens.mint(key, DevTokenCommand.DEMO.get(0));
        String operator = DevTokens.mint(key, DevTokenCommand.DEMO.get(2));
        System.out.printf("""

                ==================================================================================
                 Spotcheck is up (DEV profile — demo tokens below are not valid in production)
                   GraphiQL   http://localhost:%1$s/graphiql
                   GraphQL    http://localhost:%1$s/graphql
                   Health     http://localhost:%1$s/actuator/health
                 In GraphiQL, add the header  {"Authorization": "Bearer <token>"}
                   platform admin:            %2$s
                   market regulation (SCJG) operator:
                                              %3$s
                 More roles: ./spotcheck token      Stop: Ctrl-C
                ==================================================================================
                """, port, admin, operator);
    }
}
