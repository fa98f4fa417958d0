package io.spotcheck.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.spotcheck.persistence.VersionConflict;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Tasks and plans on Spring Data: the stored shape of before, documents of before, conditional writes. */
@IntegrationTest
class TaskStoreIT {

    @Autowired
    TaskStore store;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    static Task task(String id) {
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.UTC);
        return new Task(id, null, "存储 " + id, "SCJG", null, null, null, "CITY", true, LocalDate.of(2026, 3, 1),
                LocalDate.of(2026, 4, 30), TaskStatus.DRAFT, null, null, false, "tester", at, at, null)
                .withParts(List.of(new Task.Part("SCJG", List.of("SCJG-002"), 40)));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> source(String alias, String id) throws Exception {
        return client.get(g -> g.index(names.alias(alias)).id(id), Map.class).source();
    }

    @Test
    void aTaskIsStoredWithTheFieldsAndDateFormatsItAlwaysHad() throws Exception {
        String id = "T-SHAPE-" + UUID.randomUUID();
        store.create(task(id));

        Map<String, Object> source = source("tasks", id);
        assertThat(source).containsOnlyKeys("id", "name", "leadDepartment", "departments", "itemCodes", "parts", "level", "directed",
                "startDate", "endDate", "status", "publicDraw", "createdBy", "createdAt", "updatedAt");
        assertThat(source).containsEntry("startDate", "2026-03-01").containsEntry("status", "DRAFT")
                .containsEntry("createdAt", "2026-03-04T05:06:07.123456Z");
        assertThat(source.get("parts")).isEqualTo(List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"), "expectedOnSiteMinutes", 40)));
    }

    @Test
    void aTaskWrittenBeforeSpringDataReadsBackWithItsSequenceNumberAsVersion() throws Exception {
        String id = "T-OLD-" + UUID.randomUUID();
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("id", id);
        old.put("name", "旧任务");
        old.put("leadDepartment", "SCJG");
        old.put("departments", List.of("SCJG"));
        old.put("parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of("SCJG-002"))));
        old.put("startDate", "2025-01-02");
        old.put("status", "SCOPED");
        old.put("createdAt", "2025-01-02T03:04:05+08:00");
        var written = client.index(i -> i.index(names.alias("tasks")).id(id).document(old).refresh(Refresh.WaitFor));

        TaskStore.Versioned read = store.get(id);
        assertThat(read.seqNo()).isEqualTo(written.seqNo());
        assertThat(read.task().version()).isEqualTo(written.seqNo());
        assertThat(read.task().status()).isEqualTo(TaskStatus.SCOPED);
        assertThat(read.task().startDate()).isEqualTo(LocalDate.of(2025, 1, 2));
        assertThat(read.task().createdAt()).isEqualTo(OffsetDateTime.of(2025, 1, 1, 19, 4, 5, 0, ZoneOffset.UTC));
        assertThat(read.task().parts()).containsExactly(new Task.Part("SCJG", List.of("SCJG-002"), null));
        assertThat(store.forDepartment("SCJG", TaskStatus.SCOPED, 500)).extracting(Task::id).contains(id);
        assertThat(store.getAll(List.of(id, "T-NONE"))).containsOnlyKeys(id);
    }

    @Test
    void aWriteOfAStaleReadIsAVersionConflictAndChangesNothing() {
        String id = "T-STALE-" + UUID.randomUUID();
        TaskStore.Versioned created = store.create(task(id));
        TaskStore.Versioned first = store.replace(created, created.task().withStatus(TaskStatus.SCOPED));
        assertThat(first.seqNo()).isGreaterThan(created.seqNo());

        assertThatThrownBy(() -> store.replace(created, created.task().withStatus(TaskStatus.CLOSED)))
                .isInstanceOf(VersionConflict.class);
        assertThatThrownBy(() -> store.create(task(id))).isInstanceOf(VersionConflict.class);
        assertThat(store.get(id).task().status()).isEqualTo(TaskStatus.SCOPED);
    }

    @Test
    void aPlanKeepsItsShapeAndIsListedByDepartmentAndYear() throws Exception {
        String id = "P-2031-SCJG-" + UUID.randomUUID();
        Plan plan = new Plan(id, 2031, "SCJG", "计划", true, "tester", OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
        store.createPlan(plan);

        assertThat(source("plans", id)).containsOnlyKeys("id", "year", "department", "name", "joint", "createdBy", "createdAt")
                .containsEntry("createdAt", "2026-01-02T03:04:05Z");
        assertThat(store.plan(id)).isEqualTo(plan);
        assertThat(store.plans("SCJG", 2031)).contains(plan);
        assertThat(store.plan("P-NONE")).isNull();
    }
}
