package io.spotcheck.publicpage;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public's page in headless Chromium: it lists a draw made through the API in this test
 * (found by an organisation it drew), shows its strata and keys, and verifies it in the browser —
 * a chain of two substitutions included — to MATCH; pointed (?api=) at a copy of the same public
 * data whose snapshot has one line altered, it says MISMATCH and names that line.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicPageIT {

    /** Serves the public draw data with one snapshot line altered, on the application's own origin (the page's CSP allows nothing else). */
    @TestConfiguration
    static class Tampering {
        @Bean
        TamperedMirror tamperedMirror(Environment environment) {
            return new TamperedMirror(environment);
        }
    }

    @RestController
    static class TamperedMirror {
        static volatile String alteredKey;
        private final Environment environment;
        private final HttpClient http = HttpClient.newHttpClient();

        TamperedMirror(Environment environment) {
            this.environment = environment;
        }

        private byte[] upstream(String path) throws Exception {
            String base = "http://localhost:" + environment.getProperty("local.server.port");
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        }

        @GetMapping(path = "/test-tampered/public/draws/{id}", produces = "application/json")
        byte[] record(@PathVariable String id) throws Exception {
            return upstream("/public/draws/" + id);
        }

        @GetMapping(path = "/test-tampered/public/draws/{id}/substitutions", produces = "application/json")
        byte[] substitutions(@PathVariable String id) throws Exception {
            return upstream("/public/draws/" + id + "/substitutions");
        }

        /** The snapshot with the region of the altered key's line changed in its last digit (same length). */
        @GetMapping(path = "/test-tampered/public/draws/{id}/snapshot", produces = "text/plain;charset=UTF-8")
        ResponseEntity<byte[]> snapshot(@PathVariable String id) throws Exception {
            String text = new String(upstream("/public/draws/" + id + "/snapshot"), StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n")) {
                String[] f = line.split("\t", -1);
                if (f[0].equals(alteredKey)) {
                    char last = f[2].charAt(f[2].length() - 1);
                    f[2] = f[2].substring(0, f[2].length() - 1) + (last == '9' ? '8' : (char) (last + 1));
                    line = String.join("\t", f);
                }
                out.append(line).append('\n');
            }
            return ResponseEntity.ok(out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @LocalServerPort
    int port;

    final ObjectMapper json = new ObjectMapper();
    String tag;
    String taskId;
    String drawId;
    JsonNode record;
    String searchCode;
    HeadlessChromium browser;

    @BeforeAll
    void drawThroughTheApiAndStartChromium() throws Exception {
        DrawFixture fixture = new DrawFixture(testers, client, names);
        tag = DrawFixture.tag();
        fixture.indexSubjects(tag, 300);
        taskId = fixture.scopedTask(tag, true);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("taskId", taskId);
        in.put("publicValue", "3D " + taskId + " 5 0 8");
        in.put("minPerJurisdiction", 1);
        in.put("excludeOpenTasks", false);
        in.put("ratios", List.of(Map.of("stratum", "A", "percent", 5), Map.of("stratum", "B", "percent", 10),
                Map.of("stratum", "C", "percent", 20), Map.of("stratum", "D", "percent", 50)));
        drawId = (String) fixture.scjg().document(DrawFixture.DRAW).variable("in", in).execute()
                .path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record.id").entity(String.class).get();
        fixture.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ task{ status } errors{ code } } }").variable("t", taskId)
                .execute().path("groupTask.task.status").entity(String.class).isEqualTo("GROUPED");
        record = getJson("/public/draws/" + drawId);

        // A chain of two substitutions: a member drawn for its stratum moves out, then its substitute does.
        String movedOut = null;
        for (JsonNode s : record.path("selected")) {
            if ("STRATUM".equals(s.path("reason").asText()) && "ORGANISATION".equals(s.path("kind").asText())) {
                movedOut = s.path("key").asText();
                break;
            }
        }
        assertThat(movedOut).as("an organisation drawn for its stratum").isNotNull();
        setStatus(movedOut, "MOVED_OUT");
        String firstSubstitute = substitute(movedOut);
        assertThat(firstSubstitute).isNotNull();
        setStatus(firstSubstitute, "MOVED_OUT");
        assertThat(substitute(firstSubstitute)).isNotNull();
        assertThat(getJson("/public/draws/" + drawId + "/substitutions")).hasSize(2);

        // An organisation drawn for its stratum, other than the one that moved out: the search finds the task by it,
        // and its snapshot line is the one the mirror alters.
        for (JsonNode s : record.path("selected")) {
            if ("ORGANISATION".equals(s.path("kind").asText()) && !s.path("key").asText().equals(movedOut)) {
                searchCode = s.path("key").asText();
                break;
            }
        }
        TamperedMirror.alteredKey = searchCode;
        browser = new HeadlessChromium();
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.close();
        }
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    void setStatus(String code, String status) throws Exception {
        client.update(u -> u.index(names.alias("subjects")).id(code).doc(Map.of("status", status)).refresh(Refresh.True), Map.class);
    }

    String substitute(String code) {
        return new DrawFixture(testers, client, names).scjg().document("""
                        mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) {
                          substitution { substitute { key } } errors { code message } } }""")
                .variable("in", Map.of("taskId", taskId, "subjectCode", code, "reason", "迁出"))
                .execute().path("substituteSubject.errors").entityList(Object.class).hasSize(0)
                .path("substituteSubject.substitution.substitute.key").entity(String.class).get();
    }

    String page(String query) {
        return "http://localhost:" + port + "/public" + query;
    }

    /** Opens the page searching for the test's organisation and waits until the task is listed. */
    void openListingTheTask(String extra) throws Exception {
        browser.navigate(page("?organisation=" + URLEncoder.encode(searchCode, StandardCharsets.UTF_8) + extra));
        browser.waitFor("document.querySelector('[data-task-id=\"" + taskId + "\"]') ? 'listed' : null", v -> true, Duration.ofSeconds(30));
    }

    /** Clicks the task's verify button and returns the verdict element's data once it is shown. */
    JsonNode verifyInThePage() throws Exception {
        String task = "document.querySelector('[data-task-id=\"" + taskId + "\"]')";
        browser.eval(task + ".querySelector('[data-verify]').click()");
        return browser.waitFor("(() => { const t = " + task + "; const v = t.querySelector('[data-verdict]'); if (!v) return null;"
                        + " return { verdict: v.dataset.verdict, text: v.textContent, millis: +t.querySelector('.timing').dataset.millis,"
                        + " steps: [...t.querySelectorAll('[data-step]')].map(s => s.dataset.step + ' ' + s.className),"
                        + " differences: [...t.querySelectorAll('.differences li')].map(l => l.textContent) }; })()",
                v -> true, Duration.ofSeconds(120));
    }

    @Test
    void thePageListsTheDrawShowsItsKeysAndVerifiesItToMatchInTheBrowser() throws Exception {
        openListingTheTask("");
        JsonNode listing = browser.eval("({ title: document.title, h1: document.querySelector('h1').textContent,"
                + " lang: document.documentElement.lang, listed: [...document.querySelectorAll('[data-task-id]')].map(t => t.dataset.taskId),"
                + " status: document.getElementById('tasks-status').textContent })");
        assertThat(listing.path("lang").asText()).isEqualTo("zh-CN");
        assertThat(listing.path("h1").asText()).contains("双随机、一公开").contains("Public spot checks");
        assertThat(listing.path("listed").toString()).contains(taskId);
        assertThat(listing.path("status").asText()).contains("tasks");

        // The draw's details: strata and the selected keys, as published.
        String task = "document.querySelector('[data-task-id=\"" + taskId + "\"]')";
        browser.eval(task + ".querySelector('[data-show]').click()");
        JsonNode details = browser.waitFor("(() => { const d = " + task + ".querySelector('.draw'); const rows = d.querySelectorAll('td.key');"
                + " return rows.length ? { text: d.textContent, expanded: " + task + ".querySelector('[data-show]').getAttribute('aria-expanded') } : null; })()",
                v -> true, Duration.ofSeconds(30));
        assertThat(details.path("expanded").asText()).isEqualTo("true");
        for (JsonNode s : record.path("selected")) {
            assertThat(details.path("text").asText()).contains(s.path("key").asText());
        }
        assertThat(details.path("text").asText()).contains(record.path("seed").asText()).contains("尚无公示结果");

        JsonNode result = verifyInThePage();
        assertThat(result.path("differences")).as("%s", result).isEmpty();
        assertThat(result.path("verdict").asText()).as("%s", result).isEqualTo("MATCH");
        assertThat(result.path("text").asText()).startsWith("MATCH");
        assertThat(result.path("millis").asLong()).isPositive();
        String steps = result.path("steps").toString();
        for (String step : List.of("scopeDigest", "seed", "exclusions", "eligibleSizes", "quotas", "selected", "selectedDigest",
                "substitution-1", "substitution-2")) {
            assertThat(steps).as("step %s shown", step).contains("\"" + step + " ok\"");
        }
        assertThat(steps).doesNotContain(" bad");

        // Screenshots for the README (docs/public-page*.png are copies): the verification on a desktop and on a
        // phone-sized screen, the draw's details folded again so the steps are in view.
        browser.eval(task + ".querySelector('[data-show]').click()");
        browser.viewport(1280, 1700, false);
        browser.eval("window.scrollTo(0, 0)");
        Thread.sleep(300);
        Path png = Path.of("target", "public-page.png");
        Files.createDirectories(png.getParent());
        Files.write(png, browser.screenshot());
        browser.viewport(390, 844, true);
        browser.eval(task + ".querySelector('.verify').scrollIntoView()");
        Thread.sleep(300);
        Files.write(Path.of("target", "public-page-phone.png"), browser.screenshot());
        JsonNode phone = browser.eval("({ width: document.documentElement.scrollWidth, viewport: window.innerWidth })");
        assertThat(phone.path("width").asInt()).as("no sideways scrolling on a phone: %s", phone).isLessThanOrEqualTo(phone.path("viewport").asInt());
        browser.viewport(1280, 900, false);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    void aSnapshotWithOneLineAlteredShowsMismatchNamingTheLine() throws Exception {
        openListingTheTask("&api=/test-tampered");
        assertThat(browser.eval("document.getElementById('source-note').textContent").asText()).contains("/test-tampered");
        JsonNode result = verifyInThePage();
        assertThat(result.path("verdict").asText()).as("%s", result).isEqualTo("MISMATCH");
        String differences = result.path("differences").toString();
        assertThat(differences).contains("scopeDigest: recorded " + record.path("scopeDigest").asText());
        assertThat(differences).contains("seed: recorded " + record.path("seed").asText());
        assertThat(differences).containsPattern("snapshot line \\d+ \\(key " + searchCode + "\\): region is ");
        assertThat(result.path("steps").toString()).contains("\"lines bad\"", "\"scopeDigest bad\"");
    }

    @Test
    void theGraphQlQueriesThePageSendsAreAnonymousCacheableGets() throws Exception {
        String query = "query($f: PublicTaskFilter){ publicTasks(filter: $f, first: 5){ totalCount edges { node { id drawId } } } }";
        String url = "/graphql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&variables="
                + URLEncoder.encode("{\"f\":{\"organisation\":\"" + searchCode + "\"}}", StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).startsWith("public, max-age=");
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("data").path("publicTasks").path("edges").findValuesAsText("id")).containsExactly(taskId);
        assertThat(body.path("data").path("publicTasks").path("edges").findValuesAsText("drawId")).containsExactly(drawId);
        HttpResponse<String> pageAnswer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page(""))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pageAnswer.statusCode()).isEqualTo(200);
        // Chromium enforces this policy in the other tests: an inline script or style would not run there.
        assertThat(pageAnswer.headers().allValues("Content-Security-Policy")).containsExactly(io.spotcheck.security.SecurityConfig.PUBLIC_PAGE_POLICY);
        assertThat(pageAnswer.headers().firstValue("Cache-Control")).contains(PublicHeadersFilter.PUBLIC);
        assertThat(pageAnswer.body()).contains("/public/verify.js").doesNotContain("<script>").doesNotContain("style=");
    }
}
