package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Inspector draws per department, reassignment and substitutes on the real Elasticsearch and
 * Redis: seed → task → scope → drawSubjects → groupTask → each department's drawInspectors.
 */
@IntegrationTest
class InspectorDrawIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    InspectorDirectory inspectors;
    @Autowired
    ScopeStore scopes;
    @Autowired
    InspectorDrawService service;
    @Autowired
    DrawStore draws;

    DrawFixture fixture;

    static final String DRAW_INSPECTORS = """
            mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) {
              record { id: localId kind seed candidateDigest resultDigest candidateCount requiredQualifications
                       picks { agency subjectCode inspectorIds inspectorNames } unstaffed { subjectCode reason }
                       uncovered { subjectCode region } groups { agency subjects { code } } }
              task { status } errors { code message } } }""";

    static final String ASSIGNMENTS = """
            query($t:String!,$d:String){ taskAssignments(taskId:$t, department:$d){
              id: localId department agency subjectCode region state seq inspectorIds staffing replaces replacedBy note } }""";

    static final String REASSIGN = """
            mutation($in: ReassignSubjectInput!) { reassignSubject(input: $in) {
              previous { id: localId state replacedBy } assignment { id: localId state agency region inspectorIds replaces staffing }
              amendment { id: localId kind seed picks { inspectorIds } amendment { cause fromAgency toAgency } } errors { code message } } }""";

    /** Three certified inspectors per station of SCJG (FOOD_SAFETY) and WSJK (HEALTH), once per run. */
    static volatile boolean inspectorsSeeded;

    @BeforeEach
    void setUp() {
        fixture = new DrawFixture(testers, client, names);
        synchronized (InspectorDrawIT.class) {
            if (inspectorsSeeded) {
                return;
            }
            List<Inspector> list = new ArrayList<>();
            for (int s = 1; s <= 8; s++) {
                for (int i = 1; i <= 3; i++) {
                    list.add(inspector("IDIT-SCJG-S0" + s + "-" + i, "SCJG", "SCJG-S0" + s, "FOOD_SAFETY"));
                }
            }
            for (int s = 1; s <= 3; s++) {
                for (int i = 1; i <= 3; i++) {
                    list.add(inspector("IDIT-WSJK-S0" + s + "-" + i, "WSJK", "WSJK-S0" + s, "HEALTH"));
                }
            }
            // on leave: never drawn
            list.add(new Inspector("IDIT-SCJG-S01-LEAVE", "休假员", "SCJG", "SCJG-S01", "浙执A00000001", LocalDate.of(2020, 1, 1),
                    LocalDate.of(2035, 1, 1), List.of("FOOD_SAFETY"), "ON_LEAVE", "13800000000", List.of(), null, Instant.now()));
            inspectors.createAll(list);
            inspectorsSeeded = true;
        }
    }

    static Inspector inspector(String id, String department, String agency, String qualification) {
        return new Inspector(id, "检查员" + id.substring(id.length() - 6), department, agency, "浙执" + id.replace("-", ""),
                LocalDate.of(2020, 1, 1), LocalDate.of(2035, 12, 31), List.of(qualification), "ACTIVE", "13912345678", List.of(), null,
                Instant.now());
    }

    static Map<String, Object> drawInput(String taskId, String department) {
        return Map.of("taskId", taskId, "department", department, "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18");
    }

    /** seed → scope → subject draw → grouping → both departments draw; returns the task id. */
    String drawnTask(String tag, boolean publicDraw, List<String> codes) throws Exception {
        codes.addAll(fixture.indexValidSubjects(tag, 300));
        String taskId = fixture.scopedTask(tag, publicDraw);
        fixture.drawClassCAndGroup(taskId);
        fixture.scjg().document(DRAW_INSPECTORS).variable("in", drawInput(taskId, "SCJG")).execute()
                .path("drawInspectors.errors").entityList(Object.class).hasSize(0);
        fixture.wsjk().document(DRAW_INSPECTORS).variable("in", drawInput(taskId, "WSJK")).execute()
                .path("drawInspectors.errors").entityList(Object.class).hasSize(0)
                .path("drawInspectors.task.status").entity(String.class).isEqualTo("INSPECTORS_DRAWN");
        return taskId;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> assignments(HttpGraphQlTester as, String taskId, String department) {
        return as.document(ASSIGNMENTS).variable("t", taskId).variable("d", department).execute()
                .path("taskAssignments").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachDepartmentDrawsItsOwnInspectorsOnceAndTheTaskMovesToInspectorsDrawn() throws Exception {
        String tag = DrawFixture.tag();
        fixture.indexValidSubjects(tag, 300);
        String taskId = fixture.scopedTask(tag, false);
        Map<String, Object> subjectDraw = fixture.drawClassCAndGroup(taskId);
        int drawn = ((Number) subjectDraw.get("selectedCount")).intValue();
        assertThat(drawn).isGreaterThan(20);

        // the lead department cannot draw for the participant
        fixture.scjg().document(DRAW_INSPECTORS).variable("in", drawInput(taskId, "WSJK")).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        // one inspector per subject is refused
        Map<String, Object> one = new HashMap<>(drawInput(taskId, "SCJG"));
        one.put("perSubject", 1);
        fixture.scjg().document(DRAW_INSPECTORS).variable("in", one).execute()
                .path("drawInspectors.errors[0].code").entity(String.class).isEqualTo("INVALID_PER_SUBJECT");

        Map<String, Object> scjgRecord = fixture.scjg().document(DRAW_INSPECTORS).variable("in", drawInput(taskId, "SCJG")).execute()
                .path("drawInspectors.errors").entityList(Object.class).hasSize(0)
                .path("drawInspectors.task.status").entity(String.class).isEqualTo("GROUPED")
                .path("drawInspectors.record").entity(Map.class).get();
        assertThat(scjgRecord.get("id")).isEqualTo("ID-" + taskId + "-SCJG");
        assertThat((List<String>) scjgRecord.get("requiredQualifications")).containsExactly("FOOD_SAFETY");
        List<Map<String, Object>> picks = (List<Map<String, Object>>) scjgRecord.get("picks");
        // SCJG covers every jurisdiction and has three eligible inspectors everywhere: all staffed, two distinct each, of the agency
        assertThat(picks).hasSize(drawn);
        assertThat(picks).allSatisfy(p -> {
            List<String> ids = (List<String>) p.get("inspectorIds");
            assertThat(ids).hasSize(2).doesNotHaveDuplicates();
            assertThat(ids).allSatisfy(id -> assertThat(id).doesNotEndWith("LEAVE"));
            assertThat(ids).allSatisfy(id -> assertThat(inspectors.get(id).orElseThrow().inspector().agency()).isEqualTo(p.get("agency")));
        });

        // a second draw of the same department: CONFLICT, one record
        fixture.scjg().document(DRAW_INSPECTORS).variable("in", drawInput(taskId, "SCJG")).execute()
                .path("drawInspectors.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        // the task is still GROUPED, but regrouping would rewrite the assignments SCJG's draw staffed: refused
        fixture.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors { code message } } }").variable("t", taskId).execute()
                .path("groupTask.errors[0].code").entity(String.class).isEqualTo("INVALID_STATE")
                .path("groupTask.errors[0].message").entity(String.class).satisfies(m -> assertThat(m).contains("cannot be regrouped"));

        Map<String, Object> wsjkRecord = fixture.wsjk().document(DRAW_INSPECTORS).variable("in", drawInput(taskId, "WSJK")).execute()
                .path("drawInspectors.errors").entityList(Object.class).hasSize(0)
                .path("drawInspectors.task.status").entity(String.class).isEqualTo("INSPECTORS_DRAWN")
                .path("drawInspectors.record").entity(Map.class).get();
        assertThat((List<String>) wsjkRecord.get("requiredQualifications")).containsExactly("HEALTH");
        // WSJK has no station for 330109023: those subjects are listed as uncovered, not dropped
        List<Map<String, Object>> uncovered = (List<Map<String, Object>>) wsjkRecord.get("uncovered");
        assertThat(uncovered).isNotEmpty().allSatisfy(u -> assertThat(u.get("region")).isEqualTo("330109023"));
        assertThat(((List<?>) wsjkRecord.get("picks")).size() + ((List<?>) wsjkRecord.get("unstaffed")).size() + uncovered.size()).isEqualTo(drawn);

        for (Map<String, Object> record : List.of(scjgRecord, wsjkRecord)) {
            fixture.scjg().document("query($id:String!){ verifyInspectorDraw(drawId:$id){ verdict details } }").variable("id", record.get("id"))
                    .execute().path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");
        }
        // the assignments carry the drawn inspectors
        List<Map<String, Object>> scjgList = assignments(fixture.scjg(), taskId, "SCJG");
        assertThat(scjgList).hasSize(drawn).allSatisfy(a -> {
            assertThat(a.get("state")).isEqualTo("ACTIVE");
            assertThat(a.get("staffing")).isEqualTo("STAFFED");
            assertThat((List<?>) a.get("inspectorIds")).hasSize(2);
        });
        // the draws are on record
        client.indices().refresh(r -> r.index(names.alias("audit")));
        long ok = client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("action").value("draw.inspectors")))
                .filter(f -> f.term(t -> t.field("target").value(taskId)))
                .filter(f -> f.term(t -> t.field("outcome").value("OK")))))).count();
        assertThat(ok).isEqualTo(2);
        // not public yet: to the public, as a task id of nothing
        testers.anonymous().document("query($t:String!){ inspectorDrawRecords(taskId:$t){ id } }").variable("t", taskId).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> {
                    assertThat(x.getExtensions()).containsEntry("code", "NOT_FOUND");
                    assertThat(x.getMessage()).isEqualTo("task " + taskId + " does not exist");
                }));
        // a signed-in caller of another department is told why
        testers.as("GAJ", null, Role.DEPT_ADMIN).document("query($t:String!){ inspectorDrawRecords(taskId:$t){ id } }")
                .variable("t", taskId).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
    }

    @Test
    void aSubjectWhoseJurisdictionChangedMovesWithAFreshDrawAndIsListedOnceActive() throws Exception {
        String tag = DrawFixture.tag();
        String taskId = drawnTask(tag, false, new ArrayList<>());
        // an organisation of SCJG-S01 (330109001..003)
        Map<String, Object> before = assignments(fixture.scjg(), taskId, "SCJG").stream()
                .filter(a -> List.of("330109001", "330109002", "330109003").contains(a.get("region")))
                .filter(a -> drawRecord(taskId).organisations().contains(a.get("subjectCode"))).findFirst().orElseThrow();
        String code = (String) before.get("subjectCode");
        @SuppressWarnings("unchecked")
        List<String> oldInspectors = (List<String>) before.get("inspectorIds");
        Map<String, Object> reassign = Map.of("taskId", taskId, "department", "SCJG", "subjectCode", code, "reason", "迁至北干");

        fixture.scjg().document(REASSIGN).variable("in", reassign).execute()
                .path("reassignSubject.errors[0].code").entity(String.class).isEqualTo("JURISDICTION_UNCHANGED");

        // the directory now places it in 330109004 (SCJG-S02)
        upsert(code, "330109004", "ACTIVE");
        Map<?, ?> moved = fixture.scjg().document(REASSIGN).variable("in", reassign).execute()
                .path("reassignSubject.errors").entityList(Object.class).hasSize(0)
                .path("reassignSubject").entity(Map.class).get();
        Map<?, ?> assignment = (Map<?, ?>) moved.get("assignment");
        assertThat(assignment.get("agency")).isEqualTo("SCJG-S02");
        assertThat(assignment.get("state")).isEqualTo("ACTIVE");
        assertThat(assignment.get("staffing")).isEqualTo("STAFFED");
        @SuppressWarnings("unchecked")
        List<String> newInspectors = (List<String>) assignment.get("inspectorIds");
        assertThat(newInspectors).hasSize(2).allSatisfy(id -> assertThat(id).startsWith("IDIT-SCJG-S02-").isNotIn(oldInspectors));
        Map<?, ?> previous = (Map<?, ?>) moved.get("previous");
        assertThat(previous.get("state")).isEqualTo("REASSIGNED");
        assertThat(previous.get("replacedBy")).isEqualTo(assignment.get("id"));
        String amendmentId = (String) ((Map<?, ?>) moved.get("amendment")).get("id");
        assertThat(amendmentId).isEqualTo("IDA-" + taskId + "-SCJG-" + code + "-1");

        // the department's list shows the subject exactly once ACTIVE (and its history)
        List<Map<String, Object>> list = assignments(fixture.scjg(), taskId, "SCJG").stream().filter(a -> code.equals(a.get("subjectCode"))).toList();
        assertThat(list).filteredOn(a -> "ACTIVE".equals(a.get("state"))).singleElement()
                .satisfies(a -> assertThat(a.get("agency")).isEqualTo("SCJG-S02"));
        assertThat(list).filteredOn(a -> "REASSIGNED".equals(a.get("state"))).singleElement()
                .satisfies(a -> assertThat(a.get("replacedBy")).isEqualTo(assignment.get("id")));
        fixture.scjg().document("query($t:String!){ taskGrouping(taskId:$t, department:\"SCJG\"){ groups { agency subjectCodes } } }")
                .variable("t", taskId).execute().path("taskGrouping[0].groups[*].subjectCodes").entityList(Object.class)
                .satisfies(groups -> assertThat(groups.stream().flatMap(g -> ((List<?>) g).stream()).filter(code::equals).count()).isEqualTo(1));

        // the new inspector's phone has it ACTIVE; the old one's still lists it, as REASSIGNED, pointing on
        assertThat(mine(newInspectors.get(0), taskId)).filteredOn(a -> code.equals(a.get("subjectCode"))).singleElement()
                .satisfies(a -> assertThat(a.get("state")).isEqualTo("ACTIVE"));
        assertThat(mine(oldInspectors.get(0), taskId)).filteredOn(a -> code.equals(a.get("subjectCode"))).singleElement()
                .satisfies(a -> {
                    assertThat(a.get("state")).isEqualTo("REASSIGNED");
                    assertThat(a.get("replacedBy")).isEqualTo(assignment.get("id"));
                });

        fixture.scjg().document("query($id:String!){ verifyInspectorDraw(drawId:$id){ verdict details } }").variable("id", amendmentId)
                .execute().path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");
        // moving it again to where it is now changes nothing: the completed move is answered, not repeated
        fixture.scjg().document(REASSIGN).variable("in", reassign).execute()
                .path("reassignSubject.errors[0].code").entity(String.class).isEqualTo("ALREADY_REASSIGNED")
                .path("reassignSubject.amendment.id").entity(String.class).isEqualTo(amendmentId)
                .path("reassignSubject.assignment.inspectorIds").entityList(String.class).containsExactly(newInspectors.toArray(String[]::new));
        // WSJK has no station for 330109023
        upsert(code, "330109023", "ACTIVE");
        fixture.wsjk().document(REASSIGN).variable("in", Map.of("taskId", taskId, "department", "WSJK", "subjectCode", code, "reason", "x"))
                .execute().path("reassignSubject.errors[0].code").entity(String.class).isEqualTo("NO_AGENCY_COVERS");
        // the lead cannot move the participant's part
        fixture.scjg().document(REASSIGN).variable("in", Map.of("taskId", taskId, "department", "WSJK", "subjectCode", code, "reason", "x"))
                .execute().errors().satisfy(e -> assertThat(e).singleElement()
                        .satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSubjectThatLeftTheDistrictGetsTheSameSubstituteWhenRecomputedAndThePublicSeesItMasked() throws Exception {
        String tag = DrawFixture.tag();
        String taskId = drawnTask(tag, true, new ArrayList<>());
        // Class C is drawn whole (100 %), so only a subject of another class can have a substitute left in its stratum.
        DrawRecordView drawn = drawRecord(taskId);
        Set<String> notClassC = drawn.selected().stream().filter(x -> !"C".equals(x.get("stratum"))).map(x -> x.get("code"))
                .collect(java.util.stream.Collectors.toSet());
        Map<String, Object> gone = assignments(fixture.scjg(), taskId, "SCJG").stream()
                .filter(a -> drawn.organisations().contains(a.get("subjectCode")) && notClassC.contains(a.get("subjectCode")))
                .findFirst().orElseThrow();
        String code = (String) gone.get("subjectCode");
        upsert(code, (String) gone.get("region"), "MOVED_OUT");
        fixture.scjg().document(REASSIGN).variable("in", Map.of("taskId", taskId, "department", "SCJG", "subjectCode", code, "reason", "迁出"))
                .execute().path("reassignSubject.errors[0].code").entity(String.class).isEqualTo("SUBJECT_LEFT_DISTRICT");

        String substitute = """
                mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) {
                  substitution { id: localId stratum movedOutCode substitute { code stratum rank } staffing }
                  assignments { department subjectCode state agency inspectorIds replacedBy } errors { code message } } }""";
        Map<String, Object> in = Map.of("taskId", taskId, "subjectCode", code, "reason", "已迁出本区");
        fixture.wsjk().document(substitute).variable("in", in).execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        Map<String, Object> result = fixture.scjg().document(substitute).variable("in", in).execute()
                .path("substituteSubject.errors").entityList(Object.class).hasSize(0)
                .path("substituteSubject").entity(Map.class).get();
        Map<String, Object> sub = (Map<String, Object>) result.get("substitution");
        Map<String, Object> chosen = (Map<String, Object>) sub.get("substitute");
        assertThat(chosen).isNotNull();
        String stratum = drawRecord(taskId).selected().stream().filter(x -> code.equals(x.get("code"))).findFirst().orElseThrow().get("stratum");
        assertThat(sub.get("stratum")).isEqualTo(stratum);
        assertThat(chosen.get("stratum")).isEqualTo(stratum);
        String subCode = (String) chosen.get("code");

        // recomputed here from the frozen snapshot: the lowest-ranked member of the class not drawn or excluded
        DrawRecordView record = drawRecord(taskId);
        Scope scope = scopes.get(record.scopeId());
        SubjectDrawAlgorithm.Selected again = Substitute.pick(scopes.snapshot(scope.id(), scope.chunkCount()), record.seed(), stratum, record.taken());
        assertThat(again.code()).isEqualTo(subCode);
        assertThat(record.taken()).doesNotContain(subCode);
        fixture.scjg().document("query($id:String!){ verifyInspectorDraw(drawId:$id){ verdict details } }").variable("id", sub.get("id"))
                .execute().path("verifyInspectorDraw.verdict").entity(String.class).isEqualTo("MATCH");

        // every department: the moved-out subject MOVED_OUT pointing to the substitute, the substitute ACTIVE
        for (String dept : List.of("SCJG", "WSJK")) {
            List<Map<String, Object>> list = assignments(fixture.scjg(), taskId, dept);
            assertThat(list).filteredOn(a -> code.equals(a.get("subjectCode"))).singleElement()
                    .satisfies(a -> {
                        assertThat(a.get("state")).isEqualTo("MOVED_OUT");
                        assertThat((String) a.get("replacedBy")).contains(subCode);
                    });
            assertThat(list).filteredOn(a -> subCode.equals(a.get("subjectCode"))).singleElement()
                    .satisfies(a -> assertThat(a.get("state")).isEqualTo("ACTIVE"));
        }
        // SCJG covers the whole district and had drawn: the substitute is staffed by an amendment
        assertThat(assignments(fixture.scjg(), taskId, "SCJG")).filteredOn(a -> subCode.equals(a.get("subjectCode"))).singleElement()
                .satisfies(a -> assertThat((List<?>) a.get("inspectorIds")).hasSize(2));
        fixture.scjg().document(substitute).variable("in", in).execute()
                .path("substituteSubject.errors[0].code").entity(String.class).isEqualTo("CONFLICT");

        // publicDraw: the public reads the records, natural persons masked, no recusals, no drawer
        List<Map<String, Object>> published = testers.anonymous().document("""
                        query($t:String!){ inspectorDrawRecords(taskId:$t){ id: localId drawnBy groups { subjects { code kind } }
                          candidates { id name recusedSubjects } } }""")
                .variable("t", taskId).execute().path("inspectorDrawRecords").entityList(Map.class).get().stream()
                .map(m -> (Map<String, Object>) m).toList();
        assertThat(published).extracting(r -> r.get("id")).contains("ID-" + taskId + "-SCJG", "ID-" + taskId + "-WSJK");
        assertThat(published).allSatisfy(r -> assertThat(r.get("drawnBy")).isNull());
        List<Map<String, Object>> subjects = published.stream().flatMap(r -> ((List<Map<String, Object>>) r.get("groups")).stream())
                .flatMap(g -> ((List<Map<String, Object>>) g.get("subjects")).stream()).toList();
        // the task's items target organisations only, so no person is drawn (KIND_NOT_TARGETED); any would be masked
        assertThat(subjects).isNotEmpty().filteredOn(s -> "NATURAL_PERSON".equals(s.get("kind")))
                .allSatisfy(s -> assertThat((String) s.get("code")).contains("****"));
        assertThat(subjects).filteredOn(s -> "ORGANISATION".equals(s.get("kind"))).allSatisfy(s -> assertThat((String) s.get("code")).doesNotContain("*"));
        assertThat(testers.anonymous().document("query($t:String!){ taskAssignments(taskId:$t){ subjectCode state } }").variable("t", taskId)
                .execute().path("taskAssignments[*].subjectCode").entityList(String.class).get()).contains(code, subCode);
    }

    /** The parts of a draw record the substitute depends on, as the API returns them. */
    static final Caller SCJG_OPERATOR = new Caller("it-scjg-operator", "IT operator", "SCJG", "SCJG-BUREAU", Set.of(Role.DEPT_OPERATOR), Set.of());

    /** An SCJG-S01 organisation's current assignment, other than {@code except}. */
    Map<String, Object> s01Organisation(String taskId, Set<String> except) {
        Set<String> organisations = drawRecord(taskId).organisations();
        return assignments(fixture.scjg(), taskId, "SCJG").stream()
                .filter(a -> List.of("330109001", "330109002", "330109003").contains(a.get("region")))
                .filter(a -> organisations.contains(a.get("subjectCode")) && !except.contains(a.get("subjectCode"))).findFirst().orElseThrow();
    }

    long reassignAudits(String taskId, String outcome) throws Exception {
        client.indices().refresh(r -> r.index(names.alias("audit")));
        return client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("action").value("assignment.reassign")))
                .filter(f -> f.term(t -> t.field("target").value(taskId)))
                .filter(f -> f.term(t -> t.field("outcome").value(outcome)))))).count();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRetryAfterACrashFinishesTheReassignmentFromItsRecordWithoutDrawingAgain() throws Exception {
        String taskId = drawnTask(DrawFixture.tag(), false, new ArrayList<>());
        Map<String, Object> before = s01Organisation(taskId, Set.of());
        String code = (String) before.get("subjectCode");
        List<String> oldInspectors = (List<String>) before.get("inspectorIds");
        upsert(code, "330109004", "ACTIVE"); // now SCJG-S02's
        InspectorDrawService.ReassignInput input = new InspectorDrawService.ReassignInput(taskId, "SCJG", code, "迁至北干");

        // step (a) only, then the "crash": the amendment is on record, no assignment written
        InspectorDrawRecord recorded = service.reassign(SCJG_OPERATOR, input, false).amendment();
        assertThat(recorded.id()).isEqualTo("IDA-" + taskId + "-SCJG-" + code + "-1");
        List<String> drawn = recorded.picks().get(0).inspectorIds();
        assertThat(drawn).hasSize(2).allSatisfy(id -> assertThat(id).startsWith("IDIT-SCJG-S02-"));
        // half done, nothing lost: still once ACTIVE where it was, with its old inspectors
        assertThat(assignments(fixture.scjg(), taskId, "SCJG")).filteredOn(a -> code.equals(a.get("subjectCode"))).singleElement()
                .satisfies(a -> {
                    assertThat(a.get("state")).isEqualTo("ACTIVE");
                    assertThat(a.get("agency")).isEqualTo("SCJG-S01");
                    assertThat(a.get("inspectorIds")).isEqualTo(oldInspectors);
                });

        // the user's retry completes it from the record instead of answering CONFLICT
        Map<String, Object> reassign = Map.of("taskId", taskId, "department", "SCJG", "subjectCode", code, "reason", "迁至北干");
        Map<?, ?> moved = fixture.scjg().document(REASSIGN).variable("in", reassign).execute()
                .path("reassignSubject.errors").entityList(Object.class).hasSize(0)
                .path("reassignSubject").entity(Map.class).get();
        assertThat(((Map<?, ?>) moved.get("amendment")).get("id")).isEqualTo(recorded.id());
        Map<?, ?> assignment = (Map<?, ?>) moved.get("assignment");
        assertThat(assignment.get("agency")).isEqualTo("SCJG-S02");
        assertThat(assignment.get("inspectorIds")).isEqualTo(drawn);
        String baseId = taskId + ":SCJG:" + code;
        List<Map<String, Object>> list = assignments(fixture.scjg(), taskId, "SCJG").stream().filter(a -> code.equals(a.get("subjectCode"))).toList();
        assertThat(list).hasSize(2);
        assertThat(list).filteredOn(a -> "ACTIVE".equals(a.get("state"))).singleElement().satisfies(a -> {
            assertThat(a.get("id")).isEqualTo(baseId);
            assertThat(a.get("agency")).isEqualTo("SCJG-S02");
            assertThat(a.get("region")).isEqualTo("330109004");
            assertThat(a.get("inspectorIds")).isEqualTo(drawn);
            assertThat(a.get("staffing")).isEqualTo("STAFFED");
            assertThat(a.get("replaces")).isEqualTo(baseId + ":1");
        });
        assertThat(list).filteredOn(a -> "REASSIGNED".equals(a.get("state"))).singleElement().satisfies(a -> {
            assertThat(a.get("id")).isEqualTo(baseId + ":1");
            assertThat(a.get("agency")).isEqualTo("SCJG-S01");
            assertThat(a.get("inspectorIds")).isEqualTo(oldInspectors);
            assertThat(a.get("replacedBy")).isEqualTo(baseId);
        });
        // drawn once: one amendment for the subject, counted once on each drawn inspector's workload
        List<String> amendments = fixture.scjg().document("query($t:String!){ inspectorDrawRecords(taskId:$t){ id: localId kind } }").variable("t", taskId)
                .execute().path("inspectorDrawRecords").entityList(Map.class).get().stream().map(r -> (String) r.get("id"))
                .filter(id -> id.startsWith("IDA-" + taskId + "-SCJG-" + code + "-")).toList();
        assertThat(amendments).containsExactly(recorded.id());
        for (String inspectorId : drawn) {
            assertThat(inspectors.get(inspectorId).orElseThrow().inspector().workload().drawIds()).containsOnlyOnce(recorded.id());
        }
        assertThat(reassignAudits(taskId, "OK")).isEqualTo(1);

        // a retry after completion answers the completed move, draws nothing and writes no second OK
        fixture.scjg().document(REASSIGN).variable("in", reassign).execute()
                .path("reassignSubject.errors[0].code").entity(String.class).isEqualTo("ALREADY_REASSIGNED")
                .path("reassignSubject.amendment.id").entity(String.class).isEqualTo(recorded.id())
                .path("reassignSubject.assignment.inspectorIds").entityList(String.class).containsExactly(drawn.toArray(String[]::new));
        assertThat(reassignAudits(taskId, "OK")).isEqualTo(1);

        // a crash between the two assignment writes (history copy written, current not replaced) heals too
        Map<String, Object> second = s01Organisation(taskId, Set.of(code));
        String code2 = (String) second.get("subjectCode");
        upsert(code2, "330109004", "ACTIVE");
        InspectorDrawRecord recorded2 = service.reassign(SCJG_OPERATOR, new InspectorDrawService.ReassignInput(taskId, "SCJG", code2, "迁至北干"), false)
                .amendment();
        DrawStore.Assignment current2 = draws.assignments(taskId, "SCJG").stream().filter(a -> a.subjectCode().equals(code2)).findFirst().orElseThrow();
        draws.writeAssignments(List.of(current2.withSeq(1).retired(DrawStore.Assignment.REASSIGNED, current2.id(), "迁至北干", recorded2.drawnAt())));
        fixture.scjg().document(REASSIGN).variable("in", Map.of("taskId", taskId, "department", "SCJG", "subjectCode", code2, "reason", "迁至北干"))
                .execute().path("reassignSubject.errors").entityList(Object.class).hasSize(0)
                .path("reassignSubject.amendment.id").entity(String.class).isEqualTo(recorded2.id());
        List<Map<String, Object>> list2 = assignments(fixture.scjg(), taskId, "SCJG").stream().filter(a -> code2.equals(a.get("subjectCode"))).toList();
        assertThat(list2).filteredOn(a -> "ACTIVE".equals(a.get("state"))).singleElement().satisfies(a -> {
            assertThat(a.get("agency")).isEqualTo("SCJG-S02");
            assertThat(a.get("inspectorIds")).isEqualTo(recorded2.picks().get(0).inspectorIds());
        });
        assertThat(list2).filteredOn(a -> "REASSIGNED".equals(a.get("state"))).hasSize(1);
        assertThat(reassignAudits(taskId, "OK")).isEqualTo(2);
    }

    record DrawRecordView(String seed, String scopeId, List<Map<String, String>> selected, List<Map<String, String>> exclusions) {
        /** Drawn or excluded: never a substitute. */
        Set<String> taken() {
            Set<String> taken = new HashSet<>();
            selected.forEach(s -> taken.add(s.get("code")));
            exclusions.forEach(e -> taken.add(e.get("code")));
            return taken;
        }

        Set<String> organisations() {
            Set<String> codes = new HashSet<>();
            selected.stream().filter(s -> "ORGANISATION".equals(s.get("kind"))).forEach(s -> codes.add(s.get("code")));
            return codes;
        }
    }

    DrawRecordView drawRecord(String taskId) {
        return fixture.scjg().document("query($t:String!){ drawRecord(taskId:$t){ seed scopeId selected { code kind stratum } exclusions { code } } }")
                .variable("t", taskId).execute().path("drawRecord").entity(DrawRecordView.class).get();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> mine(String inspectorId, String taskId) {
        String token = DevTokens.mint(testers.signingKey(), new DevTokens.Spec(inspectorId, inspectorId, "SCJG", null, List.of(Role.INSPECTOR),
                null, Instant.now().plusSeconds(600), DevTokens.AUDIENCE));
        return testers.withToken(token).document("query($t:String){ myAssignments(taskId:$t){ subjectCode state replacedBy agency } }")
                .variable("t", taskId).execute().path("myAssignments").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
    }

    void upsert(String code, String region, String status) {
        Map<String, Object> input = new HashMap<>();
        input.put("code", code);
        input.put("kind", "ORGANISATION");
        input.put("type", "ENTERPRISE");
        input.put("name", "测试企业 " + code);
        input.put("regionCode", region);
        input.put("status", status);
        input.put("risk", Map.of("comprehensive", "C"));
        fixture.scjg().document("mutation($i: SubjectInput!){ upsertSubject(input:$i){ errors { code message } } }").variable("i", input)
                .execute().path("upsertSubject.errors").entityList(Object.class).hasSize(0);
    }
}
