package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.subject.TestCodes;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The set-up of a joint task up to its draws, shared by the draw integration tests: tagged subjects
 * indexed directly, a frozen FILTER scope over them, and a joint task SCJG (lead) + WSJK over it.
 */
public final class DrawFixture {

    /** Comprehensive credit class of subject i is CLASSES[i % 10] ("" = unrated). */
    public static final String[] CLASSES = {"A", "A", "A", "A", "B", "B", "B", "C", "D", ""};

    public static final String DRAW = """
            mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) {
              record { id: localId seed scopeDigest selectedDigest selectedCount strata { stratum scopeSize eligible quota } selected { code kind } }
              task { status } errors { code message } } }""";

    private final Testers testers;
    private final ElasticsearchClient client;
    private final IndexNames names;

    public DrawFixture(Testers testers, ElasticsearchClient client, IndexNames names) {
        this.testers = testers;
        this.client = client;
        this.names = names;
    }

    public static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    public HttpGraphQlTester scjg() {
        return testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
    }

    public HttpGraphQlTester wsjk() {
        return testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
    }

    /** Indexes {@code n} subjects carrying tag TEST:<tag> under made-up codes; returns their codes. */
    public List<String> indexSubjects(String tag, int n) throws Exception {
        return indexSubjects(tag, n, i -> String.format("91%s%06d", tag.toUpperCase(), i));
    }

    /** The same with valid credit codes, for tests that later change subjects through upsertSubject. */
    public List<String> indexValidSubjects(String tag, int n) throws Exception {
        return indexSubjects(tag, n, i -> TestCodes.newCode());
    }

    /**
     * Subject i: natural person when i % 50 == 7, deregistered when i % 40 == 3, jurisdiction
     * 330109(1 + i % 23), class {@link #CLASSES}[i % 10].
     */
    public List<String> indexSubjects(String tag, int n, IntFunction<String> codeOf) throws Exception {
        List<String> codes = new ArrayList<>();
        for (int from = 0; from < n; from += 2000) {
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
            for (int i = from; i < Math.min(n, from + 2000); i++) {
                String code = codeOf.apply(i);
                codes.add(code);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("code", code);
                doc.put("kind", i % 50 == 7 ? "NATURAL_PERSON" : "ORGANISATION");
                doc.put("type", "ENTERPRISE");
                doc.put("name", "测试企业" + i);
                doc.put("regionCode", String.format("330109%03d", 1 + i % 23));
                doc.put("status", i % 40 == 3 ? "DEREGISTERED" : "ACTIVE");
                String risk = CLASSES[i % CLASSES.length];
                if (!risk.isEmpty()) {
                    doc.put("risk", Map.of("comprehensive", risk));
                }
                doc.put("tagKeys", List.of("TEST:" + tag));
                bulk.operations(op -> op.index(x -> x.index(names.alias("subjects")).id(code).document(doc)));
            }
            client.bulk(bulk.build());
        }
        return codes;
    }

    /** Creates a joint task SCJG (lead, SCJG-002) + WSJK (WSJK-002) over a frozen scope of the tagged subjects; returns the task id. */
    public String scopedTask(String tag, boolean publicDraw) throws Exception {
        return scopedTask(tag, publicDraw, "S-" + tag);
    }

    public String scopedTask(String tag, boolean publicDraw, String scopeKey) throws Exception {
        HttpGraphQlTester scjg = scjg();
        return committedThenScoped(scjg, () -> scjg.document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version status } errors { code message } } }""")
                .variable("in", Map.of("name", "联合抽查 " + tag, "leadDepartment", "SCJG", "level", "DISTRICT", "publicDraw", publicDraw,
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"), "expectedOnSiteMinutes", 40),
                                Map.of("department", "WSJK", "itemCodes", List.of("WSJK-002"), "expectedOnSiteMinutes", 30))))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get(),
                attempt -> frozenScope(scjg, "SCJG", attempt == 0 ? scopeKey : scopeKey + "-r" + attempt, Map.of("tagsAny", List.of("TEST:" + tag))));
    }

    /** Creates a FILTER scope of {@code department} and waits until it is frozen; returns its id. */
    public static String frozenScope(HttpGraphQlTester scjg, String department, String scopeKey, Map<String, Object> filter) throws Exception {
        String scopeId = scjg.document("""
                        mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId status } job { status } errors { code } } }""")
                .variable("in", Map.of("id", scopeKey, "name", "scope " + scopeKey, "department", department, "kind", "FILTER", "filter", filter))
                .execute().path("createScope.errors").entityList(Object.class).hasSize(0)
                .path("createScope.scope.id").entity(String.class).get();
        String status = null;
        // up to two minutes: on a loaded machine a cluster writes each small test chunk to a primary and a replica
        for (int i = 0; i < 1200 && !"FROZEN".equals(status); i++) {
            Thread.sleep(100);
            status = scjg.document("query($id:String!){ scopeJob(id:$id){ status processed } }").variable("id", scopeId)
                    .execute().path("scopeJob.status").entity(String.class).get();
        }
        assertThat(status).isEqualTo("FROZEN");
        return scopeId;
    }

    /** A step of a fixture that may fail. */
    @FunctionalInterface
    public interface Step<T> {
        T run(int attempt) throws Exception;
    }

    /**
     * Commit, then freeze, then reveal (docs/DRAW-ALGORITHM.md §4): creates a task (DRAFT) with
     * {@code newTask}, commits its public value to become known a margin from now, freezes a scope
     * with {@code freeze} and attaches it. A freeze that outlasted the margin would make the value
     * known before the freeze, so the attempt starts again with a new task, a new scope and twice
     * the margin. Waits until the value is known; answers the SCOPED task's id.
     */
    @SuppressWarnings("unchecked")
    public static String committedThenScoped(HttpGraphQlTester lead, java.util.concurrent.Callable<Map> newTask, Step<String> freeze)
            throws Exception {
        long margin = 3000;
        for (int attempt = 0; attempt < 5; attempt++, margin *= 2) {
            Map<String, Object> task = newTask.call();
            String taskId = (String) task.get("id");
            java.time.Instant revealAt = java.time.Instant.now().plusMillis(margin);
            commit(lead, taskId, revealAt);
            String scopeId = freeze.run(attempt);
            if (!java.time.Instant.now().isBefore(revealAt)) {
                continue;
            }
            Number version = lead.document("query($id:String!){ task(id:$id){ version } }").variable("id", taskId)
                    .execute().path("task.version").entity(Number.class).get();
            lead.document("mutation($id:String!,$v:Long!,$s:String!){ setTaskScope(id:$id, expectedVersion:$v, scopeId:$s){ task{ status } errors{ code message } } }")
                    .variable("id", taskId).variable("v", version.longValue()).variable("s", scopeId)
                    .execute().path("setTaskScope.errors").entityList(Object.class).hasSize(0)
                    .path("setTaskScope.task.status").entity(String.class).isEqualTo("SCOPED");
            waitUntil(revealAt);
            return taskId;
        }
        throw new AssertionError("every scope took longer to freeze than the commitment's margin");
    }

    /** The id of the scope attached to the task (the fixture's scope key, or a retry's). */
    public static String scopeOf(HttpGraphQlTester lead, String taskId) {
        return lead.document("query($id:String!){ task(id:$id){ scope { id: localId } } }").variable("id", taskId).execute()
                .path("task.scope.id").entity(String.class).get();
    }

    public static final String COMMIT = """
            mutation($in: CommitPublicValueInput!) { commitPublicValue(input: $in) {
              commitment { taskId source revealAt committedAt } errors { code message } } }""";

    /**
     * Commit, then reveal: the task (DRAFT, no frozen scope yet) names its public value's source, to
     * become known a moment from now, and waits for that moment (a draw before it is refused as
     * PUBLIC_VALUE_NOT_YET_KNOWN).
     */
    public static void commit(HttpGraphQlTester lead, String taskId) {
        java.time.Instant revealAt = java.time.Instant.now().plusMillis(300);
        commit(lead, taskId, revealAt);
        waitUntil(revealAt);
    }

    /** Commits the task's public value to become known at {@code revealAt}, without waiting. */
    public static void commit(HttpGraphQlTester lead, String taskId, java.time.Instant revealAt) {
        lead.document(COMMIT).variable("in", Map.of("taskId", taskId, "source", "IT lottery for " + taskId,
                        "revealAt", revealAt.toString()))
                .execute().path("commitPublicValue.errors").entityList(Object.class).hasSize(0);
    }

    /** Sleeps until the clock has passed {@code at}. */
    public static void waitUntil(java.time.Instant at) {
        long ms = java.time.Duration.between(java.time.Instant.now(), at).toMillis() + 5;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Draws every subject of class C (ten per cent of the indexed subjects) and groups the task. */
    public Map<String, Object> drawClassCAndGroup(String taskId) {
        Map<String, Object> record = scjg().document(DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "IT " + taskId,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 100))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0)
                .path("drawSubjects.record").entity(Map.class).get();
        scjg().document("mutation($t:String!){ groupTask(taskId:$t){ task{ status } errors{ code } } }").variable("t", taskId).execute()
                .path("groupTask.task.status").entity(String.class).isEqualTo("GROUPED");
        return record;
    }

    /**
     * Three certified inspectors per station of SCJG (FOOD_SAFETY) and WSJK (HEALTH) and one on leave,
     * the same records InspectorDrawIT writes (creating an existing id changes nothing).
     */
    public static void seedStationInspectors(io.spotcheck.inspector.InspectorDirectory inspectors) {
        List<io.spotcheck.inspector.Inspector> list = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            for (int i = 1; i <= 3; i++) {
                list.add(stationInspector("IDIT-SCJG-S0" + s + "-" + i, "SCJG", "SCJG-S0" + s, "FOOD_SAFETY"));
            }
        }
        for (int s = 1; s <= 3; s++) {
            for (int i = 1; i <= 3; i++) {
                list.add(stationInspector("IDIT-WSJK-S0" + s + "-" + i, "WSJK", "WSJK-S0" + s, "HEALTH"));
            }
        }
        list.add(new io.spotcheck.inspector.Inspector("IDIT-SCJG-S01-LEAVE", "休假员", "SCJG", "SCJG-S01", "浙执A00000001",
                java.time.LocalDate.of(2020, 1, 1), java.time.LocalDate.of(2035, 1, 1), List.of("FOOD_SAFETY"), "ON_LEAVE", "13800000000",
                List.of(), null, java.time.Instant.now()));
        inspectors.createAll(list);
    }

    private static io.spotcheck.inspector.Inspector stationInspector(String id, String department, String agency, String qualification) {
        return new io.spotcheck.inspector.Inspector(id, "检查员" + id.substring(id.length() - 6), department, agency, "浙执" + id.replace("-", ""),
                java.time.LocalDate.of(2020, 1, 1), java.time.LocalDate.of(2035, 12, 31), List.of(qualification), "ACTIVE", "13912345678",
                List.of(), null, java.time.Instant.now());
    }

    /** Draws the department's inspectors for the task (inspection 2026-12-07..18), {@code perSubject} each. */
    public void drawInspectors(HttpGraphQlTester as, String taskId, String department, int perSubject) {
        as.document("mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) { errors { code message } } }")
                .variable("in", Map.of("taskId", taskId, "department", department, "inspectionFrom", "2026-12-07",
                        "inspectionTo", "2026-12-18", "perSubject", perSubject))
                .execute().path("drawInspectors.errors").entityList(Object.class).hasSize(0);
    }
}
