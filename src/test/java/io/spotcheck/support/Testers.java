package io.spotcheck.support;

import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;

/** Per-role testers, each made from the shared tester with {@code mutate()}. */
@TestComponent
public class Testers {

    private final HttpGraphQlTester tester;
    private final String key;

    public Testers(HttpGraphQlTester tester, @Value("${spotcheck.security.dev-signing-key}") String key) {
        this.tester = tester;
        this.key = key;
    }

    public HttpGraphQlTester anonymous() {
        return tester;
    }

    public HttpGraphQlTester as(String department, String agency, Role... roles) {
        return withToken(token(department, agency, null, roles));
    }

    public HttpGraphQlTester platformAdmin() {
        return as(null, null, Role.PLATFORM_ADMIN);
    }

    public HttpGraphQlTester automation(String department, String scope) {
        return withToken(token(department, null, scope, Role.AUTOMATION));
    }

    public HttpGraphQlTester withToken(String token) {
        return tester.mutate().header(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    public String token(String department, String agency, String scope, Role... roles) {
        String subject = (department == null ? "platform" : department) + "-" + List.of(roles).get(0).name().toLowerCase();
        return DevTokens.mint(key, new DevTokens.Spec(subject, subject, department, agency, List.of(roles), scope,
                java.time.Instant.now().plusSeconds(3600), DevTokens.AUDIENCE));
    }

    public String signingKey() {
        return key;
    }
}
