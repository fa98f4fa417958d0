package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/** graphql-ws as browsers use it: the token in {@code connection_init}, and subscriptions that check who follows them. */
@IntegrationTest
class GraphQlWsIT {

    static final String FOLLOW = "subscription($id: String!) { scopeJobProgress(id: $id) { status } }";

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    ScopeStore scopes;

    private WebSocketGraphQlTester socket(Map<String, Object> initPayload, String headerToken) {
        var builder = WebSocketGraphQlTester.builder(URI.create("ws://localhost:" + port + "/graphql"), new ReactorNettyWebSocketClient())
                .responseTimeout(Duration.ofSeconds(20));
        if (initPayload != null) {
            builder.interceptor(new WebSocketGraphQlClientInterceptor() {
                @Override
                public Mono<Object> connectionInitPayload() {
                    return Mono.just(initPayload);
                }
            });
        }
        if (headerToken != null) {
            builder.header("Authorization", "Bearer " + headerToken);
        }
        return builder.build();
    }

    private String scjgScope() {
        String id = "S-WS-" + UUID.randomUUID();
        scopes.create(new Scope(id, "ws test", "SCJG", "FILTER", Map.of("filter", Map.of("tagsAny", List.of("TEST:none"))),
                "BUILDING", null, null, null, null, null, null, null, "it", OffsetDateTime.now(), null));
        return id;
    }

    private static String firstErrorCode(WebSocketGraphQlTester ws, String id) {
        Throwable failure = catchThrowable(() -> ws.document(FOLLOW).variable("id", id).executeSubscription()
                .toFlux("scopeJobProgress.status", String.class).blockFirst(Duration.ofSeconds(20)));
        assertThat(failure).isInstanceOf(SubscriptionErrorException.class);
        return String.valueOf(((SubscriptionErrorException) failure).getErrors().get(0).getExtensions().get("code"));
    }

    @Test
    void aTokenInConnectionInitIsTheSocketsCallerUnderEitherKeySpelling() {
        String operator = testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR);
        for (String key : List.of("Authorization", "authorization")) {
            WebSocketGraphQlTester ws = socket(Map.of(key, "Bearer " + operator), null);
            ws.document("{ viewer { id anonymous } }").execute()
                    .path("viewer.id").entity(String.class).isEqualTo("SCJG-dept_operator")
                    .path("viewer.anonymous").entity(Boolean.class).isEqualTo(false);
            String id = scjgScope();
            String status = ws.document(FOLLOW).variable("id", id).executeSubscription()
                    .toFlux("scopeJobProgress.status", String.class).blockFirst(Duration.ofSeconds(20));
            assertThat(status).isEqualTo("BUILDING");
            ws.stop().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void theUpgradeRequestsBearerHeaderStillNamesTheCaller() {
        WebSocketGraphQlTester ws = socket(null, testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_ADMIN));
        ws.document("{ viewer { id } }").execute().path("viewer.id").entity(String.class).isEqualTo("SCJG-dept_admin");
        ws.stop().block(Duration.ofSeconds(5));
    }

    @Test
    void anAnonymousSocketCannotFollowAJobWhoseIdItKnows() {
        WebSocketGraphQlTester ws = socket(null, null);
        assertThat(firstErrorCode(ws, scjgScope())).isEqualTo("FORBIDDEN");
        ws.stop().block(Duration.ofSeconds(5));
    }

    @Test
    void anotherDepartmentCannotFollowTheJob() {
        WebSocketGraphQlTester ws = socket(Map.of("Authorization", "Bearer " + testers.token("WSJK", "WSJK-BUREAU", null, Role.DEPT_OPERATOR)), null);
        assertThat(firstErrorCode(ws, scjgScope())).isEqualTo("FORBIDDEN");
        ws.stop().block(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownJobIsNotFoundWithACode() {
        WebSocketGraphQlTester ws = socket(Map.of("Authorization", "Bearer " + testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR)), null);
        assertThat(firstErrorCode(ws, "S-NO-SUCH-" + UUID.randomUUID())).isEqualTo("NOT_FOUND");
        ws.stop().block(Duration.ofSeconds(5));
    }

    @Test
    void aSignedTokenWithoutASubjectInConnectionInitIsRefusedAsOverHttp() {
        String noSubject = DevTokens.mint(testers.signingKey(), new DevTokens.Spec(null, "no subject", null, null,
                List.of(Role.PLATFORM_ADMIN), null, java.time.Instant.now().plusSeconds(3600), DevTokens.AUDIENCE));
        WebSocketGraphQlTester ws = socket(Map.of("Authorization", "Bearer " + noSubject), null);
        // a field that answered before without an error: the socket itself must be refused
        Throwable failure = catchThrowable(() -> ws.document("{ viewer { anonymous } }").execute().path("viewer.anonymous").entity(Boolean.class).get());
        assertThat(failure).isNotNull();
    }

    @Test
    void aForgedTokenInConnectionInitIsRefusedAndTheSocketDoesNotRunAnonymous() {
        WebSocketGraphQlTester ws = socket(Map.of("Authorization", "Bearer not.a.token"), null);
        Throwable failure = catchThrowable(() -> ws.document("{ viewer { id } }").execute().path("viewer.id").entity(String.class).get());
        assertThat(failure).isNotNull();
    }
}
