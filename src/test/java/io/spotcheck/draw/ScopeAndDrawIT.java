package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.spotcheck.checkpoint.CheckpointStore;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeJobs;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Scopes, draws and grouping on the real Elasticsearch and Redis, over subjects indexed here under a
 * tag of their own. Snapshot chunks of 7 members, so every scope here spans several chunks and a draw
 * reads several {@code _mget} batches of them, in order.
 */
@IntegrationTest
@org.springframework.test.context.TestPropertySource(properties = "spotcheck.scope.chunk-size=7")
class ScopeAndDrawIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ScopeStore scopes;
    @Autowired
    ScopeJobs jobs;
    @Autowired
    CheckpointStore checkpoints;
    @Autowired
    io.spotcheck.subject.PublicKeyBackfill keys;
    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper json;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    DrawFixture fixture() {
        return new DrawFixture(testers, client, names);
    }

    /** Indexes {@code n} subjects carrying tag TEST:<tag>; returns their codes. */
    List<String> indexSubjects(String tag, int n) throws Exception {
        return fixture().indexSubjects(tag, n);
    }

    static String tag() {
        return DrawFixture.tag();
    }

    Scope newFilterScope(String tag) {
        String id = "S-IT-" + tag;
        scopes.create(new Scope(id, "test " + tag, "SCJG", "FILTER", Map.of("filter", Map.of("tagsAny", List.of("TEST:" + tag))),
                "BUILDING", null, null, null, null, null, null, null, "it", OffsetDateTime.now(), null));
        return scopes.get(id);
    }

    /** The subjects as snapshot members (named by their public keys), read back from the directory, in key order. */
    List<DrawMember> membersOf(List<String> codes) throws Exception {
        client.indices().refresh(r -> r.index(names.alias("subjects")));
        List<DrawMember> members = new ArrayList<>();
        for (int from = 0; from < codes.size(); from += 1000) {
            List<String> ids = codes.subList(from, Math.min(codes.size(), from + 1000));
            for (var item : client.mget(m -> m.index(names.alias("subjects")).ids(ids), com.fasterxml.jackson.databind.JsonNode.class).docs()) {
                var src = item.result().source();
                String key = src.path("publicKey").asText(src.path("code").asText());
                members.add(new DrawMember(key, src.path("risk").path("comprehensive").asText(null), src.path("regionCode").asText(null),
                        src.path("status").asText(null), src.path("kind").asText(null)));
            }
        }
        members.sort(java.util.Comparator.comparing(DrawMember::code, Utf8.ORDER));
        return members;
    }

    /** The version 2 scope digest the subjects must freeze to: SHA-256 of their snapshot lines in key order. */
    String digestOf(List<String> codes) throws Exception {
        SnapshotDigest digest = new SnapshotDigest();
        membersOf(codes).forEach(digest::add);
        return digest.hex();
    }

    @Test
    void aScopeJobStoppedAfterSomeChunksResumesToExactlyTheScope() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 2300);
        Scope scope = newFilterScope(tag);

        assertThat(jobs.runChunks(scope.id(), 2, 500)).isFalse();
        scopes.refreshMembers();
        assertThat(scopes.countMembers(scope.id())).isEqualTo(1000);
        assertThat(checkpoints.load(jobs.job(scope.id()))).containsEntry("processed", "1000");
        // a crash after writing a chunk but before its checkpoint: the chunk is written again on resume
        Map<String, String> cp = checkpoints.load(jobs.job(scope.id()));
        checkpoints.save(jobs.job(scope.id()), Map.of("lastCode", membersOf(codes).get(499).code(), "processed", "500", "chunks", "1"));
        assertThat(cp).isNotEmpty();

        assertThat(jobs.runChunks(scope.id(), Integer.MAX_VALUE, 500)).isTrue();
        Scope frozen = scopes.get(scope.id());
        assertThat(frozen.status()).isEqualTo("FROZEN");
        assertThat(frozen.memberCount()).isEqualTo(2300);
        assertThat(scopes.countMembers(scope.id())).isEqualTo(2300);
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
        assertThat(frozen.strata().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2300);
        // the snapshot is written by the walk, one chunk per walked chunk of 500
        assertThat(frozen.chunkCount()).isEqualTo(5);
        List<String> snapshotCodes = new ArrayList<>();
        scopes.snapshot(scope.id(), frozen.chunkCount()).forEach(m -> snapshotCodes.add(m.code()));
        assertThat(snapshotCodes).isEqualTo(membersOf(codes).stream().map(DrawMember::code).toList());
        assertThat(checkpoints.load(jobs.job(scope.id()))).isEmpty();
    }

    @Test
    void losingTheRedisCheckpointMidwayLosesProgressButNotExactness() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 1700);
        Scope scope = newFilterScope(tag);
        assertThat(jobs.runChunks(scope.id(), 3, 400)).isFalse();
        checkpoints.delete(jobs.job(scope.id()));
        assertThat(jobs.runChunks(scope.id(), Integer.MAX_VALUE, 400)).isTrue();
        Scope frozen = scopes.get(scope.id());
        assertThat(frozen.memberCount()).isEqualTo(1700);
        assertThat(scopes.countMembers(scope.id())).isEqualTo(1700);
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
    }

    @Test
    void aCancelledJobStopsAndStaysCancelled() throws Exception {
        String tag = tag();
        indexSubjects(tag, 600);
        Scope scope = newFilterScope(tag);
        assertThat(jobs.runChunks(scope.id(), 1, 200)).isFalse();
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        scjg.document("mutation($id:String!){ cancelScopeJob(id:$id){ scope{ status } errors{ code } } }").variable("id", scope.id())
                .execute().path("cancelScopeJob.scope.status").entity(String.class).isEqualTo("CANCELLED");
        assertThat(jobs.runChunks(scope.id(), Integer.MAX_VALUE, 200)).isFalse();
        assertThat(scopes.get(scope.id()).status()).isEqualTo("CANCELLED");
    }

    String scopedTask(String tag, boolean publicDraw) throws Exception {
        return fixture().scopedTask(tag, publicDraw);
    }

    String scopedTask(String tag, boolean publicDraw, String scopeKey) throws Exception {
        return fixture().scopedTask(tag, publicDraw, scopeKey);
    }

    static final String DRAW = DrawFixture.DRAW;

    @Test
    void fiftyConcurrentDrawsWriteExactlyOneRecordAndTheRestGetConflict() throws Exception {
        String tag = tag();
        indexSubjects(tag, 3000);
        String taskId = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        Map<String, Object> input = Map.of("taskId", taskId, "publicValue", "2026-11-26 福彩3D 471", "minPerJurisdiction", 1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<GraphQlTester.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(() -> scjg.document(DRAW).variable("in", input).execute());
        }
        int ok = 0;
        int conflict = 0;
        for (Future<GraphQlTester.Response> f : pool.invokeAll(calls)) {
            List<?> errors = f.get().path("drawSubjects.errors").entityList(Map.class).get();
            if (errors.isEmpty()) {
                ok++;
            } else if ("CONFLICT".equals(((Map<?, ?>) errors.get(0)).get("code"))) {
                conflict++;
            }
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
        assertThat(conflict).isEqualTo(49);
        client.indices().refresh(r -> r.index(names.alias("draws")));
        long records = client.count(c -> c.index(names.alias("draws")).query(q -> q.term(t -> t.field("taskId").value(taskId)))).count();
        assertThat(records).isEqualTo(1);
        scjg.document("query($id:String!){ task(id:$id){ status drawId } }").variable("id", taskId).execute()
                .path("task.status").entity(String.class).isEqualTo("SUBJECTS_DRAWN");
    }

    @Test
    void verifyDrawMatchesAndDetectsATamperedSnapshot() throws Exception {
        String tag = tag();
        indexSubjects(tag, 2500);
        String taskId = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        Map<?, ?> record = scjg.document(DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "block 0000abc", "recentMonths", 12,
                        "ratios", List.of(Map.of("stratum", "A", "percent", 2), Map.of("stratum", "B", "percent", 4))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
        String drawId = (String) record.get("id");
        // A 4/10 of 2500 = 1000 members, minus deregistered; 2 % rounded up
        List<Map<String, Object>> strata = (List<Map<String, Object>>) record.get("strata");
        Map<String, Object> a = strata.stream().filter(s -> s.get("stratum").equals("A")).findFirst().orElseThrow();
        assertThat(((Number) a.get("scopeSize")).longValue()).isEqualTo(1000);
        long eligibleA = ((Number) a.get("eligible")).longValue();
        assertThat(((Number) a.get("quota")).longValue()).isEqualTo((eligibleA * 200 + 9999) / 10000);

        scjg.document("query($id:String!){ verifyDraw(drawId:$id){ verdict details } }").variable("id", drawId).execute()
                .path("verifyDraw.verdict").entity(String.class).isEqualTo("MATCH");

        // tamper: drop one line of the kept snapshot
        String scopeId = DrawFixture.scopeOf(scjg, taskId);
        var chunk = client.get(g -> g.index(names.alias("scope_snapshots")).id(scopeId + ":0"), Map.class).source();
        String lines = (String) chunk.get("lines");
        Map<String, Object> tampered = new LinkedHashMap<>((Map<String, Object>) chunk);
        tampered.put("lines", lines.substring(lines.indexOf('\n') + 1));
        client.index(i -> i.index(names.alias("scope_snapshots")).id(scopeId + ":0").document(tampered).refresh(Refresh.True));

        scjg.document("query($id:String!){ verifyDraw(drawId:$id){ verdict details } }").variable("id", drawId).execute()
                .path("verifyDraw.verdict").entity(String.class).isEqualTo("MISMATCH")
                .path("verifyDraw.details").entityList(String.class).satisfies(d -> assertThat(String.join(" ", d)).contains("scopeDigest"));
    }

    @Test
    void groupingFollowsEachDepartmentsOwnMapAndListsUncoveredSubjects() throws Exception {
        String tag = tag();
        indexSubjects(tag, 2300);
        String taskId = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        // every class drawn in full so that jurisdiction 330109023 (not covered by WSJK) is represented
        Map<?, ?> record = scjg.document(DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "x",
                        "ratios", List.of(Map.of("stratum", "A", "percent", 5), Map.of("stratum", "B", "percent", 5),
                                Map.of("stratum", "C", "percent", 5), Map.of("stratum", "D", "percent", 5), Map.of("stratum", "UNRATED", "percent", 5)),
                        "minPerJurisdiction", 2))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
        int drawn = ((Number) record.get("selectedCount")).intValue();
        List<Map<String, Object>> departments = scjg.document("""
                        mutation($t:String!){ groupTask(taskId:$t){ task{ status } departments{ department uncovered uncoveredCount groups{ agency count } } errors{ code } } }""")
                .variable("t", taskId).execute()
                .path("groupTask.task.status").entity(String.class).isEqualTo("GROUPED")
                .path("groupTask.departments").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(departments).extracting(d -> d.get("department")).containsExactly("SCJG", "WSJK");
        for (Map<String, Object> d : departments) {
            int grouped = ((List<Map<String, Object>>) d.get("groups")).stream().mapToInt(g -> ((Number) g.get("count")).intValue()).sum();
            assertThat(grouped + ((Number) d.get("uncoveredCount")).intValue()).as("every drawn subject of %s is somewhere", d.get("department"))
                    .isEqualTo(drawn);
        }
        Map<String, Object> wsjk = departments.get(1);
        assertThat((List<String>) wsjk.get("uncovered")).isNotEmpty();
        assertThat(((Number) departments.get(0).get("uncoveredCount")).intValue()).isZero();

        // the participant sees only its own grouping
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR).document("query($t:String!){ taskGrouping(taskId:$t){ department } }")
                .variable("t", taskId).execute().path("taskGrouping[*].department").entityList(String.class).containsExactly("WSJK");
    }

    @Test
    void thePublicReadsTheDrawOnlyWhenAllowedAndWithoutPersonalCodes() throws Exception {
        String tag = tag();
        indexSubjects(tag, 1000);
        String hidden = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        scjg.document(DRAW).variable("in", Map.of("taskId", hidden, "publicValue", "p", "ratios",
                List.of(Map.of("stratum", "C", "percent", 100)))).execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0);
        // to the public a hidden draw reads like one that does not exist
        testers.anonymous().document("query($t:String!){ drawRecord(taskId:$t) { id: localId } }").variable("t", hidden).execute()
                .path("drawRecord").valueIsNull();

        String tag2 = tag();
        indexSubjects(tag2, 1000);
        String open = scopedTask(tag2, true);
        List<Map<String, Object>> internal = scjg.document(DRAW).variable("in", Map.of("taskId", open, "publicValue", "p", "ratios",
                        List.of(Map.of("stratum", "C", "percent", 100))))
                .execute().path("drawSubjects.record.selected").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        // the task's items target organisations only: persons are excluded as KIND_NOT_TARGETED, never drawn
        assertThat(internal).isNotEmpty().noneSatisfy(s -> assertThat(s.get("kind")).isEqualTo("NATURAL_PERSON"));
        List<String> persons = new ArrayList<>();
        for (int i = 7; i < 1000; i += 50) {
            persons.add(String.format("91%s%06d", tag2.toUpperCase(), i));
        }
        Map<String, Object> published = testers.anonymous().document("query($t:String!){ drawRecord(taskId:$t){ selected { code kind } drawnBy exclusions { code reason } } }")
                .variable("t", open).execute().path("drawRecord").entity(Map.class).get();
        assertThat((List<?>) published.get("selected")).hasSameSizeAs(internal);
        assertThat(published.get("drawnBy")).isNull();
        List<Map<String, Object>> exclusions = (List<Map<String, Object>>) published.get("exclusions");
        assertThat(exclusions).filteredOn(e -> "KIND_NOT_TARGETED".equals(e.get("reason"))).hasSize(persons.size())
                .allSatisfy(e -> assertThat((String) e.get("code")).matches("NP[0-9a-f]{32}"));
        assertThat(published.toString()).doesNotContain(persons);
    }

    @Test
    void subjectsDrawnInAnotherOpenTaskForTheSameItemAreExcluded() throws Exception {
        String tag = tag();
        indexSubjects(tag, 1200);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        String first = scopedTask(tag, false);
        List<String> firstDrawn = scjg.document(DRAW).variable("in", Map.of("taskId", first, "publicValue", "1",
                        "ratios", List.of(Map.of("stratum", "A", "percent", 50))))
                .execute().path("drawSubjects.record.selected[*].code").entityList(String.class).get();
        assertThat(firstDrawn).isNotEmpty();
        // second task over a second scope of the same subjects, same items
        String second = scopedTask(tag, false, "S-" + tag + "-2");
        Map<?, ?> record = scjg.document("""
                        mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { record { id: localId selected { code } exclusions { code reason } } errors { code } } }""")
                .variable("in", Map.of("taskId", second, "publicValue", "2", "ratios", List.of(Map.of("stratum", "A", "percent", 100))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
        List<String> secondDrawn = ((List<Map<String, Object>>) record.get("selected")).stream().map(m -> (String) m.get("code")).toList();
        assertThat(secondDrawn).doesNotContainAnyElementsOf(firstDrawn);
        assertThat((List<Map<String, Object>>) record.get("exclusions")).filteredOn(e -> "IN_OPEN_TASK".equals(e.get("reason")))
                .extracting(e -> e.get("code")).containsExactlyInAnyOrderElementsOf(firstDrawn);
        scjg.document("query($id:String!){ verifyDraw(drawId:$id){ verdict } }").variable("id", record.get("id")).execute()
                .path("verifyDraw.verdict").entity(String.class).isEqualTo("MATCH");
    }

    @Test
    void anImportedListIsStreamedAndCodesNotFoundAreReported() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 300);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        String id = "S-IMP-" + tag;
        scjg.document("mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { status } errors { code } } }")
                .variable("in", Map.of("id", id, "name", "import", "department", "SCJG", "kind", "IMPORTED")).execute()
                .path("createScope.scope.status").entity(String.class).isEqualTo("BUILDING");
        StringBuilder body = new StringBuilder("统一社会信用代码\n");
        codes.subList(0, 250).forEach(c -> body.append(c.toLowerCase()).append('\n'));
        body.append(codes.get(0)).append('\n').append("91330109NOSUCH0001\n").append("\n").append("91330109NOSUCH0002,extra\n");
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/scopes/" + id + "/codes"))
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Authorization", "Bearer " + testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(report.path("members").asLong()).isEqualTo(250);
        assertThat(report.path("notFoundCount").asLong()).isEqualTo(2);
        assertThat(report.path("notFound").toString()).contains("91330109NOSUCH0001", "91330109NOSUCH0002");
        Scope frozen = scopes.get(id);
        assertThat(frozen.status()).isEqualTo("FROZEN");
        assertThat(frozen.digest()).isEqualTo(digestOf(codes.subList(0, 250)));
        // another department may not import into it
        var refused = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/scopes/" + id + "/codes"))
                .header("Content-Type", "text/plain")
                .header("Authorization", "Bearer " + testers.token("WSJK", "WSJK-BUREAU", null, Role.DEPT_OPERATOR))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x1\n")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("FORBIDDEN");
    }

    @Test
    void progressIsPublishedOverGraphqlWsUntilTheScopeIsFrozen() throws Exception {
        String tag = tag();
        indexSubjects(tag, 800);
        Scope scope = newFilterScope(tag);
        var ws = org.springframework.graphql.test.tester.WebSocketGraphQlTester.builder(
                java.net.URI.create("ws://localhost:" + port + "/graphql"),
                new org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient())
                .header("Authorization", "Bearer " + testers.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR)).build();
        reactor.core.publisher.Flux<String> statuses = ws.document("subscription($id:String!){ scopeJobProgress(id:$id){ status processed } }")
                .variable("id", scope.id()).executeSubscription().toFlux("scopeJobProgress.status", String.class);
        jobs.start(scope.id());
        List<String> seen = statuses.collectList().block(java.time.Duration.ofSeconds(60));
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1)).isEqualTo("FROZEN");
        ws.stop().block(java.time.Duration.ofSeconds(5));
    }

    @Test
    void aGeneralItemsRatioCapRefusesTheDrawAndWritesNothing() throws Exception {
        String tag = tag();
        indexSubjects(tag, 400);
        String taskId = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        HttpGraphQlTester wsjk = testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
        Long version = scjg.document("query($id:String!){ task(id:$id){ version } }").variable("id", taskId).execute()
                .path("task.version").entity(Long.class).get();
        // WSJK-001 is a general item capped at 10 %
        wsjk.document("mutation($in: UpdateTaskPartInput!){ updateTaskPart(input:$in){ errors{ code } } }")
                .variable("in", Map.of("taskId", taskId, "expectedVersion", version, "department", "WSJK", "itemCodes", List.of("WSJK-001")))
                .execute().path("updateTaskPart.errors").entityList(Object.class).hasSize(0);
        scjg.document(DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "x", "ratios", List.of(Map.of("stratum", "C", "percent", 100))))
                .execute().path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("RATIO_CAP_EXCEEDED");
        scjg.document("query($id:String!){ task(id:$id){ status drawId } }").variable("id", taskId).execute()
                .path("task.status").entity(String.class).isEqualTo("SCOPED");
        scjg.document("query($t:String!){ drawRecord(taskId:$t) { id: localId } }").variable("t", taskId).execute()
                .path("drawRecord").valueIsNull();
    }

    @Test
    void aJobLeftBuildingIsResumedByTheStartUpSweepToExactlyTheScope() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 1300);
        Scope scope = newFilterScope(tag);
        assertThat(jobs.runChunks(scope.id(), 1, 500)).isFalse();
        // what IndexBootstrap.whenReady runs when a server starts
        jobs.resumeUnfinished();
        String status = null;
        for (int i = 0; i < 300 && !"FROZEN".equals(status); i++) {
            Thread.sleep(100);
            status = scopes.get(scope.id()).status();
        }
        Scope frozen = scopes.get(scope.id());
        assertThat(frozen.status()).isEqualTo("FROZEN");
        assertThat(frozen.memberCount()).isEqualTo(1300);
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
    }

    @Test
    void aScopeJobWithRedisUnreachableStillFreezesToExactlyTheScope() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 1100);
        Scope scope = newFilterScope(tag);
        CheckpointStore down = new CheckpointStore(null, "unreachable:") {
            @Override
            public Map<String, String> load(String job) {
                throw new org.springframework.data.redis.RedisConnectionFailureException("Redis is down");
            }

            @Override
            public void save(String job, Map<String, String> fields) {
                throw new org.springframework.data.redis.RedisConnectionFailureException("Redis is down");
            }

            @Override
            public void delete(String job) {
                throw new org.springframework.data.redis.RedisConnectionFailureException("Redis is down");
            }
        };
        ScopeJobs withoutRedis = new ScopeJobs(scopes, down, json, org.mockito.Mockito.mock(io.spotcheck.search.IndexBootstrap.class), keys, 400, 1, 8);
        assertThat(withoutRedis.progress(scope.id()).status()).isEqualTo("BUILDING");
        assertThat(withoutRedis.runChunks(scope.id(), Integer.MAX_VALUE, 400)).isTrue();
        Scope frozen = scopes.get(scope.id());
        assertThat(frozen.status()).isEqualTo("FROZEN");
        assertThat(frozen.memberCount()).isEqualTo(1100);
        assertThat(scopes.countMembers(scope.id())).isEqualTo(1100);
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
    }

    @Test
    void theSameCreateScopeRequestResumesAJobThatFailed() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 900);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        Map<String, Object> request = Map.of("id", "S-F-" + tag, "name", "failing " + tag, "department", "SCJG", "kind", "FILTER",
                "filter", Map.of("tagsAny", List.of("TEST:" + tag)));
        String create = """
                mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId status } errors { code } } }""";
        scjg.document(create).variable("in", request).execute().path("createScope.errors").entityList(Object.class).hasSize(0);
        awaitStatus("S-F-" + tag, "FROZEN");
        // as a job that stopped because a back end went away leaves it
        scopes.update("S-F-" + tag, Map.of("status", "FAILED", "error", "Elasticsearch was down"));

        scjg.document(create).variable("in", request).execute().path("createScope.errors").entityList(Object.class).hasSize(0);
        awaitStatus("S-F-" + tag, "FROZEN");
        Scope frozen = scopes.get("S-F-" + tag);
        assertThat(frozen.error()).isNull();
        assertThat(frozen.memberCount()).isEqualTo(900);
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
    }

    void awaitStatus(String scopeId, String wanted) throws InterruptedException {
        String status = null;
        for (int i = 0; i < 300 && !wanted.equals(status); i++) {
            Thread.sleep(100);
            status = scopes.get(scopeId).status();
        }
        assertThat(status).isEqualTo(wanted);
    }
}
