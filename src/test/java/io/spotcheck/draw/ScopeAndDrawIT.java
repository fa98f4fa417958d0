package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
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
 * Draws and grouping over frozen scopes on the real Elasticsearch and Redis, over subjects indexed
 * here under a tag of their own (scope build jobs: scope/ScopeJobsIT). Snapshot chunks of 7 members,
 * so every scope here spans several chunks and a draw reads several {@code _mget} batches of them, in order.
 * No candidate is kept in memory ({@code spotcheck.draw.candidates-in-memory=0}): every draw here keeps
 * its candidates in encrypted files and is read from them, and {@code verifyDraw} recomputes it in
 * memory, so the two ways are checked against each other.
 */
@IntegrationTest
@org.springframework.test.context.TestPropertySource(properties = {"spotcheck.scope.chunk-size=7", "spotcheck.draw.candidates-in-memory=0"})
class ScopeAndDrawIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    org.elasticsearch.client.RestClient rest;
    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper json;

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
    void aDrawOverASnapshotOfSeveralChunksRecordsEveryExclusionOnceAndVerifies() throws Exception {
        String tag = tag();
        // hundreds of snapshot chunks (tests cut them small), so both lanes of the single pass rank and hand on exclusions
        indexSubjects(tag, 4_000);
        String taskId = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        Map<?, ?> record = scjg.document(DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "block 00chunks",
                        "ratios", List.of(Map.of("stratum", "A", "percent", 3), Map.of("stratum", "B", "percent", 5))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
        String drawId = (String) record.get("id");

        Map<?, ?> head = client.get(g -> g.index(names.alias("draws")).id(drawId), Map.class).source();
        long excluded = ((Map<?, ?>) head.get("scopeSizes")).values().stream().mapToLong(n -> ((Number) n).longValue()).sum()
                - ((Map<?, ?>) head.get("eligibleSizes")).values().stream().mapToLong(n -> ((Number) n).longValue()).sum();
        assertThat(excluded).isGreaterThan(90);
        List<String> codes = new ArrayList<>();
        new DrawStore(client, rest, names, json).record(drawId).exclusions().forEach(e -> codes.add(e.code()));
        assertThat(codes).hasSize((int) excluded).doesNotHaveDuplicates();
        assertThat(codes).isSortedAccordingTo(io.spotcheck.scope.Utf8.ORDER);
        scjg.document("query($id:String!){ verifyDraw(drawId:$id){ verdict details } }").variable("id", drawId).execute()
                .path("verifyDraw.verdict").entity(String.class).isEqualTo("MATCH");
    }

    @Test
    void aDrawOverItsMemoryBudgetAnswersWithItsStoredRecordVerifiesAndLeavesNoCandidateFile() throws Exception {
        String tag = tag();
        indexSubjects(tag, 3_000);
        String taskId = scopedTask(tag, false);
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        java.util.function.Supplier<List<java.nio.file.Path>> candidateFiles = () -> {
            try (var files = java.nio.file.Files.list(CandidateSpill.folder())) {
                return files.toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<java.nio.file.Path> before = candidateFiles.get();
        // a jurisdiction minimum above what the strata give, so members are topped up and merged into the list read from the files
        Map<?, ?> record = scjg.document(DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "spilled 7",
                        "minPerJurisdiction", 40, "ratios", List.of(Map.of("stratum", "A", "percent", 4), Map.of("stratum", "B", "percent", 10))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
        String drawId = (String) record.get("id");
        assertThat(candidateFiles.get()).isSubsetOf(before);

        DrawRecord stored = new DrawStore(client, rest, names, json).record(drawId);
        assertThat(stored.selected()).hasSize(((Number) record.get("selectedCount")).intValue());
        assertThat(stored.selected()).anyMatch(s -> s.reason().equals("JURISDICTION_MINIMUM")).anyMatch(s -> s.reason().equals("STRATUM"));
        assertThat(stored.selected()).extracting(SubjectDrawAlgorithm.Selected::key).isSortedAccordingTo(io.spotcheck.scope.Utf8.ORDER)
                .doesNotHaveDuplicates();
        // the answer is the stored record: its first page of drawn subjects is the stored list's head
        List<?> answered = (List<?>) record.get("selected");
        assertThat(answered).isNotEmpty();
        assertThat(answered.stream().map(m -> ((Map<?, ?>) m).get("code")).toList())
                .isEqualTo(stored.selected().subList(0, answered.size()).stream().map(SubjectDrawAlgorithm.Selected::code).toList());
        assertThat(record.get("selectedDigest")).isEqualTo(stored.selectedDigest());
        scjg.document("query($id:String!){ verifyDraw(drawId:$id){ verdict details } }").variable("id", drawId).execute()
                .path("verifyDraw.verdict").entity(String.class).isEqualTo("MATCH");
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
        // the exclusions (its deregistered members) were stored while ranking, and removed with the refusal
        client.indices().refresh(r -> r.index(names.alias("draw_lines")));
        assertThat(client.count(c -> c.index(names.alias("draw_lines"))
                .query(q -> q.term(t -> t.field("drawId").value(DrawRecord.idFor(taskId))))).count()).isZero();
    }
}
