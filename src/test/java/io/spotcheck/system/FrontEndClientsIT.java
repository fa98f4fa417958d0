package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What front-end teams run, run with their own tools against this test server: the Node tests in
 * {@code frontend/tests} (GraphiQL in headless Chromium with no network beyond localhost, CORS from a
 * browser page, Apollo Client with automatic persisted queries, graphql-ws with the token in
 * {@code connection_init}, introspection and {@code buildClientSchema}). Their packages come from
 * the npm registry ({@code frontend/tests/install.sh}). Skipped, saying so, only when node is absent;
 * the browser test also needs Debian's {@code chromium}, which {@code ./spotcheck test} installs.
 */
@IntegrationTest
class FrontEndClientsIT {

    static final Path TESTS = Path.of("frontend/tests");
    static final String CHROMIUM = System.getenv().getOrDefault("SPOTCHECK_CHROMIUM", "/usr/bin/chromium");

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Autowired
    ScopeStore scopes;

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private int run(List<String> command, Map<String, String> env, StringBuilder output) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(TESTS.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        output.append(new String(out, StandardCharsets.UTF_8));
        System.out.println(output);
        return process.exitValue();
    }

    private Map<String, String> environment() {
        String id = "S-FE-" + UUID.randomUUID();
        scopes.create(new Scope(id, "front-end test", "SCJG", "FILTER", Map.of("filter", Map.of("tagsAny", List.of("TEST:none"))),
                "BUILDING", null, null, null, null, null, null, null, "it", OffsetDateTime.now(), null));
        return Map.of("SPOTCHECK_URL", "http://localhost:" + port,
                "SPOTCHECK_TOKEN", testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR),
                "SPOTCHECK_SCOPE_ID", id,
                "SPOTCHECK_CHROMIUM", CHROMIUM);
    }

    @Test
    void frontEndTeamsToolsWorkAgainstTheServer() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node/npm not found: the Node front-end tests (frontend/tests) are skipped");
        StringBuilder install = new StringBuilder();
        assertThat(run(List.of("bash", "install.sh"), Map.of(), install)).as(install.toString()).isZero();

        List<String> files = new ArrayList<>(List.of("clients.test.mjs"));
        boolean ci = "true".equals(System.getenv("CI"));
        if (Files.isExecutable(Path.of(CHROMIUM)) || ci) {
            files.add("graphiql.browser.test.mjs");
        } else {
            System.out.println("SKIPPED graphiql.browser.test.mjs: no " + CHROMIUM + " (./spotcheck test installs Debian's chromium)");
        }
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
        command.addAll(files);
        StringBuilder output = new StringBuilder();
        int exit = run(command, environment(), output);
        assertThat(exit).as(output.toString()).isZero();
        assertThat(output.toString()).contains("# fail 0");
    }

    @Test
    void aCorsPreflightFromAnAllowedOriginIsAnsweredAndAForeignOneRefused() throws Exception {
        RawHttp http = new RawHttp(port);
        HttpResponse<String> allowed = http.send("OPTIONS", "/graphql", Map.of("Origin", "http://localhost:5173",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"), null);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization");
        HttpResponse<String> foreign = http.send("OPTIONS", "/graphql", Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"), null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> actual = http.send("POST", "/graphql", Map.of("Origin", "http://localhost:3000",
                "Content-Type", "application/json"), "{\"query\":\"{ __typename }\"}");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
    }

    @Test
    void theGraphiqlPageAndItsAssetsAreServedByTheServerItself() throws Exception {
        RawHttp http = new RawHttp(port);
        HttpResponse<String> page = http.send("GET", "/graphiql/", Map.of(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("graphiql.js").doesNotContain("https://");
        assertThat(http.send("GET", "/graphiql", Map.of(), null).statusCode()).isIn(200, 302);
    }
}
