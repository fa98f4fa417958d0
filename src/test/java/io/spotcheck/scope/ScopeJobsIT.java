package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.checkpoint.CheckpointStore;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Scope build jobs on the real Elasticsearch and Redis, over subjects indexed here under a tag of
 * their own: stopped, resumed, cancelled, swept up at start-up, without Redis, fed an imported list,
 * followed over graphql-ws — each time frozen to exactly the scope. Snapshot chunks of 7 members, so
 * every scope here spans several chunks.
 */
@IntegrationTest
@org.springframework.test.context.TestPropertySource(properties = "spotcheck.scope.chunk-size=7")
class ScopeJobsIT {

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
        // the snapshot is written by the walk, one chunk per walked chunk of 500
        assertFrozenExactly(scope.id(), codes, 5);
        assertThat(checkpoints.load(jobs.job(scope.id()))).isEmpty();
    }

    /** The scope is FROZEN to exactly these subjects: members, digest, strata, and a snapshot of {@code chunks} chunks in key order. */
    void assertFrozenExactly(String scopeId, List<String> codes, int chunks) throws Exception {
        Scope frozen = scopes.get(scopeId);
        assertThat(frozen.status()).isEqualTo("FROZEN");
        assertThat(frozen.memberCount()).isEqualTo(codes.size());
        assertThat(scopes.countMembers(scopeId)).isEqualTo(codes.size());
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
        assertThat(frozen.strata().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(codes.size());
        assertThat(frozen.chunkCount()).isEqualTo(chunks);
        List<String> snapshotCodes = new ArrayList<>();
        scopes.snapshot(scopeId, frozen.chunkCount()).forEach(m -> snapshotCodes.add(m.code()));
        assertThat(snapshotCodes).isEqualTo(membersOf(codes).stream().map(DrawMember::code).toList());
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
        ScopeJobs withoutRedis = new ScopeJobs(scopes, down, json, org.mockito.Mockito.mock(io.spotcheck.search.IndexBootstrap.class), keys, 400, 1, 8, 100_000);
        assertThat(withoutRedis.progress(scope.id()).status()).isEqualTo("BUILDING");
        assertThat(withoutRedis.runChunks(scope.id(), Integer.MAX_VALUE, 400)).isTrue();
        Scope frozen = scopes.get(scope.id());
        assertThat(frozen.status()).isEqualTo("FROZEN");
        assertThat(frozen.memberCount()).isEqualTo(1100);
        assertThat(scopes.countMembers(scope.id())).isEqualTo(1100);
        assertThat(frozen.digest()).isEqualTo(digestOf(codes));
    }

    @Test
    void slicesOfOnePointInTimeMergeIntoTheOrderOfOneWalk() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 1500);
        Scope scope = newFilterScope(tag);
        co.elastic.clients.elasticsearch._types.query_dsl.Query filter = jobs.filterQuery(scope);
        java.util.Map<Integer, Integer> bySlice = new java.util.concurrent.ConcurrentHashMap<>();
        keys.run(); // as the job does first: persons get their public keys
        String pit = scopes.openSubjectsPit();
        SlicedWalk walk = new SlicedWalk((p, slice, max, after, size) -> {
            ScopeStore.Chunk page = scopes.subjectChunk(p, filter, null, after, size, slice, max);
            bySlice.merge(slice, page.members().size(), Integer::sum);
            return page;
        }, pit, 24, 50);
        List<String> walked = new ArrayList<>();
        List<DrawMember> next;
        do {
            next = walk.next(130);
            next.forEach(m -> walked.add(m.code()));
        } while (!next.isEmpty());
        scopes.closePit(walk.pit());
        assertThat(walked).isEqualTo(membersOf(codes).stream().map(DrawMember::code).toList());
        // the subjects of one bulk request sit together in each shard: still, they span several slices
        assertThat(bySlice.values().stream().filter(n -> n > 0).count()).isGreaterThanOrEqualTo(3);
        assertThat(bySlice.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1500);
    }

    @Test
    void aJobWalkingInSlicesStoppedAndReplayedFreezesToExactlyTheScope() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 2300);
        Scope scope = newFilterScope(tag);
        // 100 members a slice: the 2,300 are walked as 23 slices of the point in time
        ScopeJobs sliced = new ScopeJobs(scopes, checkpoints, json, org.mockito.Mockito.mock(io.spotcheck.search.IndexBootstrap.class), keys, 500, 1, 8, 100);

        assertThat(sliced.runChunks(scope.id(), 2, 500)).isFalse();
        assertThat(checkpoints.load(sliced.job(scope.id()))).containsEntry("processed", "1000");
        // a crash after writing the second chunk but before its checkpoint: resumed past the first chunk's last key
        Map<String, String> cp = checkpoints.load(sliced.job(scope.id()));
        checkpoints.save(sliced.job(scope.id()), Map.of("lastCode", membersOf(codes).get(499).code(), "processed", "500", "chunks", "1",
                "walk", cp.get("walk")));
        assertThat(sliced.runChunks(scope.id(), Integer.MAX_VALUE, 500)).isTrue();
        assertFrozenExactly(scope.id(), codes, 5);
    }

    @Test
    void theSameCreateScopeRequestResumesAJobThatFailed() throws Exception {
        String tag = tag();
        List<String> codes = indexSubjects(tag, 900);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        Map<String, Object> request = Map.of("id", "S-F-" + tag, "name", "failing " + tag, "department", "SCJG", "kind", "FILTER",
                "filter", Map.of("tagsAny", List.of("TEST:" + tag)));
        String create = """
                mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { status } errors { code } } }""";
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
