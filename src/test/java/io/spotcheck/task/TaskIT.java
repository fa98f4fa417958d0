package io.spotcheck.task;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
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

@IntegrationTest
class TaskIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    HttpGraphQlTester scjg() {
        return testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
    }

    HttpGraphQlTester wsjk() {
        return testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
    }

    static final String TASK_FIELDS = "{ task { id: localId version status name parts { department itemCodes expectedOnSiteMinutes items { code itemClass } } } errors { code message } }";

    Map<String, Object> newTask(String name) {
        return (Map<String, Object>) scjg().document("mutation($in: CreateTaskInput!) { createTask(input: $in) " + TASK_FIELDS + " }")
                .variable("in", Map.of("name", name, "leadDepartment", "SCJG", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"), "expectedOnSiteMinutes", 40),
                                Map.of("department", "WSJK", "itemCodes", List.of("WSJK-001"), "expectedOnSiteMinutes", 30))))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get();
    }

    @Test
    void ofTwoConcurrentChangesToATaskExactlyOneWinsAndTheOtherGetsConflict() throws Exception {
        Map<String, Object> task = newTask("并发 " + System.nanoTime());
        Object version = task.get("version");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<GraphQlTester.Response>> calls = new ArrayList<>();
        for (String name : List.of("甲", "乙")) {
            calls.add(() -> scjg().document("mutation($in: UpdateTaskInput!) { updateTask(input: $in) " + TASK_FIELDS + " }")
                    .variable("in", Map.of("id", task.get("id"), "expectedVersion", version, "name", name)).execute());
        }
        List<String> codes = new ArrayList<>();
        for (Future<GraphQlTester.Response> f : pool.invokeAll(calls)) {
            List<Map> errors = f.get().path("updateTask.errors").entityList(Map.class).get();
            codes.add(errors.isEmpty() ? "OK" : (String) errors.get(0).get("code"));
        }
        pool.shutdown();
        assertThat(codes).containsExactlyInAnyOrder("OK", "CONFLICT");
        // a stale version is refused as well
        scjg().document("mutation($in: UpdateTaskInput!) { updateTask(input: $in) " + TASK_FIELDS + " }")
                .variable("in", Map.of("id", task.get("id"), "expectedVersion", version, "name", "丙")).execute()
                .path("updateTask.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
    }

    @Test
    void aParticipatingDepartmentChangesOnlyItsOwnPart() {
        Map<String, Object> task = newTask("配合 " + System.nanoTime());
        String id = (String) task.get("id");
        Object version = task.get("version");
        String part = "mutation($in: UpdateTaskPartInput!) { updateTaskPart(input: $in) " + TASK_FIELDS + " }";

        wsjk().document(part).variable("in", Map.of("taskId", id, "expectedVersion", version, "department", "SCJG",
                        "itemCodes", List.of("SCJG-001"), "expectedOnSiteMinutes", 5)).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        wsjk().document("mutation($in: UpdateTaskInput!) { updateTask(input: $in) " + TASK_FIELDS + " }")
                .variable("in", Map.of("id", id, "expectedVersion", version, "name", "hijacked")).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        // nothing was written
        scjg().document("query($id:String!){ task(id:$id){ version name parts { department itemCodes } } }").variable("id", id).execute()
                .path("task.version").entity(Long.class).isEqualTo(((Number) version).longValue())
                .path("task.parts[0].itemCodes").entityList(String.class).containsExactly("SCJG-002");

        wsjk().document(part).variable("in", Map.of("taskId", id, "expectedVersion", version, "department", "WSJK",
                        "itemCodes", List.of("WSJK-001", "WSJK-002"), "expectedOnSiteMinutes", 25)).execute()
                .path("updateTaskPart.errors").entityList(Object.class).hasSize(0)
                .path("updateTaskPart.task.parts[1].itemCodes").entityList(String.class).containsExactly("WSJK-001", "WSJK-002")
                .path("updateTaskPart.task.parts[1].expectedOnSiteMinutes").entity(Integer.class).isEqualTo(25);
        // a department outside the task sees nothing of it
        testers.as("XFJY", "XFJY-BUREAU", Role.DEPT_OPERATOR).document("query($id:String!){ task(id:$id){ id } }").variable("id", id).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
    }

    @Test
    void theServerRefusesSkippingLifecycleSteps() {
        Map<String, Object> task = newTask("生命周期 " + System.nanoTime());
        scjg().document("mutation($id:String!,$v:Long!){ transitionTask(id:$id, expectedVersion:$v, to: PUBLISHED){ task{ status } errors{ code message } } }")
                .variable("id", task.get("id")).variable("v", task.get("version")).execute()
                .path("transitionTask.errors[0].code").entity(String.class).isEqualTo("INVALID_STATE")
                .path("transitionTask.task.status").entity(String.class).isEqualTo("DRAFT");
        scjg().document("mutation($in: DrawSubjectsInput!){ drawSubjects(input:$in){ errors{ code } } }")
                .variable("in", Map.of("taskId", task.get("id"), "publicValue", "x")).execute()
                .path("drawSubjects.errors[0].code").entity(String.class).isEqualTo("INVALID_STATE");
    }

    @Test
    void invalidTasksAreRefusedWithUserErrorsAndNothingIsWritten() {
        scjg().document("mutation($in: CreateTaskInput!) { createTask(input: $in) " + TASK_FIELDS + " }")
                .variable("in", Map.of("name", "x", "leadDepartment", "SCJG", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("NO-SUCH-ITEM")),
                                Map.of("department", "WSJK", "itemCodes", List.of("SCJG-001")))))
                .execute().path("createTask.task").valueIsNull()
                .path("createTask.errors[*].code").entityList(String.class).contains("UNKNOWN_ITEM", "FOREIGN_ITEM");
        wsjk().document("mutation($in: CreateTaskInput!) { createTask(input: $in) " + TASK_FIELDS + " }")
                .variable("in", Map.of("name", "x", "leadDepartment", "SCJG", "level", "DISTRICT",
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002")))))
                .execute().errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
    }

    @Test
    void seededItemsAndJointListsAreReadable() {
        testers.anonymous().document("{ items(department: \"SCJG\") { code itemClass maxRatioPercent methods } }").execute()
                .path("items[*].code").entityList(String.class).contains("SCJG-001", "SCJG-002");
        testers.anonymous().document("{ jointItemLists(level: DISTRICT) { id localItemCodes items { code } } }").execute()
                .path("jointItemLists[0].items[*].code").entityList(String.class)
                .contains("SCJG-001", "SCJG-007", "WHLY-001")
                .path("jointItemLists[0].localItemCodes").entityList(String.class).doesNotContain("SCJG-001");
    }
}
