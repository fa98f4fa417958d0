package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import io.spotcheck.task.TaskService;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A caller whose roles can never run a mutation is refused before anything is looked up: FORBIDDEN,
 * in the same words, whether the task or scope it names exists or not, so a refusal never tells
 * which ids exist. Tried for the public and for signed-in callers without the role (a reviewer, an
 * inspector, an automation client without the write scopes).
 */
@IntegrationTest
class RefusedBeforeLookupIT {

    static final Caller SETUP = new Caller("lookup-setup", "setup", null, null, EnumSet.of(Role.PLATFORM_ADMIN), Set.of());

    /** One mutation: its document and its variables for a task or scope id. */
    record Op(String name, String document, Function<String, Map<String, Object>> variables, boolean onScope) {}

    static Map<String, Object> in(Map<String, Object> input) {
        return Map.of("in", input);
    }

    static final String DAY = LocalDate.now().toString();

    static final List<Op> OPS = List.of(
            new Op("cancelScopeJob", "mutation($id: String!) { cancelScopeJob(id: $id) { errors { code } } }", id -> Map.of("id", id), true),
            new Op("resumeScopeJob", "mutation($id: String!) { resumeScopeJob(id: $id) { errors { code } } }", id -> Map.of("id", id), true),
            new Op("drawSubjects", "mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "publicValue", "x")), false),
            new Op("groupTask", "mutation($id: String!) { groupTask(taskId: $id) { errors { code } } }", id -> Map.of("id", id), false),
            new Op("commitPublicValue", "mutation($in: CommitPublicValueInput!) { commitPublicValue(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "source", "x", "revealAt", "2030-01-01T00:00:00Z")), false),
            new Op("drawInspectors", "mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "department", "SCJG", "inspectionFrom", DAY, "inspectionTo", DAY)), false),
            new Op("handOverSubjects", "mutation($in: HandOverSubjectsInput!) { handOverSubjects(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "department", "SCJG", "subjectCodes", List.of("X1"), "agency", "SCJG-BUREAU", "reason", "r")), false),
            new Op("reassignSubject", "mutation($in: ReassignSubjectInput!) { reassignSubject(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "department", "SCJG", "subjectCode", "X1", "reason", "r")), false),
            new Op("substituteSubject", "mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "subjectCode", "X1", "reason", "r")), false),
            new Op("resolveRelocation", "mutation($in: ResolveRelocationInput!) { resolveRelocation(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "subjectCode", "X1", "resolution", "SUBSTITUTE", "reason", "r")), false),
            new Op("setTaskScope", "mutation($id: String!) { setTaskScope(id: $id, expectedVersion: 1, scopeId: \"S-none\") { errors { code } } }",
                    id -> Map.of("id", id), false),
            new Op("transitionTask", "mutation($id: String!) { transitionTask(id: $id, expectedVersion: 1, to: SCOPED) { errors { code } } }",
                    id -> Map.of("id", id), false),
            new Op("updateTask", "mutation($in: UpdateTaskInput!) { updateTask(input: $in) { errors { code } } }",
                    id -> in(Map.of("id", id, "expectedVersion", 1, "name", "renamed")), false),
            new Op("updateTaskPart", "mutation($in: UpdateTaskPartInput!) { updateTaskPart(input: $in) { errors { code } } }",
                    id -> in(Map.of("taskId", id, "expectedVersion", 1, "department", "SCJG", "itemCodes", List.of("SCJG-002"))), false));

    @Autowired
    Testers testers;
    @Autowired
    TaskService tasks;
    @Autowired
    ScopeStore scopes;

    String task;
    String scope;

    @BeforeEach
    void existingTaskAndScope() {
        TaskService.TaskPayload created = tasks.create(SETUP, new TaskService.CreateTaskInput(null, "查找前拒绝", "SCJG",
                List.of(new TaskService.PartInput("SCJG", List.of("SCJG-002"), 30)), "DISTRICT", false, null, null, false));
        assertThat(created.errors()).isEmpty();
        task = created.task().id();
        scope = "S-LOOKUP-" + UUID.randomUUID();
        scopes.create(new Scope(scope, "查找前拒绝", "SCJG", "FILTER", Map.of("filter", Map.of("tagsAny", List.of("TEST:none"))),
                "BUILDING", null, null, null, null, null, null, null, "it", OffsetDateTime.now(ZoneOffset.UTC), null));
    }

    @Test
    void theCallerWithoutTheRoleIsForbiddenInTheSameWordsWhetherTheIdExistsOrNot() {
        Map<String, HttpGraphQlTester> callers = new LinkedHashMap<>();
        callers.put("public", testers.anonymous());
        callers.put("reviewer", testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER));
        callers.put("inspector", testers.as("SCJG", "SCJG-S01", Role.INSPECTOR));
        callers.put("automation without write scopes", testers.automation("SCJG", "stats:read"));
        for (Op op : OPS) {
            String existing = op.onScope() ? scope : task;
            String madeUp = "nope-" + UUID.randomUUID().toString().substring(0, 8);
            callers.forEach((who, caller) -> {
                String onExisting = refusal(caller, op, existing, who);
                String onMadeUp = refusal(caller, op, madeUp, who);
                assertThat(onMadeUp).as(op.name() + " as " + who + ": the same answer for an id that exists and one that does not")
                        .isEqualTo(onExisting);
            });
        }
    }

    /** The FORBIDDEN error's message; fails unless the operation was refused with FORBIDDEN and answered no data. */
    private static String refusal(HttpGraphQlTester caller, Op op, String id, String who) {
        String[] message = new String[1];
        GraphQlTester.Response response = caller.document(op.document()).variables(op.variables().apply(id)).execute();
        response.errors().satisfy(errors -> {
            assertThat(errors).as(op.name() + " as " + who + " on " + id).hasSize(1);
            assertThat(errors.get(0).getExtensions()).as(op.name() + " as " + who + " on " + id + ": " + errors.get(0).getMessage())
                    .containsEntry("code", "FORBIDDEN");
            message[0] = errors.get(0).getMessage();
        });
        response.path(op.name()).pathDoesNotExist();
        return message[0];
    }
}
