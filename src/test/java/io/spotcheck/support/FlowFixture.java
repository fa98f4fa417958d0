package io.spotcheck.support;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** What the issue-20 flows share on top of {@link DrawFixture}: inspectors, draws, lifecycle steps, result input. */
public final class FlowFixture {

    public static final String DRAW_INSPECTORS = """
            mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) {
              record { id: localId uncovered { subjectCode region } } task { status } errors { code message } } }""";

    public static final String GROUPING = "query($t:String!,$d:String){ taskGrouping(taskId:$t, department:$d){ department "
            + "groups { agency subjectCodes count } uncovered uncoveredCount } }";

    public static final String ASSIGNMENTS = """
            query($t:String!,$d:String){ taskAssignments(taskId:$t, department:$d){
              id: localId department agency subjectCode region status state seq inspectorIds staffing inspectorDrawId replaces replacedBy note } }""";

    public static final String SUBMIT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id status agency resultCodes "
            + "reassignmentNeeded version } errors { code message field } } }";

    public final Testers testers;
    public final DrawFixture draw;

    public FlowFixture(Testers testers, ElasticsearchClient client, IndexNames names) {
        this.testers = testers;
        this.draw = new DrawFixture(testers, client, names);
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    public static Inspector inspector(String id, String department, String agency, String qualification) {
        return new Inspector(id, "检查员" + id.substring(id.length() - 5), department, agency, "浙执" + id.replace("-", ""),
                LocalDate.of(2020, 1, 1), LocalDate.of(2035, 12, 31), List.of(qualification), "ACTIVE", "13912345678", List.of(), null,
                Instant.now());
    }

    public static Map<String, Object> drawInput(String taskId, String department) {
        LocalDate from = today();
        return Map.of("taskId", taskId, "department", department, "inspectionFrom", from.toString(), "inspectionTo", from.plusDays(30).toString());
    }

    public void drawInspectors(HttpGraphQlTester as, String taskId, String department) {
        as.document(DRAW_INSPECTORS).variable("in", drawInput(taskId, department)).execute()
                .path("drawInspectors.errors").entityList(Object.class).hasSize(0);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> assignments(HttpGraphQlTester as, String taskId, String department) {
        return as.document(ASSIGNMENTS).variable("t", taskId).variable("d", department).execute()
                .path("taskAssignments").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
    }

    /** The lead (SCJG) moves the task to {@code to} (transitionTask). */
    public void transition(String taskId, String to) {
        transition(draw.scjg(), taskId, to);
    }

    /** The XFJY lead moves its task to {@code to}. */
    public void transition2(String taskId, String to) {
        transition(xfjy(), taskId, to);
    }

    public void transition(HttpGraphQlTester scjg, String taskId, String to) {
        Number version = scjg.document("query($id:String!){ task(id:$id){ version } }").variable("id", taskId).execute()
                .path("task.version").entity(Number.class).get();
        scjg.document("mutation($id:String!,$v:Long!,$to:TaskStatus!){ transitionTask(id:$id, expectedVersion:$v, to:$to){ task { status } errors { code message } } }")
                .variable("id", taskId).variable("v", version).variable("to", to).execute()
                .path("transitionTask.errors").entityList(Object.class).hasSize(0)
                .path("transitionTask.task.status").entity(String.class).isEqualTo(to);
    }

    public static Map<String, Object> result(String taskId, String department, String item, String subject, List<String> codes, List<String> inspectors,
                                      String channel) {
        Map<String, Object> in = new HashMap<>();
        in.put("taskId", taskId);
        in.put("department", department);
        in.put("subjectCode", subject);
        in.put("resultCodes", codes);
        in.put("itemRows", List.of(Map.of("itemCode", item, "checked", true, "problemFound", false)));
        in.put("verificationMethods", List.of("ON_SITE"));
        in.put("inspectionDate", today().toString());
        in.put("inspectorIds", inspectors);
        in.put("channel", channel);
        return in;
    }

    /** A drawn inspector on the phone: the token's subject is the inspector's id. */
    public HttpGraphQlTester inspectorToken(String id, String department, String agency) {
        return testers.withToken(io.spotcheck.security.DevTokens.mint(testers.signingKey(), new io.spotcheck.security.DevTokens.Spec(id, id,
                department, agency, List.of(Role.INSPECTOR))));
    }

    public HttpGraphQlTester xfjy() {
        return testers.as("XFJY", "XFJY-BUREAU", Role.DEPT_OPERATOR);
    }

    /**
     * A fire-rescue (XFJY) task of its own over the tagged subjects, drawn (class C) and grouped:
     * XFJY's stations cover every jurisdiction, and no other test gives them inspectors.
     */
    @SuppressWarnings("unchecked")
    public String xfjyTask(String tag) throws Exception {
        HttpGraphQlTester xfjy = xfjy();
        String taskId = DrawFixture.committedThenScoped(xfjy, () -> xfjy.document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version } errors { code message } } }""")
                .variable("in", Map.of("name", "消防抽查 " + tag, "leadDepartment", "XFJY", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "XFJY", "itemCodes", List.of("XFJY-002"), "expectedOnSiteMinutes", 30))))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get(),
                attempt -> DrawFixture.frozenScope(xfjy, "XFJY", "S-X-" + tag + (attempt == 0 ? "" : "-r" + attempt),
                        Map.of("tagsAny", List.of("TEST:" + tag))));
        xfjy.document(DrawFixture.DRAW).variable("in", Map.of("taskId", taskId, "publicValue", "IT " + taskId,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 100))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0);
        xfjy.document("mutation($t:String!){ groupTask(taskId:$t){ task{ status } errors{ code } } }").variable("t", taskId).execute()
                .path("groupTask.task.status").entity(String.class).isEqualTo("GROUPED");
        return taskId;
    }

    /** Three certified FIRE inspectors at each XFJY station, once per run. */
    private static volatile boolean xfjySeeded;

    public static synchronized void seedXfjy(io.spotcheck.inspector.InspectorDirectory inspectors) {
        if (xfjySeeded) {
            return;
        }
        List<io.spotcheck.inspector.Inspector> list = new java.util.ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            for (int i = 1; i <= 3; i++) {
                list.add(inspector("FLOW-XFJY-S0" + s + "-" + i, "XFJY", "XFJY-S0" + s, "FIRE"));
            }
        }
        inspectors.createAll(list);
        xfjySeeded = true;
    }
}
