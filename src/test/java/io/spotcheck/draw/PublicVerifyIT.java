package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import io.spotcheck.scope.DrawMember;

/**
 * The public verifier — the {@code verify} command's Java code and the Python script of
 * docs/DRAW-ALGORITHM.md — run anonymously against draws made through the API: COUNT with the
 * remainder cascade and persons excluded by kind, RATIO with the jurisdiction minimum, status and
 * open-task exclusions, natural persons drawn, and a chain of two substitutions, the first passing
 * over a member whose current status is excluded. Tampering with a snapshot chunk, a substitution
 * record or the commitment makes both say MISMATCH.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicVerifyIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    String tag;
    String item;
    List<String> codes;
    /** Subject code → kind, for the privacy check. */
    Set<String> personCodes = new HashSet<>();
    String countTask;
    String ratioTask;
    Path script;

    DrawFixture fixture() {
        return new DrawFixture(testers, client, names);
    }

    String base() {
        return "http://localhost:" + port;
    }

    @BeforeAll
    void drawThroughTheApi() throws Exception {
        tag = DrawFixture.tag();
        codes = fixture().indexSubjects(tag, 400);
        for (int i = 0; i < codes.size(); i++) {
            if (i % 50 == 7) {
                personCodes.add(codes.get(i));
            }
        }
        // An item that targets persons too (every seeded item targets organisations only).
        item = "IT-NP-" + tag.toUpperCase();
        testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN).document("""
                        mutation($in: ItemInput!) { upsertItem(input: $in) { errors { code message } } }""")
                .variable("in", Map.of("code", item, "name", "个人与企业检查 " + tag, "department", "SCJG", "field", "测试", "itemClass", "KEY",
                        "targetKinds", List.of("ORGANISATION", "NATURAL_PERSON"), "methods", List.of("ON_SITE")))
                .execute().path("upsertItem.errors").entityList(Object.class).hasSize(0);

        // COUNT over an organisations-only item: persons are KIND_NOT_TARGETED; the task stays open.
        countTask = task("S-" + tag + "-count2", List.of("SCJG-002"), true);
        Map<String, Object> count = draw(countTask, Map.of("mode", "COUNT", "count", 23, "excludeOpenTasks", false,
                "ratios", List.of(Map.of("stratum", "A", "percent", 1), Map.of("stratum", "B", "percent", 3),
                        Map.of("stratum", "C", "percent", 10), Map.of("stratum", "D", "percent", 30))));
        assertThat(count.get("selectedCount")).isEqualTo(23);

        // RATIO over the persons' item, with a jurisdiction minimum; an open task of the same item excludes its subjects.
        String open = task("S-" + tag + "-open", List.of(item), false);
        draw(open, Map.of("ratios", List.of(Map.of("stratum", "A", "percent", 5)), "excludeOpenTasks", false));
        ratioTask = task("S-" + tag + "-ratio", List.of(item), true);
        Map<String, Object> ratio = draw(ratioTask, Map.of("minPerJurisdiction", 3,
                "ratios", List.of(Map.of("stratum", "A", "percent", 1), Map.of("stratum", "B", "percent", 1),
                        Map.of("stratum", "C", "percent", 100), Map.of("stratum", "D", "percent", 1), Map.of("stratum", "UNRATED", "percent", 0))));
        assertThat(ratio.get("selectedCount")).isNotNull();
        fixture().scjg().document("mutation($t:String!){ groupTask(taskId:$t){ task{ status } errors{ code } } }").variable("t", ratioTask)
                .execute().path("groupTask.task.status").entity(String.class).isEqualTo("GROUPED");

        script = Files.createTempFile("verify", ".py");
        String doc = Files.readString(Path.of("docs/DRAW-ALGORITHM.md"));
        String section = doc.substring(doc.indexOf("## How to verify a draw yourself"));
        int start = section.indexOf("```python\n") + "```python\n".length();
        Files.writeString(script, section.substring(start, section.indexOf("```", start)));
    }

    /** A task in SCOPED whose commitment was made before its fresh scope was frozen, its value known by now. */
    String task(String scopeKey, List<String> items, boolean publicDraw) throws Exception {
        HttpGraphQlTester scjg = fixture().scjg();
        return DrawFixture.committedThenScoped(scjg, () -> scjg.document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version } errors { code message } } }""")
                .variable("in", Map.of("name", "公开核验 " + scopeKey, "leadDepartment", "SCJG", "level", "DISTRICT", "publicDraw", publicDraw,
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", items, "expectedOnSiteMinutes", 40))))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get(),
                attempt -> DrawFixture.frozenScope(scjg, "SCJG", scopeKey + (attempt == 0 ? "" : "-r" + attempt),
                        Map.of("tagsAny", List.of("TEST:" + tag))));
    }

    /** A task in SCOPED over a fresh frozen scope, with no commitment yet. */
    String uncommittedTask(String scopeKey, List<String> items, boolean publicDraw) throws Exception {
        String scopeTag = scopeKey;
        HttpGraphQlTester scjg = fixture().scjg();
        String scopeId = scjg.document("""
                        mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId } errors { code } } }""")
                .variable("in", Map.of("id", scopeKey, "name", "scope " + scopeTag, "department", "SCJG", "kind", "FILTER",
                        "filter", Map.of("tagsAny", List.of("TEST:" + tag))))
                .execute().path("createScope.errors").entityList(Object.class).hasSize(0)
                .path("createScope.scope.id").entity(String.class).get();
        String status = null;
        for (int i = 0; i < 300 && !"FROZEN".equals(status); i++) {
            Thread.sleep(100);
            status = scjg.document("query($id:String!){ scopeJob(id:$id){ status } }").variable("id", scopeId)
                    .execute().path("scopeJob.status").entity(String.class).get();
        }
        assertThat(status).isEqualTo("FROZEN");
        Map<String, Object> task = scjg.document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version } errors { code message } } }""")
                .variable("in", Map.of("name", "公开核验 " + scopeKey, "leadDepartment", "SCJG", "level", "DISTRICT", "publicDraw", publicDraw,
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", items, "expectedOnSiteMinutes", 40))))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get();
        String taskId = (String) task.get("id");
        scjg.document("mutation($id:String!,$v:Long!,$s:String!){ setTaskScope(id:$id, expectedVersion:$v, scopeId:$s){ errors{ code message } } }")
                .variable("id", taskId).variable("v", task.get("version")).variable("s", scopeId)
                .execute().path("setTaskScope.errors").entityList(Object.class).hasSize(0);
        return taskId;
    }

    @Test
    void theCommitmentPrecedesTheFreezeAndTheDrawWaitsForItsValue() throws Exception {
        HttpGraphQlTester scjg = fixture().scjg();
        String taskId = uncommittedTask("S-" + tag + "-wait", List.of(item), false);
        scjg.document(DrawFixture.DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "made up"))
                .execute().path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("PUBLIC_VALUE_NOT_COMMITTED");
        // The task's scope is frozen: too late to name a source, which could now be chosen to suit the scope.
        scjg.document(DrawFixture.COMMIT).variable("in", Map.of("taskId", taskId, "source", "next week's lottery", "revealAt",
                        java.time.OffsetDateTime.now().plusDays(7).toString()))
                .execute().path("commitPublicValue.errors[0].code").entity(String.class).isEqualTo("SCOPE_ALREADY_FROZEN")
                .path("commitPublicValue.commitment").valueIsNull();
        scjg.document("query($t:String!){ publicValueCommitment(taskId:$t){ source } }").variable("t", taskId).execute()
                .path("publicValueCommitment").valueIsNull();
        // Back to DRAFT the task commits; the scope frozen before that commitment is refused at the draw.
        String oldScope = DrawFixture.scopeOf(scjg, taskId);
        scjg.document("mutation($id:String!,$v:Long!){ transitionTask(id:$id, expectedVersion:$v, to: DRAFT){ task{ status } errors{ code message } } }")
                .variable("id", taskId).variable("v", version(taskId)).execute()
                .path("transitionTask.task.status").entity(String.class).isEqualTo("DRAFT");
        scjg.document(DrawFixture.COMMIT).variable("in", Map.of("taskId", taskId, "source", "next week's lottery", "revealAt",
                        java.time.OffsetDateTime.now().plusDays(7).toString()))
                .execute().path("commitPublicValue.errors").entityList(Object.class).hasSize(0);
        setScope(taskId, oldScope);
        scjg.document(DrawFixture.DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "made up"))
                .execute().path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("COMMITTED_AFTER_FREEZE")
                .path("drawSubjects.record").valueIsNull();
        // Over a scope frozen after the commitment, a value drawn with before its source has published it was made up: refused.
        setScope(taskId, DrawFixture.frozenScope(scjg, "SCJG", "S-" + tag + "-wait2", Map.of("tagsAny", List.of("TEST:" + tag))));
        scjg.document(DrawFixture.DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "made up"))
                .execute().path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("PUBLIC_VALUE_NOT_YET_KNOWN")
                .path("drawSubjects.record").valueIsNull();
        scjg.document("query($id:String!){ task(id:$id){ status } }").variable("id", taskId).execute()
                .path("task.status").entity(String.class).isEqualTo("SCOPED");
    }

    long version(String taskId) {
        return fixture().scjg().document("query($id:String!){ task(id:$id){ version } }").variable("id", taskId).execute()
                .path("task.version").entity(Number.class).get().longValue();
    }

    void setScope(String taskId, String scopeId) {
        fixture().scjg().document("mutation($id:String!,$v:Long!,$s:String!){ setTaskScope(id:$id, expectedVersion:$v, scopeId:$s){ task{ status } errors{ code message } } }")
                .variable("id", taskId).variable("v", version(taskId)).variable("s", scopeId)
                .execute().path("setTaskScope.errors").entityList(Object.class).hasSize(0)
                .path("setTaskScope.task.status").entity(String.class).isEqualTo("SCOPED");
    }

    Map<String, Object> draw(String taskId, Map<String, Object> options) {
        Map<String, Object> in = new LinkedHashMap<>(options);
        in.put("taskId", taskId);
        in.put("publicValue", "3D " + taskId + " 5 0 8");
        return fixture().scjg().document(DrawFixture.DRAW).variable("in", in).execute()
                .path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** The verify command's Java code, in this process: exit status and output. */
    String cli(String drawId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc = VerifyCommand.run(new String[] {drawId, "--url", base()}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(out).isEqualTo(out.startsWith("MATCH") ? 0 : 1);
        return out;
    }

    String python(String drawId) throws Exception {
        Process p = new ProcessBuilder("python3", script.toString(), drawId, base()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(out.startsWith("MATCH") ? 0 : 1);
        return out;
    }

    void assertBothSay(String verdict, String drawId) throws Exception {
        assertThat(cli(drawId)).startsWith(verdict);
        assertThat(python(drawId)).startsWith(verdict);
    }

    @Test
    void aCountDrawWithTheRemainderCascadeAndKindExclusionsVerifiesAnonymously() throws Exception {
        String drawId = DrawRecord.idFor(countTask);
        JsonNode record = getJson(DrawRecord.publicUrl(drawId));
        assertThat(record.path("algorithm").asText()).isEqualTo(SubjectDrawAlgorithm.VERSION_2);
        assertThat(record.path("targetKinds").toString()).isEqualTo("[\"ORGANISATION\"]");
        assertThat(record.path("exclusions").findValuesAsText("reason")).contains("KIND_NOT_TARGETED", "STATUS_DEREGISTERED");
        long quota = 0;
        for (JsonNode q : record.path("quotas")) {
            quota += q.asLong();
        }
        assertThat(quota).isEqualTo(23);
        assertBothSay("MATCH", drawId);
        assertThat(testers.anonymous().document("query($d:String!){ verifyDraw(drawId:$d){ verdict details } }").variable("d", drawId)
                .execute().path("verifyDraw.verdict").entity(String.class).get()).isEqualTo("MATCH");
    }

    @Test
    void aRatioDrawWithPersonsMinimumExclusionsAndAChainOfTwoSubstitutionsVerifiesAndTamperingIsCaught() throws Exception {
        String drawId = DrawRecord.idFor(ratioTask);
        JsonNode record = getJson(DrawRecord.publicUrl(drawId));
        List<String> reasons = record.path("exclusions").findValuesAsText("reason");
        assertThat(reasons).contains("IN_OPEN_TASK", "STATUS_DEREGISTERED");
        for (JsonNode e : record.path("exclusions")) {
            if ("IN_OPEN_TASK".equals(e.path("reason").asText())) {
                assertThat(e.path("evidence").toString()).as("evidence of %s", e).startsWith("[\"T-");
            }
        }
        List<String> drawnKinds = record.path("selected").findValuesAsText("kind");
        assertThat(drawnKinds).contains("NATURAL_PERSON");
        assertThat(record.path("selected").findValuesAsText("reason")).contains("JURISDICTION_MINIMUM");

        // First substitution: a member taken for its region's minimum moves out; the lowest-ranked other member of
        // that region has moved out too, so it is skipped and the next one of the region replaces it.
        JsonNode jm = null;
        for (JsonNode s : record.path("selected")) {
            if ("JURISDICTION_MINIMUM".equals(s.path("reason").asText()) && "ORGANISATION".equals(s.path("kind").asText())) {
                jm = s;
                break;
            }
        }
        assertThat(jm).as("an organisation drawn for a jurisdiction minimum").isNotNull();
        String region = jm.path("region").asText();
        Set<String> unavailable = new HashSet<>(record.path("selected").findValuesAsText("key"));
        unavailable.addAll(record.path("exclusions").findValuesAsText("code"));
        List<DrawMember> snapshot = DrawMember.parseAll(new String(getBytes(record.path("snapshotUrl").asText()), StandardCharsets.UTF_8));
        List<SubjectDrawAlgorithm.Selected> next = Substitute.candidates(snapshot, record.path("seed").asText(), Substitute.BASIS_JURISDICTION,
                region, unavailable, 2);
        assertThat(next).hasSize(2);
        String skippedCode = codeOfKey(next.get(0).key());
        setStatus(jm.path("key").asText(), "MOVED_OUT");
        setStatus(skippedCode, "MOVED_OUT");
        JsonNode first = substitute(jm.path("key").asText());
        assertThat(first.path("basis").asText()).isEqualTo("JURISDICTION_MINIMUM");
        assertThat(first.path("basisValue").asText()).isEqualTo(region);
        assertThat(first.path("skipped").findValuesAsText("key")).containsExactly(next.get(0).key());
        assertThat(first.path("substitute").path("key").asText()).isEqualTo(next.get(1).key());

        // Second: the substitute moves out as well; its own substitute keeps the same region's minimum.
        String firstSubstitute = codeOfKey(next.get(1).key());
        setStatus(firstSubstitute, "MOVED_OUT");
        JsonNode second = substitute(firstSubstitute);
        assertThat(second.path("seq").asInt()).isEqualTo(2);
        assertThat(second.path("basisValue").asText()).isEqualTo(region);
        assertThat(second.path("priorSubstitutes").get(0).asText()).isEqualTo(next.get(1).key());

        JsonNode chain = getJson(record.path("substitutionsUrl").asText());
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1).path("priorSubstitutes").get(0).asText()).isEqualTo(next.get(1).key());
        assertBothSay("MATCH", drawId);

        // Nothing public names a person by code.
        String published = record.toString() + chain + new String(getBytes(record.path("snapshotUrl").asText()), StandardCharsets.UTF_8);
        for (String code : personCodes) {
            assertThat(published).doesNotContain(code);
        }

        // Tampering with a snapshot chunk.
        String chunkId = record.path("scopeId").asText() + ":0";
        Map<String, Object> chunk = source("scope_snapshots", chunkId);
        String lines = (String) chunk.get("lines");
        Map<String, Object> tampered = new LinkedHashMap<>(chunk);
        tampered.put("lines", lines.replaceFirst("\tACTIVE\t", "\tREVOKED\t"));
        put("scope_snapshots", chunkId, tampered);
        assertBothSay("MISMATCH", drawId);
        put("scope_snapshots", chunkId, chunk);
        assertBothSay("MATCH", drawId);

        // Deleting the first substitution record.
        String firstId = SubstitutionRecord.idFor(ratioTask, codeOfKey(jm.path("key").asText()));
        Map<String, Object> firstRecord = source("substitutions", firstId);
        client.delete(d -> d.index(names.alias("substitutions")).id(firstId).refresh(Refresh.True));
        assertBothSay("MISMATCH", drawId);
        put("substitutions", firstId, firstRecord);
        assertBothSay("MATCH", drawId);

        // Altering the second substitution record: another substitute.
        String secondId = SubstitutionRecord.idFor(ratioTask, firstSubstitute);
        Map<String, Object> secondRecord = source("substitutions", secondId);
        Map<String, Object> altered = new LinkedHashMap<>(secondRecord);
        altered.put("skipped", List.of(Map.of("key", next.get(0).key(), "status", "MOVED_OUT")));
        put("substitutions", secondId, altered);
        assertBothSay("MISMATCH", drawId);
        put("substitutions", secondId, secondRecord);

        // Altering the commitment kept in the record.
        Map<String, Object> drawDoc = source("draws", drawId);
        Map<String, Object> moved = new LinkedHashMap<>(drawDoc);
        @SuppressWarnings("unchecked")
        Map<String, Object> commitment = new LinkedHashMap<>((Map<String, Object>) drawDoc.get("commitment"));
        commitment.put("revealAt", "2099-01-01T00:00:00.000Z");
        moved.put("commitment", commitment);
        put("draws", drawId, moved);
        assertBothSay("MISMATCH", drawId);

        // A commitment recorded as made after the freeze (a source picked knowing the scope).
        String frozenAt = getJson(DrawRecord.publicUrl(drawId)).path("scopeFrozenAt").asText();
        commitment.put("revealAt", ((Map<?, ?>) drawDoc.get("commitment")).get("revealAt"));
        commitment.put("committedAt", SeedCommitment.format(java.time.Instant.parse(frozenAt).plusMillis(1)));
        put("draws", drawId, moved);
        assertThat(cli(drawId)).startsWith("MISMATCH").contains("COMMITTED_AFTER_FREEZE");
        assertThat(python(drawId)).startsWith("MISMATCH").contains("COMMITTED_AFTER_FREEZE");
        assertThat(testers.anonymous().document("query($d:String!){ verifyDraw(drawId:$d){ verdict details } }").variable("d", drawId)
                .execute().path("verifyDraw.details").entityList(String.class).get()).contains("commitment: COMMITTED_AFTER_FREEZE");
        put("draws", drawId, drawDoc);
        assertBothSay("MATCH", drawId);
    }

    @Test
    void aDrawThePublicMayNotSeeAnswersLikeOneThatDoesNotExist() throws Exception {
        String hidden = task("S-" + tag + "-hidden", List.of(item), false);
        draw(hidden, Map.of("ratios", List.of(Map.of("stratum", "C", "percent", 10)), "excludeOpenTasks", false));
        for (String path : List.of("", "/snapshot", "/substitutions")) {
            HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base() + DrawRecord.publicUrl(DrawRecord.idFor(hidden)) + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base() + DrawRecord.publicUrl("D-T-NONE-" + tag) + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(h.statusCode()).isEqualTo(404).isEqualTo(none.statusCode());
            assertThat(json.readTree(h.body()).path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("NOT_FOUND");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(VerifyCommand.run(new String[] {DrawRecord.idFor(hidden), "--url", base()}, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .as(out.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        // The Python script of docs/DRAW-ALGORITHM.md says the same: one line, exit status 2, no traceback.
        Process p = new ProcessBuilder("python3", script.toString(), DrawRecord.idFor(hidden), base()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isEqualTo(2);
        assertThat(said.strip()).as(said).startsWith("cannot verify " + DrawRecord.idFor(hidden)).doesNotContain("\n", "Traceback");
    }

    @Test
    void aCommitmentIsMadeOnceBeforeItsValueIsKnownAndNeverChanged() throws Exception {
        HttpGraphQlTester scjg = fixture().scjg();
        // No commitment: a task scoped without commitPublicValue.
        String taskId = task("S-" + tag + "-late", List.of(item), false);
        // A second commitment is refused; the first stands.
        scjg.document(DrawFixture.COMMIT).variable("in", Map.of("taskId", taskId, "source", "another", "revealAt",
                        java.time.OffsetDateTime.now().plusHours(1).toString()))
                .execute().path("commitPublicValue.errors[0].code").entity(String.class).isEqualTo("COMMITMENT_EXISTS");
        // A value already known cannot be committed.
        Map<String, Object> t = scjg.document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId } errors { code } } }""")
                .variable("in", Map.of("name", "无承诺 " + tag, "leadDepartment", "SCJG", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of(item), "expectedOnSiteMinutes", 40))))
                .execute().path("createTask.task").entity(Map.class).get();
        scjg.document(DrawFixture.COMMIT).variable("in", Map.of("taskId", t.get("id"), "source", "yesterday's lottery", "revealAt",
                        java.time.OffsetDateTime.now().minusDays(1).toString()))
                .execute().path("commitPublicValue.errors[0].code").entity(String.class).isEqualTo("PUBLIC_VALUE_ALREADY_KNOWN");

        // The commitment document written again (changed after it was made) is refused at the draw.
        Map<String, Object> c = source("draw_commitments", taskId);
        put("draw_commitments", taskId, c);
        scjg.document(DrawFixture.DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "x"))
                .execute().path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("COMMITMENT_CHANGED");
    }

    @Test
    void drawingATaskWithoutACommitmentIsRefused() throws Exception {
        HttpGraphQlTester scjg = fixture().scjg();
        String scopeKey = "S-" + tag + "-nocommit";
        String scopeId = scjg.document("""
                        mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId } errors { code } } }""")
                .variable("in", Map.of("id", scopeKey, "name", "scope", "department", "SCJG", "kind", "FILTER",
                        "filter", Map.of("tagsAny", List.of("TEST:" + tag))))
                .execute().path("createScope.scope.id").entity(String.class).get();
        String status = null;
        for (int i = 0; i < 300 && !"FROZEN".equals(status); i++) {
            Thread.sleep(100);
            status = scjg.document("query($id:String!){ scopeJob(id:$id){ status } }").variable("id", scopeId)
                    .execute().path("scopeJob.status").entity(String.class).get();
        }
        Map<String, Object> task = scjg.document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version } errors { code message } } }""")
                .variable("in", Map.of("name", "无承诺 " + scopeKey, "leadDepartment", "SCJG", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of(item), "expectedOnSiteMinutes", 40))))
                .execute().path("createTask.task").entity(Map.class).get();
        scjg.document("mutation($id:String!,$v:Long!,$s:String!){ setTaskScope(id:$id, expectedVersion:$v, scopeId:$s){ errors{ code } } }")
                .variable("id", task.get("id")).variable("v", task.get("version")).variable("s", scopeId).execute();
        scjg.document(DrawFixture.DRAW).variable("in", Map.of("taskId", task.get("id"), "publicValue", "x"))
                .execute().path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("PUBLIC_VALUE_NOT_COMMITTED");
    }

    byte[] getBytes(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The subject code behind a public key (the server side of the test knows it). */
    String codeOfKey(String key) throws Exception {
        var r = client.search(s -> s.index(names.alias("subjects")).query(q -> q.term(t -> t.field("publicKey").value(key))), JsonNode.class);
        assertThat(r.hits().hits()).hasSize(1);
        return r.hits().hits().get(0).id();
    }

    void setStatus(String keyOrCode, String status) throws Exception {
        String code = keyOrCode.startsWith("NP") ? codeOfKey(keyOrCode) : keyOrCode;
        client.update(u -> u.index(names.alias("subjects")).id(code).doc(Map.of("status", status)).refresh(Refresh.True), Map.class);
    }

    JsonNode substitute(String code) throws Exception {
        Map<String, Object> payload = fixture().scjg().document("""
                        mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) {
                          substitution { seq basis basisValue movedOutKey priorSubstitutes skipped { key status } substitute { key rank } }
                          errors { code message } } }""")
                .variable("in", Map.of("taskId", ratioTask, "subjectCode", code, "reason", "迁出"))
                .execute().path("substituteSubject.errors").entityList(Object.class).hasSize(0)
                .path("substituteSubject.substitution").entity(Map.class).get();
        return json.valueToTree(payload);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> source(String index, String id) throws Exception {
        return client.get(g -> g.index(names.alias(index)).id(id), Map.class).source();
    }

    void put(String index, String id, Map<String, Object> doc) throws Exception {
        client.index(i -> i.index(names.alias(index)).id(id).document(doc).refresh(Refresh.True));
    }
}
