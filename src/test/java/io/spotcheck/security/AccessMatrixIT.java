package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.draw.DrawRecord;
import io.spotcheck.draw.DrawService;
import io.spotcheck.draw.DrawStore;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.item.ItemStore;
import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeJobs;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.TestCodes;
import io.spotcheck.subject.write.SubjectWriteService;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import io.spotcheck.subject.write.TagCondition;
import io.spotcheck.subject.write.TagRule;
import io.spotcheck.tag.TagRuleService;
import io.spotcheck.tag.TagRuleStore;
import io.spotcheck.task.TaskService;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.spotcheck.apikey.ApiKeyService;
import io.spotcheck.apikey.ApiKeyScopes;

/**
 * Every mutation and sensitive query against every kind of caller. Each allowed cell succeeds (no
 * GraphQL error, a non-null result, an empty payload {@code errors} list); each denied cell fails
 * with FORBIDDEN, returns no data for the field and writes nothing: no API key, no audit entry with
 * outcome OK, no new document in the indices the operations write, and — where the row has a probe
 * — the target's fingerprint unchanged. A probe must also see the write of every allowed cell, so
 * a probe that looks at the wrong thing fails the matrix. The HTTP import endpoints have their own
 * matrix in {@link #everyImportEndpointAgainstEveryCaller()}.
 *
 * <p><b>Adding a row</b> (one line per operation, in {@link #operations()}):
 * <pre>{@code
 * op("publishResults of own task", "mutation($id: String!) { publishResults(taskId: $id) { errors { code } } }",
 *         t -> Map.of("id", t.fresh("publishable:SCJG", () -> t.task("SCJG", TaskStatus.REVIEWING))), LEAD_RUNNERS)
 *         .unchanged(AccessMatrixIT::taskState),
 * }</pre>
 * The first field of the document is the operation the row covers ({@link AccessMatrixCompletenessTest}
 * fails while a Mutation field, or a Query field listed as sensitive there, has no row). The
 * variables function runs before each cell: take mutation targets from {@link #fresh} (a new target
 * for each allowed cell, one shared target for the denied ones) and read-only fixtures from
 * {@link #shared}; fixture helpers record what they made in {@link #cell} so a probe can find it.
 * Callers act for department SCJG (people: SCJG-BUREAU, reviewer and inspector: station SCJG-S01);
 * {@link Who#AUTOMATION} holds every known scope, {@link Who#AUTOMATION_WITHOUT_SCOPES} none.
 */
@IntegrationTest
class AccessMatrixIT {

    /** The kinds of caller; people act for SCJG. */
    enum Who { ANONYMOUS, PLATFORM_ADMIN, DEPT_ADMIN, DEPT_OPERATOR, AGENCY_REVIEWER, INSPECTOR, AUTOMATION, AUTOMATION_WITHOUT_SCOPES }

    /**
     * One row: an operation and who may run it.
     *
     * @param probe fingerprint of the cell's target (from {@link #cell}): denied cells leave it as it was, allowed cells change it
     * @param expect extra checks on an allowed cell's response (e.g. masking per role)
     */
    record Op(String name, String document, Function<AccessMatrixIT, Map<String, Object>> variables, Set<Who> allowed,
              Function<AccessMatrixIT, Object> probe, BiConsumer<Who, JsonNode> expect, boolean businessErrorsAccepted,
              boolean nullAccepted) {

        Op unchanged(Function<AccessMatrixIT, Object> fingerprint) {
            return new Op(name, document, variables, allowed, fingerprint, expect, businessErrorsAccepted, nullAccepted);
        }

        Op expect(BiConsumer<Who, JsonNode> check) {
            return new Op(name, document, variables, allowed, probe, check, businessErrorsAccepted, nullAccepted);
        }

        /**
         * Allowed cells pass with business errors in the payload (e.g. INVALID_STATE on a draft
         * task): they show the caller got past authorization, not that the operation works. A
         * stop-gap for rows without a fixture the operation can succeed on.
         */
        Op acceptsBusinessErrors() {
            return new Op(name, document, variables, allowed, probe, expect, true, nullAccepted);
        }

        /**
         * Allowed cells may answer null (the expectation says for whom): a query that answers some
         * callers as if the thing did not exist, e.g. a person named by ID to a caller who sees persons masked.
         */
        Op acceptsNull() {
            return new Op(name, document, variables, allowed, probe, expect, businessErrorsAccepted, true);
        }
    }

    /** The global id of a local one (node(id:)): base64url of "Type:localId". */
    static String gid(String type, Object localId) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((type + ":" + localId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The sealed global id of the result a RESULT fixture names. */
    String resultGid(Map<String, Object> result) {
        return globalIds.encode("InspectionResult",
                io.spotcheck.result.Result.id((String) result.get("t"), (String) result.get("d"), (String) result.get("s")), true);
    }

    static Op op(String name, String document, Function<AccessMatrixIT, Map<String, Object>> variables, Who... allowed) {
        return new Op(name, document, variables, allowed.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.of(allowed[0], allowed),
                null, null, false, false);
    }

    static final Who ANONYMOUS = Who.ANONYMOUS;
    static final Who[] EVERYONE = Who.values();
    static final Who[] SIGNED_IN = {Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER, Who.INSPECTOR,
            Who.AUTOMATION, Who.AUTOMATION_WITHOUT_SCOPES};
    /** The department's people and its automation client holding the read scope. */
    static final Who[] DEPARTMENT_READERS = {Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER,
            Who.INSPECTOR, Who.AUTOMATION};
    /** Who runs the lead department's task: admins, operators and automation with tasks:write. */
    static final Who[] LEAD_RUNNERS = {Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AUTOMATION};
    static final Who[] ADMINS = {Who.PLATFORM_ADMIN, Who.DEPT_ADMIN};
    static final Who PLATFORM = Who.PLATFORM_ADMIN;
    /** Roles that see natural persons' identifiers in full. */
    /** AUTOMATION holds every known scope, persons:read among them (docs/SECURITY.md, "Natural persons"). */
    static final Set<Who> SEES_IDENTIFIERS = EnumSet.of(Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.INSPECTOR, Who.AUTOMATION);

    static final String CREATE_KEY = "mutation($in: CreateApiKeyInput!) { createApiKey(input: $in) { secret } }";
    static final String REVOKE_KEY = "mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revoked } } }";
    static final String CREATE_PLAN = "mutation($d: String!) { createPlan(year: 2026, department: $d, name: \"矩阵计划\") { id } }";
    static final String CREATE_TASK = "mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId } errors { code message } } }";
    static final String UPDATE_TASK = "mutation($in: UpdateTaskInput!) { updateTask(input: $in) { task { id: localId } errors { code message } } }";
    static final String UPDATE_PART = "mutation($in: UpdateTaskPartInput!) { updateTaskPart(input: $in) { task { id: localId } errors { code message } } }";
    static final String TRANSITION = "mutation($id: String!, $v: Long!) { transitionTask(id: $id, expectedVersion: $v, to: DRAFT) { task { status } errors { code message } } }";
    static final String SET_SCOPE = "mutation($id: String!, $v: Long!, $s: String!) { setTaskScope(id: $id, expectedVersion: $v, scopeId: $s) { task { status } errors { code message } } }";
    static final String DRAW = "mutation($in: DrawSubjectsInput!) { drawSubjects(input: $in) { record { id } errors { code message } } }";
    static final String COMMIT = "mutation($in: CommitPublicValueInput!) { commitPublicValue(input: $in) { commitment { taskId } errors { code message } } }";
    static final String GROUP = "mutation($t: String!) { groupTask(taskId: $t) { task { status } errors { code message } } }";
    static final String CREDIT_RULE = "mutation($in: CreditRuleInput!) { saveCreditRule(input: $in) { rule { id } errors { code message } } }";
    static final String UPSERT_INSPECTOR = "mutation($in: InspectorInput!) { upsertInspector(input: $in) { inspector { id: localId } errors { code message } } }";
    static final String INSPECTOR_STATUS = "mutation($id: String!) { setInspectorStatus(id: $id, status: ON_LEAVE) { inspector { status } errors { code message } } }";
    static final String ADD_RECUSAL = "mutation($id: String!) { addRecusal(inspectorId: $id, subjectCode: \"91330109MATRIX0001\", reason: \"亲属\") { inspector { id: localId } errors { code message } } }";
    static final String REMOVE_RECUSAL = "mutation($id: String!) { removeRecusal(inspectorId: $id, subjectCode: \"91330109MATRIX0001\") { inspector { id: localId } errors { code message } } }";
    static final String UPSERT_ITEM = "mutation($in: ItemInput!) { upsertItem(input: $in) { item { code } errors { code message } } }";
    static final String CREATE_SCOPE = "mutation($in: CreateScopeInput!) { createScope(input: $in) { scope { id: localId } errors { code message } } }";
    static final String RESUME_SCOPE = "mutation($id: String!) { resumeScopeJob(id: $id) { scope { id: localId } errors { code message } } }";
    static final String CANCEL_SCOPE = "mutation($id: String!) { cancelScopeJob(id: $id) { scope { status } errors { code message } } }";
    static final String UPSERT_SUBJECT = "mutation($in: SubjectInput!) { upsertSubject(input: $in) { subject { code } errors { code message } } }";
    static final String SET_TAGS = "mutation($in: SetSubjectTagsInput!) { setSubjectTags(input: $in) { subject { code } errors { code message } } }";
    static final String SAVE_TAG_RULE = "mutation($in: TagRuleInput!) { saveTagRule(input: $in) { rule { id } errors { code message } } }";
    static final String SUBMIT_RESULT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id } errors { code field } } }";
    static final String RESULT = "query($t: String!, $d: String!, $s: String!) { result(taskId: $t, department: $d, subjectCode: $s) { id } }";
    static final String DRAW_INSPECTORS = "mutation($in: DrawInspectorsInput!) { drawInspectors(input: $in) { errors { code } } }";
    static final String REASSIGN = "mutation($in: ReassignSubjectInput!) { reassignSubject(input: $in) { errors { code } } }";
    static final String HAND_OVER = "mutation($in: HandOverSubjectsInput!) { handOverSubjects(input: $in) { errors { code } } }";
    static final String DELETE_TAG_RULE = "mutation($id: ID!) { deleteTagRule(id: $id) { deletedId errors { code message } } }";

    static List<Op> operations() {
        return List.of(
                op("ping", "mutation { ping }", t -> Map.of(), SIGNED_IN),
                // ---- API keys
                op("createApiKey for own department", CREATE_KEY, t -> t.keyInput("SCJG"), ADMINS),
                op("createApiKey for another department", CREATE_KEY, t -> t.keyInput("WSJK"), PLATFORM),
                op("revokeApiKey of own department", REVOKE_KEY, t -> Map.of("id", t.existingKey("SCJG")), ADMINS),
                op("revokeApiKey of another department", REVOKE_KEY, t -> Map.of("id", t.existingKey("WSJK")), PLATFORM),
                // ---- plans and tasks
                op("createPlan for own department", CREATE_PLAN, t -> Map.of("d", "SCJG"), ADMINS).unchanged(t -> t.docs("plans")),
                op("createPlan for another department", CREATE_PLAN, t -> Map.of("d", "WSJK"), PLATFORM).unchanged(t -> t.docs("plans")),
                op("createTask led by own department", CREATE_TASK, t -> Map.of("in", taskInput("SCJG", "WSJK")), LEAD_RUNNERS)
                        .unchanged(t -> t.docs("tasks")),
                op("createTask led by another department", CREATE_TASK, t -> Map.of("in", taskInput("WSJK", "SCJG")), PLATFORM)
                        .unchanged(t -> t.docs("tasks")),
                op("updateTask of a task own department leads", UPDATE_TASK,
                        t -> t.update(t.fresh("draft:SCJG", () -> t.task("SCJG", TaskStatus.DRAFT))), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::taskState),
                op("updateTask of a joint task another department leads", UPDATE_TASK,
                        t -> t.update(t.fresh("draft:WSJK", () -> t.task("WSJK", TaskStatus.DRAFT))), PLATFORM)
                        .unchanged(AccessMatrixIT::taskState),
                op("updateTaskPart of own part in a task own department leads", UPDATE_PART,
                        t -> t.updatePart(t.fresh("draft:SCJG", () -> t.task("SCJG", TaskStatus.DRAFT)), "SCJG"), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::taskState),
                op("updateTaskPart of own part in a joint task another department leads", UPDATE_PART,
                        t -> t.updatePart(t.fresh("draft:WSJK", () -> t.task("WSJK", TaskStatus.DRAFT)), "SCJG"), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::taskState),
                op("updateTaskPart of another department's part", UPDATE_PART,
                        t -> t.updatePart(t.fresh("draft:SCJG", () -> t.task("SCJG", TaskStatus.DRAFT)), "WSJK"), PLATFORM)
                        .unchanged(AccessMatrixIT::taskState),
                op("transitionTask of a task own department leads", TRANSITION,
                        t -> t.versioned(t.fresh("scoped:SCJG", () -> t.task("SCJG", TaskStatus.SCOPED))), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::taskState),
                op("transitionTask of a joint task another department leads", TRANSITION,
                        t -> t.versioned(t.fresh("scoped:WSJK", () -> t.task("WSJK", TaskStatus.SCOPED))), PLATFORM)
                        .unchanged(AccessMatrixIT::taskState),
                op("setTaskScope of a task own department leads", SET_SCOPE,
                        t -> t.withScope(t.fresh("draft:SCJG", () -> t.task("SCJG", TaskStatus.DRAFT)), t.shared("frozen:SCJG",
                                () -> t.frozenScope("SCJG"))), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::taskState),
                op("setTaskScope of a joint task another department leads", SET_SCOPE,
                        t -> t.withScope(t.fresh("draft:WSJK", () -> t.task("WSJK", TaskStatus.DRAFT)), t.shared("frozen:WSJK",
                                () -> t.frozenScope("WSJK"))), PLATFORM)
                        .unchanged(AccessMatrixIT::taskState),
                // ---- draws
                op("drawSubjects of a task own department leads", DRAW,
                        t -> t.drawInput(t.fresh("scopedOverScope:SCJG", () -> t.scopedTask("SCJG", false))), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::drawState),
                op("drawSubjects of a joint task another department leads", DRAW,
                        t -> t.drawInput(t.fresh("scopedOverScope:WSJK", () -> t.scopedTask("WSJK", false))), PLATFORM)
                        .unchanged(AccessMatrixIT::drawState),
                op("groupTask of a task own department leads", GROUP,
                        t -> Map.of("t", t.fresh("drawn:SCJG", () -> t.drawnTask("SCJG", false))), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::taskState),
                op("groupTask of a joint task another department leads", GROUP,
                        t -> Map.of("t", t.fresh("drawn:WSJK", () -> t.drawnTask("WSJK", false))), PLATFORM)
                        .unchanged(AccessMatrixIT::taskState),
                op("commitPublicValue of a task own department leads", COMMIT, t -> Map.of("in", Map.of("taskId",
                        t.fresh("draft:SCJG-commit", () -> t.task("SCJG", TaskStatus.DRAFT, "SCJG")), "source", "矩阵彩票",
                        "revealAt", java.time.OffsetDateTime.now().plusHours(1).toString())), LEAD_RUNNERS),
                op("commitPublicValue of a task another department leads", COMMIT, t -> Map.of("in", Map.of("taskId",
                        t.fresh("draft:WSJK-commit", () -> t.task("WSJK", TaskStatus.DRAFT, "WSJK")), "source", "矩阵彩票",
                        "revealAt", java.time.OffsetDateTime.now().plusHours(1).toString())), PLATFORM),
                op("publicValueCommitment of own department's unpublished draw", "query($t: String!) { publicValueCommitment(taskId: $t) { source } }",
                        t -> Map.of("t", t.shared("drawn:SCJG", () -> t.drawnTask("SCJG", false))), DEPARTMENT_READERS),
                op("publicValueCommitment of a draw another department made public", "query($t: String!) { publicValueCommitment(taskId: $t) { source } }",
                        t -> Map.of("t", t.shared("drawn-public:WSJK-only", () -> t.drawnTask("WSJK", true, "WSJK"))), EVERYONE),
                op("saveCreditRule of own department", CREDIT_RULE, t -> t.creditRuleInput("SCJG"), ADMINS)
                        .unchanged(AccessMatrixIT::creditRuleState),
                op("saveCreditRule of another department", CREDIT_RULE, t -> t.creditRuleInput("WSJK"), PLATFORM)
                        .unchanged(AccessMatrixIT::creditRuleState),
                op("saveCreditRule for every department", CREDIT_RULE, t -> t.creditRuleInput(null), PLATFORM)
                        .unchanged(AccessMatrixIT::creditRuleState),
                // ---- inspectors
                op("upsertInspector new in own department", UPSERT_INSPECTOR, t -> t.inspectorInput("SCJG", "SCJG-S01"), ADMINS)
                        .unchanged(AccessMatrixIT::inspectorState),
                op("upsertInspector existing in another department", UPSERT_INSPECTOR,
                        t -> t.inspectorInput(t.fresh("inspector:WSJK", () -> t.inspector("WSJK", "WSJK-S01", false)), "WSJK", "WSJK-S01"),
                        PLATFORM).unchanged(AccessMatrixIT::inspectorState),
                op("setInspectorStatus in own department", INSPECTOR_STATUS,
                        t -> Map.of("id", t.fresh("inspector:SCJG", () -> t.inspector("SCJG", "SCJG-S01", false))), ADMINS)
                        .unchanged(AccessMatrixIT::inspectorState),
                op("setInspectorStatus in another department", INSPECTOR_STATUS,
                        t -> Map.of("id", t.fresh("inspector:WSJK", () -> t.inspector("WSJK", "WSJK-S01", false))), PLATFORM)
                        .unchanged(AccessMatrixIT::inspectorState),
                op("addRecusal in own department", ADD_RECUSAL,
                        t -> Map.of("id", t.fresh("inspector:SCJG", () -> t.inspector("SCJG", "SCJG-S01", false))), ADMINS)
                        .unchanged(AccessMatrixIT::inspectorState),
                op("addRecusal in another department", ADD_RECUSAL,
                        t -> Map.of("id", t.fresh("inspector:WSJK", () -> t.inspector("WSJK", "WSJK-S01", false))), PLATFORM)
                        .unchanged(AccessMatrixIT::inspectorState),
                op("removeRecusal in own department", REMOVE_RECUSAL,
                        t -> Map.of("id", t.fresh("recused:SCJG", () -> t.inspector("SCJG", "SCJG-S01", true))), ADMINS)
                        .unchanged(AccessMatrixIT::inspectorState),
                op("removeRecusal in another department", REMOVE_RECUSAL,
                        t -> Map.of("id", t.fresh("recused:WSJK", () -> t.inspector("WSJK", "WSJK-S01", true))), PLATFORM)
                        .unchanged(AccessMatrixIT::inspectorState),
                // ---- items
                op("upsertItem of own department", UPSERT_ITEM, t -> t.itemInput("SCJG"), ADMINS).unchanged(AccessMatrixIT::itemState),
                op("upsertItem of another department", UPSERT_ITEM, t -> t.itemInput("WSJK"), PLATFORM).unchanged(AccessMatrixIT::itemState),
                // ---- scopes
                op("createScope of own department", CREATE_SCOPE, t -> t.scopeInput("SCJG"), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::scopeState),
                op("createScope of another department", CREATE_SCOPE, t -> t.scopeInput("WSJK"), PLATFORM)
                        .unchanged(AccessMatrixIT::scopeState),
                op("resumeScopeJob of own department", RESUME_SCOPE,
                        t -> Map.of("id", t.fresh("building:SCJG", () -> t.buildingScope("SCJG"))), LEAD_RUNNERS),
                op("resumeScopeJob of another department", RESUME_SCOPE,
                        t -> Map.of("id", t.fresh("building:WSJK", () -> t.buildingScope("WSJK"))), PLATFORM),
                op("cancelScopeJob of own department", CANCEL_SCOPE,
                        t -> Map.of("id", t.fresh("building:SCJG", () -> t.buildingScope("SCJG"))), LEAD_RUNNERS)
                        .unchanged(AccessMatrixIT::scopeState),
                op("cancelScopeJob of another department", CANCEL_SCOPE,
                        t -> Map.of("id", t.fresh("building:WSJK", () -> t.buildingScope("WSJK"))), PLATFORM)
                        .unchanged(AccessMatrixIT::scopeState),
                // ---- subjects and tags
                op("upsertSubject", UPSERT_SUBJECT, AccessMatrixIT::subjectInput, LEAD_RUNNERS).unchanged(AccessMatrixIT::subjectState),
                op("updateSubject (unowned subject: any importer)", "mutation($in: SubjectPatchInput!) { updateSubject(input: $in) { subject { code } errors { code message } } }",
                        t -> Map.of("in", Map.of("code", t.fresh("subject", t::subject), "address", "矩阵路 " + UUID.randomUUID().toString().substring(0, 6))),
                        LEAD_RUNNERS).unchanged(AccessMatrixIT::subjectState),
                op("setSubjectTags of own department", SET_TAGS,
                        t -> t.tagsInput(t.fresh("subject", t::subject), "SCJG"), LEAD_RUNNERS).unchanged(AccessMatrixIT::subjectState),
                op("setSubjectTags of another department", SET_TAGS,
                        t -> t.tagsInput(t.fresh("subject", t::subject), "WSJK"), PLATFORM).unchanged(AccessMatrixIT::subjectState),
                op("saveTagRule of own department", SAVE_TAG_RULE, t -> t.tagRuleInput("SCJG"), ADMINS).unchanged(AccessMatrixIT::tagRuleState),
                op("saveTagRule of another department", SAVE_TAG_RULE, t -> t.tagRuleInput("WSJK"), PLATFORM)
                        .unchanged(AccessMatrixIT::tagRuleState),
                op("saveTagRule changing another department's rule", SAVE_TAG_RULE,
                        t -> t.tagRuleInput(t.fresh("rule:WSJK", () -> t.tagRule("WSJK")), "WSJK"), PLATFORM)
                        .unchanged(AccessMatrixIT::tagRuleState),
                op("deleteTagRule of own department", DELETE_TAG_RULE,
                        t -> Map.of("id", t.fresh("rule:SCJG", () -> t.tagRule("SCJG"))), ADMINS).unchanged(AccessMatrixIT::tagRuleState),
                op("deleteTagRule of another department", DELETE_TAG_RULE,
                        t -> Map.of("id", t.fresh("rule:WSJK", () -> t.tagRule("WSJK"))), PLATFORM).unchanged(AccessMatrixIT::tagRuleState),
                // ---- calendar
                op("setCalendarYear", "mutation($h: [Date!]!) { setCalendarYear(year: 2040, holidays: $h, workdays: []) { errors { code } } }",
                        t -> Map.of("h", io.spotcheck.calendar.StatutoryHolidays.of(2040).stream().map(d -> d.date().toString()).distinct().toList()),
                        PLATFORM),
                op("clearCalendarYear", "mutation { clearCalendarYear(year: 2041) { errors { code } } }",
                        t -> {
                            t.calendars.setYear(2041, io.spotcheck.calendar.StatutoryHolidays.of(2041).stream()
                                    .map(io.spotcheck.calendar.StatutoryHolidays.Day::date).toList(), List.of(), "matrix", "matrix");
                            return Map.of();
                        }, PLATFORM),
                // ---- results (the platform admin enters none: only drawn inspectors and the agency's operators do)
                op("submitResult for a subject the inspector was drawn for", SUBMIT_RESULT, AccessMatrixIT::resultInput,
                        Who.INSPECTOR, Who.DEPT_OPERATOR).unchanged(t -> t.docs("results")),
                // ---- inspector draws: a fresh draft joint task SCJG (lead) + WSJK per cell, so allowed cells get INVALID_STATE as data
                op("drawInspectors for own department", DRAW_INSPECTORS, t -> t.drawInspectorsInput("SCJG"), LEAD_RUNNERS)
                        .acceptsBusinessErrors(),
                op("drawInspectors for a participant (lead cannot)", DRAW_INSPECTORS, t -> t.drawInspectorsInput("WSJK"), PLATFORM)
                        .acceptsBusinessErrors(),
                op("reassignSubject in own department", REASSIGN, t -> t.reassignInput("SCJG"), LEAD_RUNNERS).acceptsBusinessErrors(),
                op("reassignSubject in a participant's part", REASSIGN, t -> t.reassignInput("WSJK"), PLATFORM).acceptsBusinessErrors(),
                op("substituteSubject (lead)", "mutation($in: SubstituteSubjectInput!) { substituteSubject(input: $in) { errors { code } } }",
                        t -> Map.of("in", Map.of("taskId", t.draftTask(), "subjectCode", "91330109MA0000001X", "reason", "迁出")), LEAD_RUNNERS)
                        .acceptsBusinessErrors(),
                // a draft task: allowed cells get INVALID_STATE / NOT_IN_QUEUE as data
                op("handOverSubjects in own department", HAND_OVER, t -> Map.of("in", Map.of("taskId", t.draftTask(), "department", "SCJG",
                        "subjectCodes", List.of("91330109MA0000001X"), "agency", "SCJG-BUREAU", "reason", "无分所")), LEAD_RUNNERS).acceptsBusinessErrors(),
                op("handOverSubjects in a participant's part", HAND_OVER, t -> Map.of("in", Map.of("taskId", t.draftTask(), "department", "WSJK",
                        "subjectCodes", List.of("91330109MA0000001X"), "agency", "WSJK-BUREAU", "reason", "无分所")), PLATFORM).acceptsBusinessErrors(),
                op("resolveRelocation (lead)", "mutation($in: ResolveRelocationInput!) { resolveRelocation(input: $in) { errors { code } } }",
                        t -> Map.of("in", Map.of("taskId", t.draftTask(), "subjectCode", "91330109MA0000001X", "resolution", "SUBSTITUTE",
                                "reason", "迁出")), LEAD_RUNNERS).acceptsBusinessErrors(),

                // ======== sensitive queries
                op("subjects (natural persons masked per role)", "query($f: SubjectFilter) { subjects(filter: $f, first: 50) { edges { node { code kind legalRepresentative } } } }",
                        t -> Map.of("f", Map.of("tagsAny", List.of(t.pool().tag()))), DEPARTMENT_READERS)
                        .expect(AccessMatrixIT::naturalPersonsMaskedUnlessAllowed),
                op("subject that is a natural person", "query($c: String!) { subject(code: $c) { code kind legalRepresentative } }",
                        t -> Map.of("c", t.pool().person()), DEPARTMENT_READERS).expect(AccessMatrixIT::personByIdOnlyForWhoSeesItInClear).acceptsNull(),
                op("inspectors", "{ inspectors(first: 5) { totalCount } }", t -> Map.of(), DEPARTMENT_READERS),
                op("inspector of own station", "query($id: String!) { inspector(id: $id) { id phone } }",
                        t -> Map.of("id", t.shared("inspector:SCJG-S01", () -> t.inspector("SCJG", "SCJG-S01", false))), DEPARTMENT_READERS),
                op("inspector of another station of own department", "query($id: String!) { inspector(id: $id) { id } }",
                        t -> Map.of("id", t.shared("inspector:SCJG-S02", () -> t.inspector("SCJG", "SCJG-S02", false))),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.INSPECTOR, Who.AUTOMATION),
                op("inspector of another department", "query($id: String!) { inspector(id: $id) { id } }",
                        t -> Map.of("id", t.shared("inspector:WSJK-S01", () -> t.inspector("WSJK", "WSJK-S01", false))), PLATFORM),
                op("task own department takes part in", "query($id: String!) { task(id: $id) { id } }",
                        t -> Map.of("id", t.shared("draft:WSJK+SCJG", () -> t.task("WSJK", TaskStatus.DRAFT))), DEPARTMENT_READERS),
                op("unpublished task of another department", "query($id: String!) { task(id: $id) { id } }",
                        t -> Map.of("id", t.shared("draft:WSJK-only", () -> t.task("WSJK", TaskStatus.DRAFT, "WSJK"))), PLATFORM),
                op("published task of another department", "query($id: String!) { task(id: $id) { id status } }",
                        t -> Map.of("id", t.shared("published:WSJK-only", () -> t.task("WSJK", TaskStatus.PUBLISHED, "WSJK"))), EVERYONE),
                op("tasks of own department", "{ tasks { totalCount edges { node { id } } } }", t -> Map.of(), DEPARTMENT_READERS),
                op("tasks of another department", "{ tasks(department: \"WSJK\") { totalCount } }", t -> Map.of(), PLATFORM),
                // ---- node(id:) answers as the feature's own query does, whoever asks
                op("node: task own department takes part in", "query($id: ID!) { node(id: $id) { id ... on Task { status } } }",
                        t -> Map.of("id", gid("Task", t.shared("draft:WSJK+SCJG", () -> t.task("WSJK", TaskStatus.DRAFT)))), DEPARTMENT_READERS),
                op("node: unpublished task of another department", "query($id: ID!) { node(id: $id) { id } }",
                        t -> Map.of("id", gid("Task", t.shared("draft:WSJK-only", () -> t.task("WSJK", TaskStatus.DRAFT, "WSJK")))), PLATFORM),
                op("node: published task of another department", "query($id: ID!) { node(id: $id) { id ... on Task { status } } }",
                        t -> Map.of("id", gid("Task", t.shared("published:WSJK-only", () -> t.task("WSJK", TaskStatus.PUBLISHED, "WSJK")))), EVERYONE),
                op("nodes: published task of another department", "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                        t -> Map.of("ids", List.of(gid("Task", t.shared("published:WSJK-only", () -> t.task("WSJK", TaskStatus.PUBLISHED, "WSJK"))))),
                        EVERYONE),
                op("node: inspector of another department", "query($id: ID!) { node(id: $id) { id } }",
                        t -> Map.of("id", gid("Inspector", t.shared("inspector:WSJK-S01", () -> t.inspector("WSJK", "WSJK-S01", false)))), PLATFORM),
                op("node: scope of another department", "query($id: ID!) { node(id: $id) { id } }",
                        t -> Map.of("id", gid("Scope", t.shared("frozen:WSJK", () -> t.frozenScope("WSJK")))), PLATFORM),
                op("node: drawRecord of another department's unpublished draw", "query($id: ID!) { node(id: $id) { ... on DrawRecord { id } } }",
                        t -> Map.of("id", gid("DrawRecord", io.spotcheck.draw.DrawRecord.idFor(t.shared("drawn:WSJK-only",
                                () -> t.drawnTask("WSJK", false, "WSJK"))))), PLATFORM),
                op("drawRecord of own department's unpublished draw", "query($t: String!) { drawRecord(taskId: $t) { id: localId selected { code } } }",
                        t -> Map.of("t", t.shared("drawn:SCJG", () -> t.drawnTask("SCJG", false))), DEPARTMENT_READERS),
                op("drawRecord of another department's unpublished draw", "query($t: String!) { drawRecord(taskId: $t) { id: localId } }",
                        t -> Map.of("t", t.shared("drawn:WSJK-only", () -> t.drawnTask("WSJK", false, "WSJK"))), PLATFORM),
                op("drawRecord another department made public", "query($t: String!) { drawRecord(taskId: $t) { id: localId seed selected { code } } }",
                        t -> Map.of("t", t.shared("drawn-public:WSJK-only", () -> t.drawnTask("WSJK", true, "WSJK"))), EVERYONE),
                op("verifyDraw of own department's draw", "query($d: String!) { verifyDraw(drawId: $d) { verdict } }",
                        t -> Map.of("d", DrawRecord.idFor(t.shared("drawn:SCJG", () -> t.drawnTask("SCJG", false)))), DEPARTMENT_READERS),
                op("verifyDraw of another department's unpublished draw", "query($d: String!) { verifyDraw(drawId: $d) { verdict } }",
                        t -> Map.of("d", DrawRecord.idFor(t.shared("drawn:WSJK-only", () -> t.drawnTask("WSJK", false, "WSJK")))), PLATFORM),
                op("verifyDraw of a public draw", "query($d: String!) { verifyDraw(drawId: $d) { verdict } }",
                        t -> Map.of("d", DrawRecord.idFor(t.shared("drawn-public:WSJK-only", () -> t.drawnTask("WSJK", true, "WSJK")))), EVERYONE),
                op("taskGrouping of a task own department takes part in", "query($t: String!) { taskGrouping(taskId: $t) { department } }",
                        t -> Map.of("t", t.shared("grouped:WSJK+SCJG", () -> t.groupedTask("WSJK"))), DEPARTMENT_READERS),
                op("taskGrouping of another department's task", "query($t: String!) { taskGrouping(taskId: $t) { department } }",
                        t -> Map.of("t", t.shared("grouped:WSJK-only", () -> t.groupedTask("WSJK", "WSJK"))), PLATFORM),
                op("scope of own department", "query($id: String!) { scope(id: $id) { id memberCount } }",
                        t -> Map.of("id", t.shared("frozen:SCJG", () -> t.frozenScope("SCJG"))), DEPARTMENT_READERS),
                op("scope of another department", "query($id: String!) { scope(id: $id) { id } }",
                        t -> Map.of("id", t.shared("frozen:WSJK", () -> t.frozenScope("WSJK"))), PLATFORM),
                op("subjectChanges", "query($c: String!) { subjectChanges(code: $c) { totalCount } }", t -> Map.of("c", t.pool().person()),
                        DEPARTMENT_READERS),
                op("scopeMembers of own department", "query($id: String!) { scopeMembers(scopeId: $id, first: 5) { totalCount edges { node { code } } } }",
                        t -> Map.of("id", t.shared("frozen:SCJG", () -> t.frozenScope("SCJG"))), DEPARTMENT_READERS),
                op("scopeMembers of another department", "query($id: String!) { scopeMembers(scopeId: $id) { totalCount } }",
                        t -> Map.of("id", t.shared("frozen:WSJK", () -> t.frozenScope("WSJK"))), PLATFORM),
                op("relocationQueue (department staff)", "{ relocationQueue(first: 5) { totalCount } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER),
                op("node: relocation finding of own department", "query($id: ID!) { node(id: $id) { id ... on Relocation { localId } } }",
                        t -> Map.of("id", t.globalIds.encode("Relocation", t.shared("relocation", t::storedRelocation), true)),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER),
                op("scopes of own department", "{ scopes(department: \"SCJG\") { totalCount nodes { id } } }", t -> Map.of(), DEPARTMENT_READERS),
                op("scopes of another department", "{ scopes(department: \"WSJK\") { totalCount } }", t -> Map.of(), PLATFORM),
                op("scopeJob of own department", "query($id: String!) { scopeJob(id: $id) { status } }",
                        t -> Map.of("id", t.shared("frozen:SCJG", () -> t.frozenScope("SCJG"))), DEPARTMENT_READERS),
                op("scopeJob of another department", "query($id: String!) { scopeJob(id: $id) { status } }",
                        t -> Map.of("id", t.shared("frozen:WSJK", () -> t.frozenScope("WSJK"))), PLATFORM),
                op("result of own department the inspector was drawn for, in the reviewer's station", RESULT,
                        t -> t.shared("result:SCJG-S01", () -> t.storedResult("SCJG", "SCJG-S01", "SCJG-inspector")), DEPARTMENT_READERS),
                op("result of own department, another station, other inspectors", RESULT,
                        t -> t.shared("result:SCJG-S02", () -> t.storedResult("SCJG", "SCJG-S02", "SCJG-S02-someone")),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AUTOMATION),
                op("node: result of own department, another station, other inspectors", "query($id: ID!) { node(id: $id) { id ... on InspectionResult { localId } } }",
                        t -> Map.of("id", t.resultGid(t.shared("result:SCJG-S02", () -> t.storedResult("SCJG", "SCJG-S02", "SCJG-S02-someone")))),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AUTOMATION),
                op("result of another department", RESULT, t -> t.shared("result:WSJK", () -> t.storedResult("WSJK", "WSJK-S01", "SCJG-inspector")),
                        PLATFORM),
                op("calendarYear", "{ calendarYear(year: 2024) { covered } }", t -> Map.of(), EVERYONE),
                op("taskAssignments of a task not public", "query($t: String!) { taskAssignments(taskId: $t) { id } }",
                        t -> Map.of("t", t.shared("draftTask", t::draftTask)), DEPARTMENT_READERS),
                op("inspectorDrawRecords of a task not public", "query($t: String!) { inspectorDrawRecords(taskId: $t) { id } }",
                        t -> Map.of("t", t.shared("draftTask", t::draftTask)), DEPARTMENT_READERS),
                op("substitutions of a task not public", "query($t: String!) { substitutions(taskId: $t) { id } }",
                        t -> Map.of("t", t.shared("draftTask", t::draftTask)), DEPARTMENT_READERS),
                op("inspectorDrawRecord of a task not public", "query($id: String!) { inspectorDrawRecord(id: $id) { id } }",
                        t -> Map.of("id", t.shared("inspectorDrawRecord", t::storedInspectorDraw)), DEPARTMENT_READERS),
                op("verifyInspectorDraw of a task not public", "query($id: String!) { verifyInspectorDraw(drawId: $id) { verdict } }",
                        t -> Map.of("id", t.shared("inspectorDrawRecord", t::storedInspectorDraw)), DEPARTMENT_READERS),
                op("myAssignments", "{ myAssignments { id } }", t -> Map.of(), Who.PLATFORM_ADMIN, Who.INSPECTOR),
                op("myAssignmentPage", "{ myAssignmentPage(first: 5) { totalCount edges { node { id } } } }", t -> Map.of(), Who.PLATFORM_ADMIN, Who.INSPECTOR),
                // node(id:) of the inspector draw's types: sealed global ids, the checks of their own queries
                op("node: inspectorDrawRecord of a task not public", "query($id: ID!) { node(id: $id) { id ... on InspectorDrawRecord { localId } } }",
                        t -> Map.of("id", t.globalIds.encode("InspectorDrawRecord", t.shared("inspectorDrawRecord", t::storedInspectorDraw), true)),
                        DEPARTMENT_READERS),
                op("node: substitution of a task not public", "query($id: ID!) { node(id: $id) { id ... on Substitution { localId } } }",
                        t -> Map.of("id", t.globalIds.encode("Substitution", t.shared("substitution", t::storedSubstitution), true)),
                        DEPARTMENT_READERS),
                op("node: assignment of a task not public", "query($id: ID!) { node(id: $id) { id ... on Assignment { localId } } }",
                        t -> Map.of("id", t.globalIds.encode("Assignment", t.shared("assignment", t::storedAssignment), true)),
                        DEPARTMENT_READERS),
                // ---- review, publication, statistics
                op("reviewQueue", "{ reviewQueue(first: 5) { totalCount } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER, Who.AUTOMATION),
                op("reviewQueue of another department", "{ reviewQueue(filter: {department: \"WSJK\"}) { totalCount } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN),
                op("reviewResult of own agency's result", REVIEW_RESULT, t -> t.submittedResult("SCJG", "SCJG-S01"), Who.AGENCY_REVIEWER),
                op("reviewResult of another department's result", REVIEW_RESULT, t -> t.submittedResult("WSJK", "WSJK-S01")),
                op("publishResults of own department", PUBLISH_RESULTS, t -> t.publishableTask("SCJG"),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AUTOMATION),
                op("publishResults of another department", PUBLISH_RESULTS, t -> t.publishableTask("WSJK"), Who.PLATFORM_ADMIN),
                op("publishedResults", "{ publishedResults(first: 5) { totalCount } }", t -> Map.of(), EVERYONE),
                op("statistics", "{ statistics { totals { subjectVisits } } }", t -> Map.of(),
                        Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AGENCY_REVIEWER, Who.AUTOMATION),
                op("statistics of another department", "{ statistics(department: \"WSJK\") { totals { subjectVisits } } }", t -> Map.of(),
                        PLATFORM),
                op("tagRules (a shared tag system: every department's rules)", "{ tagRules { id } }", t -> Map.of(), SIGNED_IN),
                op("tagRuleJob", "query($id: ID!) { tagRuleJob(id: $id) { id status } }", t -> Map.of("id", t.shared("tagRuleJob", t::tagRuleJob)),
                        SIGNED_IN),
                op("plans (annual plans are published)", "{ plans { totalCount edges { node { id } } } }", t -> Map.of(), SIGNED_IN),
                op("creditRules (published with every draw)", "{ creditRules { id } }", t -> Map.of(), EVERYONE),
                op("items (the published item list)", "{ items { code } }", t -> Map.of(), EVERYONE),
                op("apiKeys", "{ apiKeys { id } }", t -> Map.of(), ADMINS),
                op("apiKeys of another department", "{ apiKeys(department: \"WSJK\") { id } }", t -> Map.of(), PLATFORM),
                op("auditLog", "{ auditLog(first: 5) { totalCount } }", t -> Map.of(), ADMINS),
                op("auditLog of another department", "{ auditLog(filter: {department: \"WSJK\"}) { totalCount } }", t -> Map.of(),
                        PLATFORM));
    }

    /** Indices an operation in the matrix may write; a refused call adds no document to any of them. */
    static final List<String> WRITTEN = List.of("api_keys", "plans", "tasks", "draws", "draw_lines", "assignments", "credit_rules", "inspectors",
            "items", "scopes", "scope_members", "subjects", "tag_rules", "results", "inspector_draws", "substitutions", "calendar_years",
            "anomaly_listings");

    static final Caller SETUP = new Caller("matrix-setup", "setup", null, null, EnumSet.of(Role.PLATFORM_ADMIN), Set.of());

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Value("${spring.elasticsearch.uris}")
    String elasticsearchUri;
    @Autowired
    Testers testers;
    @Autowired
    io.spotcheck.calendar.CalendarService calendars;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    TaskService tasks;
    @Autowired
    io.spotcheck.api.GlobalIds globalIds;
    @Autowired
    TaskStore taskStore;
    @Autowired
    DrawService draws;
    @Autowired
    DrawStore drawStore;
    @Autowired
    io.spotcheck.draw.CreditRuleStore creditRules;
    @Autowired
    ScopeStore scopes;
    @Autowired
    ScopeJobs scopeJobs;
    @Autowired
    InspectorDirectory inspectors;
    @Autowired
    ItemStore items;
    @Autowired
    SubjectWriter subjects;
    @Autowired
    TagRuleStore tagRules;
    @Autowired
    TagRuleService tagRuleService;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Object> sharedTargets = new HashMap<>();
    private final Map<String, Map<String, String>> sharedCells = new HashMap<>();
    private boolean cellAllowed;
    /** What the fixtures of the current cell made, by kind ("task", "scope", "inspector", ...), for the probes. */
    final Map<String, String> cell = new HashMap<>();
    private Pool pool;

    // ------------------------------------------------------------------ the matrix

    /**
     * The stores write with refresh=wait_for; at the default 1 s refresh interval each fixture
     * write would wait up to a second. This run's own indices refresh every 100 ms while the matrix
     * runs (JUnit calls these once around each test factory, not per cell).
     */
    @BeforeEach
    void refreshOften() throws Exception {
        refreshInterval("100ms");
    }

    @AfterEach
    void refreshAsUsual() throws Exception {
        refreshInterval(null);
    }

    private void refreshInterval(String interval) throws Exception {
        String aliases = String.join(",", Stream.concat(WRITTEN.stream(), Stream.of("audit", "scope_snapshots")).map(names::alias).toList());
        String body = "{\"index\":{\"refresh_interval\":" + (interval == null ? "null" : "\"" + interval + "\"") + "}}";
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(elasticsearchUri.split(",")[0] + "/" + aliases + "/_settings"))
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    String token(Who who) {
        return switch (who) {
            case ANONYMOUS -> null;
            case PLATFORM_ADMIN -> testers.token(null, null, null, Role.PLATFORM_ADMIN);
            case AUTOMATION -> testers.token("SCJG", null, String.join(" ", ApiKeyScopes.KNOWN), Role.AUTOMATION);
            case AUTOMATION_WITHOUT_SCOPES -> testers.token("SCJG", null, null, Role.AUTOMATION);
            case AGENCY_REVIEWER, INSPECTOR -> testers.token("SCJG", "SCJG-S01", null, Role.valueOf(who.name()));
            default -> testers.token("SCJG", "SCJG-BUREAU", null, Role.valueOf(who.name()));
        };
    }

    @TestFactory
    Stream<DynamicTest> everyOperationAgainstEveryCaller() {
        List<DynamicTest> cells = new ArrayList<>();
        for (Op op : operations()) {
            for (Who who : Who.values()) {
                boolean allowed = op.allowed().contains(who);
                cells.add(DynamicTest.dynamicTest(op.name() + " as " + who + (allowed ? " is allowed" : " is FORBIDDEN"),
                        () -> check(op, who, allowed)));
            }
        }
        return cells.stream();
    }

    private void check(Op op, Who who, boolean allowed) throws Exception {
        cell.clear();
        cellAllowed = allowed;
        Map<String, Object> variables = op.variables().apply(this);
        Object before = op.probe() == null ? null : op.probe().apply(this);
        Map<String, Long> writtenBefore = allowed ? Map.of() : written();
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        String token = token(who);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        JsonNode result = RawHttp.json(new RawHttp(port).post(
                RawHttp.body(Map.of("query", op.document(), "variables", variables)), headers));
        if (allowed) {
            assertThat(result.path("errors").isMissingNode()).as(result.toString()).isTrue();
            JsonNode field = result.path("data").elements().next();
            assertThat(field.isNull() && !op.nullAccepted()).as("the allowed call's result " + result).isFalse();
            if (field.path("errors").isArray() && !op.businessErrorsAccepted()) {
                assertThat(field.path("errors")).as("business errors of the allowed call " + result).isEmpty();
            }
            if (op.probe() != null) {
                assertThat(op.probe().apply(this)).as("the probe sees the allowed call's write").isNotEqualTo(before);
            }
            if (op.expect() != null) {
                op.expect().accept(who, result);
            }
            return;
        }
        boolean drawRead = java.util.stream.Stream.of("drawRecord(", "verifyDraw(", "on DrawRecord", "task(id:", "taskAssignments(",
                "inspectorDrawRecord", "on InspectorDrawRecord", "substitutions(", "verifyInspectorDraw(", "publicValueCommitment(")
                .anyMatch(op.document()::contains) || (op.name().startsWith("node: ") && op.name().contains("task"));
        if (who == Who.ANONYMOUS && drawRead) {
            // to the public a task or draw it may not see reads like one that does not exist (docs/DRAW-ALGORITHM.md §12,
            // docs/SECURITY.md "Guessing")
            JsonNode error = result.path("errors").path(0);
            assertThat(error.isMissingNode() ? "NOT_FOUND" : error.path("extensions").path("code").asText()).as(result.toString())
                    .isEqualTo("NOT_FOUND");
        } else {
            assertThat(result.path("errors").path(0).path("extensions").path("code").asText()).as(result.toString()).isEqualTo("FORBIDDEN");
        }
        JsonNode data = result.path("data");
        assertThat(data.isNull() || data.isMissingNode() || data.elements().next().isNull()).as(result.toString()).isTrue();
        assertThat(written()).as("documents per index, and successful audit entries, after a refused call").isEqualTo(writtenBefore);
        if (op.probe() != null) {
            assertThat(op.probe().apply(this)).as("the target after a refused call").isEqualTo(before);
        }
    }

    // ------------------------------------------------------------------ the import endpoints

    /** The HTTP import endpoints: 401 without a caller, 403 for the wrong one, each with a GraphQL-style error; nothing imported. */
    @TestFactory
    Stream<DynamicTest> everyImportEndpointAgainstEveryCaller() {
        Set<Who> subjectImporters = EnumSet.of(Who.PLATFORM_ADMIN, Who.DEPT_ADMIN, Who.DEPT_OPERATOR, Who.AUTOMATION);
        List<DynamicTest> cells = new ArrayList<>();
        for (Who who : Who.values()) {
            cells.add(DynamicTest.dynamicTest("POST /api/subjects/import as " + who, () -> subjectImport(who, subjectImporters.contains(who))));
            cells.add(DynamicTest.dynamicTest("POST /scopes/{id}/codes into own department's scope as " + who,
                    () -> scopeImport(who, "SCJG", subjectImporters.contains(who))));
            cells.add(DynamicTest.dynamicTest("POST /scopes/{id}/codes into another department's scope as " + who,
                    () -> scopeImport(who, "WSJK", who == Who.PLATFORM_ADMIN)));
        }
        return cells.stream();
    }

    private void subjectImport(Who who, boolean allowed) throws Exception {
        String code = TestCodes.newCode();
        String line = "{\"code\":\"" + code + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"name\":\"矩阵导入\","
                + "\"regionCode\":\"330109004\",\"status\":\"ACTIVE\"}\n";
        long okBefore = okAudits();
        HttpResponse<String> response = importRequest(who, "/api/subjects/import", "application/x-ndjson", line);
        subjects.refresh();
        if (allowed) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"accepted\":1");
            assertThat(subjects.get(code)).isNotNull();
            return;
        }
        refused(who, response);
        assertThat(subjects.get(code)).as("a refused import writes no subject").isNull();
        assertThat(okAudits()).isEqualTo(okBefore);
    }

    private void scopeImport(Who who, String department, boolean allowed) throws Exception {
        String scopeId = buildingScope(department);
        long okBefore = okAudits();
        HttpResponse<String> response = importRequest(who, "/scopes/" + scopeId + "/codes", "text/plain",
                String.join("\n", pool().codes()) + "\n");
        if (allowed) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(scopes.get(scopeId).status()).isEqualTo("FROZEN");
            assertThat(scopes.get(scopeId).memberCount()).isEqualTo(pool().codes().size());
            return;
        }
        refused(who, response);
        scopes.refreshMembers();
        assertThat(scopes.get(scopeId).status()).isEqualTo("BUILDING");
        assertThat(scopes.countMembers(scopeId)).as("members after a refused import").isZero();
        assertThat(okAudits()).isEqualTo(okBefore);
    }

    private void refused(Who who, HttpResponse<String> response) throws Exception {
        int status = who == Who.ANONYMOUS ? 401 : 403;
        String code = who == Who.ANONYMOUS ? "UNAUTHENTICATED" : "FORBIDDEN";
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = json.readTree(response.body()).path("errors").path(0);
        assertThat(error.path("extensions").path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private HttpResponse<String> importRequest(Who who, String path, String contentType, String body) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", contentType + "; charset=utf-8"));
        String token = token(who);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return new RawHttp(port).send("POST", path, headers, body);
    }

    // ------------------------------------------------------------------ targets

    /** A new target for an allowed cell; one shared target for the denied cells of every row using {@code key}. */
    @SuppressWarnings("unchecked")
    <T> T fresh(String key, Supplier<T> make) {
        if (cellAllowed) {
            return make.get();
        }
        return shared("denied:" + key, make);
    }

    /** A read-only fixture made once for the whole matrix; what it made goes into {@link #cell} each time. */
    @SuppressWarnings("unchecked")
    <T> T shared(String key, Supplier<T> make) {
        if (!sharedTargets.containsKey(key)) {
            Map<String, String> outer = new HashMap<>(cell);
            cell.clear();
            sharedTargets.put(key, make.get());
            sharedCells.put(key, Map.copyOf(cell));
            cell.clear();
            cell.putAll(outer);
        }
        cell.putAll(sharedCells.get(key));
        return (T) sharedTargets.get(key);
    }

    /** Subjects indexed once for the matrix under a tag of its own, one of them a natural person. */
    record Pool(String tag, List<String> codes, String person) {}

    Pool pool() {
        if (pool == null) {
            String tag = "TEST:matrix" + UUID.randomUUID().toString().substring(0, 8);
            List<String> codes = new ArrayList<>();
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
            String person = "33010919800101" + String.format("%04d", (int) (Math.random() * 10000));
            for (int i = 0; i < 24; i++) {
                String code = i == 0 ? person : TestCodes.newCode();
                codes.add(code);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("code", code);
                doc.put("kind", i == 0 ? "NATURAL_PERSON" : "ORGANISATION");
                doc.put("type", i == 0 ? "PERSON" : "ENTERPRISE");
                doc.put("name", i == 0 ? "张三丰" : "矩阵企业" + i);
                doc.put("legalRepresentative", "张三丰");
                doc.put("regionCode", String.format("330109%03d", 1 + i % 11));
                doc.put("status", "ACTIVE");
                doc.put("risk", Map.of("comprehensive", "ABCD".substring(i % 4, i % 4 + 1)));
                doc.put("tagKeys", List.of(tag));
                bulk.operations(o -> o.index(x -> x.index(names.alias("subjects")).id(code).document(doc)));
            }
            try {
                assertThat(client.bulk(bulk.build()).errors()).isFalse();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            pool = new Pool(tag, codes, person);
        }
        return pool;
    }

    String subject() {
        String code = TestCodes.newCode();
        Map<String, Object> doc = Map.of("code", code, "kind", "ORGANISATION", "type", "ENTERPRISE", "name", "矩阵标签企业",
                "regionCode", "330109004", "status", "ACTIVE");
        try {
            client.index(i -> i.index(names.alias("subjects")).id(code).document(doc).refresh(Refresh.True));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        cell.put("subject", code);
        return code;
    }

    static Map<String, Object> taskInput(String lead, String... others) {
        List<Map<String, Object>> parts = new ArrayList<>();
        parts.add(Map.of("department", lead, "itemCodes", List.of(lead + "-002"), "expectedOnSiteMinutes", 30));
        for (String other : others) {
            parts.add(Map.of("department", other, "itemCodes", List.of(other + "-002"), "expectedOnSiteMinutes", 20));
        }
        return Map.of("name", "矩阵任务", "leadDepartment", lead, "level", "DISTRICT", "parts", parts);
    }

    /** A task {@code lead} leads (with SCJG/WSJK participating unless {@code departments} says otherwise), moved to {@code status}. */
    String task(String lead, TaskStatus status, String... departments) {
        return task(lead, status, false, departments);
    }

    String task(String lead, TaskStatus status, boolean publicDraw, String... departments) {
        List<TaskService.PartInput> parts = new ArrayList<>();
        List<String> all = departments.length > 0 ? List.of(departments) : List.of(lead, lead.equals("SCJG") ? "WSJK" : "SCJG");
        for (String d : all) {
            parts.add(new TaskService.PartInput(d, List.of(d + "-002"), 30));
        }
        TaskService.TaskPayload created = tasks.create(SETUP, new TaskService.CreateTaskInput(null, "矩阵任务", lead, parts, "DISTRICT",
                false, null, null, publicDraw));
        assertThat(created.errors()).isEmpty();
        String id = created.task().id();
        if (status != TaskStatus.DRAFT) {
            TaskStore.Versioned read = taskStore.get(id);
            taskStore.replace(read, read.task().withStatus(status));
        }
        cell.put("task", id);
        return id;
    }

    String frozenScope(String department) {
        String id = "S-MX-" + UUID.randomUUID();
        scopes.create(new Scope(id, "矩阵范围", department, "IMPORTED", Map.of("imported", true), "BUILDING", null, null, null, null,
                null, null, null, "matrix", OffsetDateTime.now(ZoneOffset.UTC), null));
        scopeJobs.importCodes(id, new StringReader(String.join("\n", pool().codes())),
                new io.spotcheck.security.Caller("matrix", "matrix", null, null, java.util.Set.of(io.spotcheck.security.Role.PLATFORM_ADMIN), java.util.Set.of()));
        cell.put("scope", id);
        return id;
    }

    String buildingScope(String department) {
        String id = "S-MX-" + UUID.randomUUID();
        scopes.create(new Scope(id, "矩阵范围", department, "IMPORTED", Map.of("imported", true), "BUILDING", null, null, null, null,
                null, null, null, "matrix", OffsetDateTime.now(ZoneOffset.UTC), null));
        cell.put("scope", id);
        return id;
    }

    /**
     * A task in SCOPED whose commitment precedes the freeze of its own scope (commit, then freeze,
     * then reveal); a freeze that outlasts the margin starts again with a longer one.
     */
    String scopedTask(String lead, boolean publicDraw, String... departments) {
        for (long margin = 1500; margin < 60_000; margin *= 2) {
            String id = task(lead, TaskStatus.DRAFT, publicDraw, departments);
            java.time.OffsetDateTime revealAt = java.time.OffsetDateTime.now().plusNanos(margin * 1_000_000);
            assertThat(draws.commitPublicValue(SETUP, id, "access matrix", revealAt).errors()).isEmpty();
            String scope = frozenScope(lead);
            if (!java.time.OffsetDateTime.now().isBefore(revealAt)) {
                continue;
            }
            TaskService.TaskPayload scoped = tasks.setScope(SETUP, id, taskStore.get(id).seqNo(), scope);
            assertThat(scoped.errors()).isEmpty();
            io.spotcheck.draw.DrawFixture.waitUntil(revealAt.toInstant());
            return id;
        }
        throw new AssertionError("every scope took longer to freeze than the commitment's margin");
    }

    String drawnTask(String lead, boolean publicDraw, String... departments) {
        String id = scopedTask(lead, publicDraw, departments);
        DrawService.DrawPayload drawn = draws.drawSubjects(SETUP, drawInputRecord(id));
        assertThat(drawn.errors()).isEmpty();
        return id;
    }

    String groupedTask(String lead, String... departments) {
        String id = drawnTask(lead, false, departments);
        assertThat(draws.group(SETUP, id).errors()).isEmpty();
        return id;
    }

    static DrawService.DrawInput drawInputRecord(String taskId) {
        return new DrawService.DrawInput(taskId, "2026-12-01 福彩3D 123", "COUNT", 6, null, null, null, null, null, false, null);
    }

    String inspector(String department, String agency, boolean recused) {
        String id = "MX-" + UUID.randomUUID().toString().substring(0, 12);
        LocalDate until = LocalDate.now().plusYears(2);
        List<Inspector.Recusal> recusals = recused
                ? List.of(new Inspector.Recusal("91330109MATRIX0001", "亲属", Instant.now().truncatedTo(ChronoUnit.MILLIS), "matrix"))
                : List.of();
        assertThat(inspectors.create(new Inspector(id, "矩阵检查员", department, agency, "浙执法330109012345", until.minusYears(5), until,
                List.of("FOOD_SAFETY"), "ACTIVE", "13812345678", recusals, null, Instant.now().truncatedTo(ChronoUnit.MILLIS)))).isTrue();
        cell.put("inspector", id);
        return id;
    }

    String tagRule(String department) {
        String id = department + "-mx" + UUID.randomUUID().toString().substring(0, 8);
        tagRules.save(new TagRule(id, department, "矩阵规则", nowhere(), true, 1, "matrix", Instant.now()));
        cell.put("rule", id);
        return id;
    }

    String tagRuleJob() {
        TagRuleService.SaveResult saved = tagRuleService.save(SETUP, new TagRuleService.TagRuleInput(null, "SCJG", "矩阵作业", nowhere(), true));
        assertThat(saved.errors()).isEmpty();
        return saved.job().id();
    }

    /** A condition no subject meets, so a rule's job changes nothing. */
    static TagCondition nowhere() {
        return new TagCondition(null, null, null, List.of("999999999"), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** A joint task SCJG (lead) + WSJK in DRAFT, written directly. */
    String draftTask() {
        String id = "T-MATRIX-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<io.spotcheck.task.Task.Part> parts = List.of(new io.spotcheck.task.Task.Part("SCJG", List.of("SCJG-002"), 30),
                new io.spotcheck.task.Task.Part("WSJK", List.of("WSJK-002"), 30));
        taskStore.create(new io.spotcheck.task.Task(id, null, "matrix", "SCJG", List.of("SCJG", "WSJK"), List.of("SCJG-002", "WSJK-002"), parts,
                "DISTRICT", false, null, null, TaskStatus.DRAFT, null, null, false, "matrix", now, now, null));
        cell.put("task", id);
        return id;
    }

    @Autowired
    io.spotcheck.draw.InspectorDrawStore inspectorDraws;

    /**
     * An inspector draw record of SCJG in a draft task, written through the store: its subject draw
     * does not exist, so verifying it answers MISMATCH as data, which is all an access cell needs.
     */
    String storedInspectorDraw() {
        String taskId = draftTask();
        String id = io.spotcheck.draw.InspectorDrawRecord.idFor(taskId, "SCJG");
        inspectorDraws.create(new io.spotcheck.draw.InspectorDrawRecord(id, io.spotcheck.draw.InspectorDrawRecord.DRAW, taskId, "SCJG",
                "D-" + taskId, "inspector-draw/1", "00", "matrix fixture", null, java.time.LocalDate.of(2026, 12, 7),
                java.time.LocalDate.of(2026, 12, 18), 2, List.of(), List.of(), List.of(), "matrix", 0, List.of(), List.of(), List.of(),
                "matrix", null, "matrix", "SCJG", OffsetDateTime.now(ZoneOffset.UTC)));
        return id;
    }

    @Autowired
    io.spotcheck.relocation.RelocationStore relocations;

    /** An OPEN relocation finding of SCJG on a natural person, in a draft task, written through the store. */
    String storedRelocation() {
        String taskId = draftTask();
        String id = taskId + "|SCJG|330109199001011234";
        relocations.create(new io.spotcheck.relocation.Relocation(io.spotcheck.relocation.Relocation.FINDING, id, taskId, "SCJG", "SCJG", "SCJG-S01",
                "330109199001011234", "NATURAL_PERSON", id, List.of("MOVED_OUT"), List.of(), "matrix", java.time.Instant.now(), null, null, null,
                null, io.spotcheck.relocation.Relocation.OPEN, null, null, null, null, List.of(), null, null, null, null));
        return id;
    }

    /** A substitution record in a draft task, written through the store. */
    String storedSubstitution() {
        String taskId = draftTask();
        String id = "SUB-" + taskId + "-330109199001011234";
        inspectorDraws.create(new io.spotcheck.draw.SubstitutionRecord(id, taskId, "D-" + taskId, "substitute/1", "00", "S-matrix", "matrix",
                "330109199001011234", "NATURAL_PERSON", "C", "matrix", List.of(), null, List.of(), "matrix", "SCJG",
                OffsetDateTime.now(ZoneOffset.UTC), null, null, null, null, null));
        return id;
    }

    /** SCJG's assignment of a natural person in a draft task, written directly; its local id names the person's ID number. */
    String storedAssignment() {
        String taskId = draftTask();
        String id = taskId + ":SCJG:330109199001011234";
        try {
            client.index(i -> i.index(names.alias("assignments")).id(id).document(Map.of("taskId", taskId, "department", "SCJG",
                    "agency", "SCJG-S01", "subjectCode", "330109199001011234", "status", "ASSIGNED", "state", "ACTIVE", "seq", 0,
                    "inspectorIds", List.of())).refresh(Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return id;
    }

    Map<String, Object> drawInspectorsInput(String department) {
        return Map.of("in", Map.of("taskId", draftTask(), "department", department, "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18"));
    }

    Map<String, Object> reassignInput(String department) {
        return Map.of("in", Map.of("taskId", draftTask(), "department", department, "subjectCode", "91330109MA0000001X", "reason", "迁址"));
    }

    /** A fresh IN_PROGRESS task whose SCJG assignment names the matrix's inspector among the drawn ones. */
    static Map<String, Object> resultInput(AccessMatrixIT t) {
        String taskId = "matrix-" + UUID.randomUUID();
        String subject = "91M" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        try {
            t.client.index(i -> i.index(t.names.alias("tasks")).id(taskId).document(Map.of("id", taskId, "name", "matrix", "leadDepartment", "SCJG",
                    "departments", List.of("SCJG"), "itemCodes", List.of("SCJG-002"), "level", "DISTRICT", "status", "IN_PROGRESS",
                    "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"))))));
            t.client.index(i -> i.index(t.names.alias("assignments")).id(taskId + ":SCJG:" + subject).document(Map.of("taskId", taskId,
                    "department", "SCJG", "agency", "SCJG-S01", "subjectCode", subject, "status", "ASSIGNED",
                    "inspectorIds", List.of("SCJG-inspector", "matrix-inspector-2"))).refresh(Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("in", Map.of("taskId", taskId, "department", "SCJG", "subjectCode", subject, "resultCodes", List.of("NO_PROBLEM"),
                "itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true)), "verificationMethods", List.of("ON_SITE"),
                "inspectionDate", LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1).toString(),
                "inspectorIds", List.of("SCJG-inspector", "matrix-inspector-2"), "channel", "PC"));
    }

    /** A stored result of {@code department}'s own task, entered at {@code agency} by {@code inspector}; the variables of {@link #RESULT}. */
    Map<String, Object> storedResult(String department, String agency, String inspector) {
        String taskId = "matrix-" + UUID.randomUUID();
        String id = taskId + "|" + department + "|S1";
        try {
            client.index(i -> i.index(names.alias("results")).id(id).document(Map.ofEntries(Map.entry("id", id), Map.entry("taskId", taskId),
                    Map.entry("leadDepartment", department), Map.entry("department", department), Map.entry("agency", agency),
                    Map.entry("subjectCode", "S1"), Map.entry("status", "SUBMITTED"), Map.entry("joint", false),
                    Map.entry("problemFound", false), Map.entry("reassignmentNeeded", false), Map.entry("inspectorIds", List.of(inspector)))).refresh(Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("t", taskId, "d", department, "s", "S1");
    }

    static final String REVIEW_RESULT = "mutation($id: String!, $v: Long!) { reviewResult(id: $id, expectedVersion: $v, decision: APPROVE) "
            + "{ result { status } errors { code } } }";
    static final String PUBLISH_RESULTS = "mutation($t: String!, $d: String!) { publishResults(taskId: $t, department: $d) "
            + "{ published errors { code } } }";

    /** A SUBMITTED result of {@code department}'s task, entered by an inspector, and its current version. */
    Map<String, Object> submittedResult(String department, String agency) {
        String taskId = "matrix-" + UUID.randomUUID();
        String subject = "91M" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        String id = taskId + "|" + department + "|" + subject;
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("id", id);
        doc.put("taskId", taskId);
        doc.put("department", department);
        doc.put("agency", agency);
        doc.put("subjectCode", subject);
        doc.put("subjectKind", "ORGANISATION");
        doc.put("resultCodes", List.of("NO_PROBLEM"));
        doc.put("inspectionDate", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1).toString());
        doc.put("inspectorIds", List.of("matrix-inspector-1", "matrix-inspector-2"));
        doc.put("submittedBy", "matrix-inspector-1");
        doc.put("status", "SUBMITTED");
        try {
            long seqNo = client.index(i -> i.index(names.alias("results")).id(id).document(doc)
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor)).seqNo();
            return Map.of("id", id, "v", seqNo);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A task of {@code department} in review with one APPROVED result. */
    Map<String, Object> publishableTask(String department) {
        Map<String, Object> result = submittedResult(department, department + "-S01");
        String id = (String) result.get("id");
        String taskId = id.substring(0, id.indexOf('|' + department + '|'));
        try {
            client.update(u -> u.index(names.alias("results")).id(id).doc(Map.of("status", "APPROVED"))
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor), Map.class);
            client.index(i -> i.index(names.alias("tasks")).id(taskId).document(Map.of("id", taskId, "name", "matrix", "leadDepartment", department,
                    "departments", List.of(department), "level", "DISTRICT", "status", "REVIEWING"))
                    .refresh(co.elastic.clients.elasticsearch._types.Refresh.WaitFor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("t", taskId, "d", department);
    }

    // ------------------------------------------------------------------ variables

    Map<String, Object> keyInput(String department) {
        return Map.of("in", Map.of("name", "matrix-" + UUID.randomUUID(), "department", department, "scopes", List.of("stats:read")));
    }

    String existingKey(String department) {
        return apiKeys.create(SETUP, "matrix-" + UUID.randomUUID(), department, List.of("stats:read")).key().id();
    }

    Map<String, Object> versioned(String taskId) {
        return Map.of("id", taskId, "v", taskStore.get(taskId).seqNo());
    }

    Map<String, Object> update(String taskId) {
        return Map.of("in", Map.of("id", taskId, "expectedVersion", taskStore.get(taskId).seqNo(), "name", "改名 " + UUID.randomUUID()));
    }

    Map<String, Object> updatePart(String taskId, String department) {
        return Map.of("in", Map.of("taskId", taskId, "expectedVersion", taskStore.get(taskId).seqNo(), "department", department,
                "itemCodes", List.of(department + "-002"), "expectedOnSiteMinutes", 45 + (int) (Math.random() * 100)));
    }

    Map<String, Object> withScope(String taskId, String scopeId) {
        return Map.of("id", taskId, "v", taskStore.get(taskId).seqNo(), "s", scopeId);
    }

    Map<String, Object> drawInput(String taskId) {
        return Map.of("in", Map.of("taskId", taskId, "publicValue", "2026-12-01 福彩3D 123", "mode", "COUNT", "count", 6,
                "excludeOpenTasks", false));
    }

    Map<String, Object> creditRuleInput(String department) {
        String id = "MX-" + UUID.randomUUID().toString().substring(0, 12);
        cell.put("creditRule", id);
        Map<String, Object> in = new HashMap<>(Map.of("id", id, "name", "矩阵信用规则",
                "ratios", List.of(Map.of("stratum", "A", "percent", 1.0), Map.of("stratum", "D", "percent", 30.0))));
        if (department != null) {
            in.put("department", department);
        }
        return Map.of("in", in);
    }

    Map<String, Object> inspectorInput(String department, String agency) {
        String id = "MX-" + UUID.randomUUID().toString().substring(0, 12);
        cell.put("inspector", id);
        return inspectorInput(id, department, agency);
    }

    Map<String, Object> inspectorInput(String id, String department, String agency) {
        return Map.of("in", Map.of("id", id, "name", "矩阵新人", "department", department, "agency", agency,
                "certificateNumber", "浙执法330109099999", "certificateValidFrom", "2024-01-01", "certificateValidUntil", "2030-12-31",
                "qualifications", List.of("FOOD_SAFETY"), "phone", "13900001111"));
    }

    Map<String, Object> itemInput(String department) {
        String code = department + "-MX" + UUID.randomUUID().toString().substring(0, 8);
        cell.put("item", code);
        return Map.of("in", Map.of("code", code, "name", "矩阵事项", "department", department, "field", "矩阵", "itemClass", "KEY",
                "targetKinds", List.of("ORGANISATION"), "methods", List.of("ON_SITE")));
    }

    Map<String, Object> scopeInput(String department) {
        String id = "S-MX-" + UUID.randomUUID();
        cell.put("scope", id);
        return Map.of("in", Map.of("id", id, "name", "矩阵导入范围", "department", department, "kind", "IMPORTED"));
    }

    static Map<String, Object> subjectInput(AccessMatrixIT t) {
        String code = TestCodes.newCode();
        t.cell.put("subject", code);
        return Map.of("in", Map.of("code", code, "kind", "ORGANISATION", "type", "ENTERPRISE", "name", "矩阵写入企业",
                "regionCode", "330109001", "status", "ACTIVE"));
    }

    Map<String, Object> tagsInput(String code, String department) {
        return Map.of("in", Map.of("code", code, "department", department,
                "add", List.of(Map.of("name", "矩阵" + UUID.randomUUID().toString().substring(0, 6)))));
    }

    Map<String, Object> tagRuleInput(String department) {
        String id = department + "-mx" + UUID.randomUUID().toString().substring(0, 8);
        cell.put("rule", id);
        return tagRuleInput(id, department);
    }

    Map<String, Object> tagRuleInput(String id, String department) {
        return Map.of("in", Map.of("id", id, "department", department, "tagName", "矩阵" + UUID.randomUUID().toString().substring(0, 6),
                "condition", Map.of("regionCodes", List.of("999999999"))));
    }

    // ------------------------------------------------------------------ probes

    static Object taskState(AccessMatrixIT t) {
        TaskStore.Versioned read = t.taskStore.get(t.cell.get("task"));
        return read == null ? "absent" : read.seqNo() + "/" + read.task().status();
    }

    static Object drawState(AccessMatrixIT t) {
        return taskState(t) + "/" + (t.drawStore.record(DrawRecord.idFor(t.cell.get("task"))) != null);
    }

    static Object creditRuleState(AccessMatrixIT t) {
        var rule = t.creditRules.get(t.cell.get("creditRule"));
        return rule == null ? "absent" : rule.toString();
    }

    static Object inspectorState(AccessMatrixIT t) {
        return t.inspectors.get(t.cell.get("inspector")).map(s -> s.seqNo() + "/" + s.inspector()).orElse("absent");
    }

    static Object itemState(AccessMatrixIT t) {
        return Objects.toString(t.items.get(List.of(t.cell.get("item"))).get(t.cell.get("item")), "absent");
    }

    static Object scopeState(AccessMatrixIT t) {
        return Objects.toString(t.scopes.get(t.cell.get("scope")), "absent");
    }

    static Object subjectState(AccessMatrixIT t) {
        SubjectWriter.Stored stored = t.subjects.get(t.cell.get("subject"));
        return stored == null ? "absent" : stored.seqNo() + "/" + stored.subject();
    }

    static Object tagRuleState(AccessMatrixIT t) {
        return Objects.toString(t.tagRules.get(t.cell.get("rule")), "absent");
    }

    /** Natural persons' codes and names in full for the roles that inspect or administer, masked for the others. */
    /**
     * A person named by ID number: in clear for who sees persons, and for a caller who sees them masked
     * the same answer as for a code that does not exist (the pool's person is in no review queue).
     */
    static void personByIdOnlyForWhoSeesItInClear(Who who, JsonNode result) {
        if (SEES_IDENTIFIERS.contains(who)) {
            naturalPersonsMaskedUnlessAllowed(who, result);
        } else {
            assertThat(result.path("data").has("subject")).as(result.toString()).isTrue();
            assertThat(result.path("data").path("subject").isNull()).as(result.toString()).isTrue();
        }
    }

    static void naturalPersonsMaskedUnlessAllowed(Who who, JsonNode result) {
        List<JsonNode> nodes = new ArrayList<>();
        JsonNode data = result.path("data");
        if (data.has("subject")) {
            nodes.add(data.path("subject"));
        } else {
            data.path("subjects").path("edges").forEach(e -> nodes.add(e.path("node")));
        }
        List<JsonNode> persons = nodes.stream().filter(n -> n.path("kind").asText().equals("NATURAL_PERSON")).toList();
        assertThat(persons).as("the natural person of the pool in " + result).hasSize(1);
        JsonNode person = persons.get(0);
        if (SEES_IDENTIFIERS.contains(who)) {
            assertThat(person.path("code").asText()).doesNotContain("*");
            assertThat(person.path("legalRepresentative").asText()).isEqualTo("张三丰");
        } else {
            assertThat(person.path("code").asText()).matches("\\d{6}\\*{8}\\d{3}[\\dX]");
            assertThat(person.path("legalRepresentative").asText()).isEqualTo("张*");
        }
        nodes.stream().filter(n -> !n.path("kind").asText().equals("NATURAL_PERSON"))
                .forEach(n -> assertThat(n.path("code").asText()).doesNotContain("*"));
    }

    // ------------------------------------------------------------------ counting

    /**
     * Documents in each index an operation may write, and audit entries with outcome OK (refused
     * calls are audited too, as FORBIDDEN): one refresh and one search.
     */
    Map<String, Long> written() throws Exception {
        List<String> aliases = Stream.concat(WRITTEN.stream(), Stream.of("audit")).map(names::alias).toList();
        client.indices().refresh(r -> r.index(aliases));
        var response = client.search(s -> s.index(aliases).size(0)
                .aggregations("by", a -> a.terms(x -> x.field("_index").size(100)))
                .aggregations("ok", a -> a.filter(f -> f.term(t -> t.field("outcome").value("OK")))), Void.class);
        Map<String, Long> counts = new java.util.TreeMap<>();
        response.aggregations().get("by").sterms().buckets().array().stream()
                .filter(b -> !b.key().stringValue().startsWith(names.alias("audit")))
                .forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
        counts.put("audit entries with outcome OK", response.aggregations().get("ok").filter().docCount());
        return counts;
    }

    long docs(String index) {
        try {
            client.indices().refresh(r -> r.index(names.alias(index)));
            return client.count(c -> c.index(names.alias(index))).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long okAudits() throws Exception {
        client.indices().refresh(r -> r.index(names.alias("audit")));
        return client.count(c -> c.index(names.alias("audit")).query(q -> q.term(t -> t.field("outcome").value("OK")))).count();
    }
}
