package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Inspector-draw and substitution records on Spring Data: stored exactly as the Java client wrote them
 * before (field names, nulls left out, dates as ISO strings), documents written that way read back
 * equal, a record is written once, and a task's records list in id order.
 */
@IntegrationTest
class InspectorDrawStoreIT {

    static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.UTC);

    @Autowired
    InspectorDrawStore store;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;

    static InspectorDrawRecord draw(String id, String taskId) {
        return new InspectorDrawRecord(id, InspectorDrawRecord.AMENDMENT, taskId, "SCJG", "D-" + taskId, "inspector-draw/2", "ab12", "sha256(x)",
                null, LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 20), 2, List.of("LAW"),
                List.of(new InspectorDrawRecord.Group("SCJG-A", List.of(new InspectorDrawRecord.GroupSubject("330102199001011234",
                        "NATURAL_PERSON", List.of("I-1"), "K-1"), new InspectorDrawRecord.GroupSubject("91330100X", "ENTERPRISE", List.of())))),
                List.of(new CandidateSnapshot("I-1", "张三", "SCJG", "SCJG-A", "ACTIVE", LocalDate.of(2024, 1, 2), null,
                        List.of("LAW"), List.of("K-1"), 3)),
                "cd34", 1, List.of(new InspectorDrawRecord.Pick("SCJG-A", "91330100X", List.of("I-1"), List.of("张三"))),
                List.of(new InspectorDrawRecord.Unstaffed("SCJG-A", "330102199001011234", 2, 0, Map.of("RECUSED", 1), "TOO_FEW")),
                List.of(new InspectorDrawRecord.Uncovered("91330199Y", "330199", "NO_AGENCY")), "ef56",
                new InspectorDrawRecord.Amendment("REASSIGNMENT", "91330100X", "ENTERPRISE", 2, "迁址", "SCJG-A", "SCJG-B", "330102", "330105",
                        taskId + ":SCJG:91330100X", null),
                "tester", "SCJG", AT);
    }

    static SubstitutionRecord substitution(String id, String taskId, int seq) {
        return new SubstitutionRecord(id, taskId, "D-" + taskId, "subject-draw/2", "ab12", "S-1", "digest", "91330100X", "ENTERPRISE",
                "330102|ENTERPRISE", "MOVED_OUT", List.of("K-0"),
                new SubjectDrawAlgorithm.Selected("91330100Z", "330102|ENTERPRISE", "330102", "ENTERPRISE", "0009", "STRATUM", "K-9"),
                List.of(), "tester", "SCJG", AT, seq, "K-1", "STRATUM", "330102|ENTERPRISE", List.of(new PublicDraw.Skipped("K-5", "CLOSED")));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> source(String alias, String id) throws Exception {
        return client.get(g -> g.index(names.alias(alias)).id(id), Map.class).source();
    }

    /** The source without its id, to compare two documents of one content. */
    Map<String, Object> content(String alias, String id) throws Exception {
        Map<String, Object> source = new java.util.HashMap<>(source(alias, id));
        assertThat(source.remove("id")).isEqualTo(id);
        return source;
    }

    /** What the store wrote before Spring Data: the record through Jackson, indexed by the Java client. */
    void writeAsBefore(String alias, String id, Object record) throws Exception {
        Map<?, ?> doc = json.convertValue(record, Map.class);
        client.index(i -> i.index(names.alias(alias)).id(id).document(doc).refresh(Refresh.WaitFor));
    }

    @Test
    void anInspectorDrawIsStoredAsTheJavaClientStoredItBefore() throws Exception {
        String taskId = "T-IDS-" + UUID.randomUUID();
        InspectorDrawRecord record = draw("IDA-" + taskId + "-new", taskId);
        assertThat(store.create(record)).isTrue();
        writeAsBefore("inspector_draws", "IDA-" + taskId + "-old", draw("IDA-" + taskId + "-old", taskId));

        Map<String, Object> stored = source("inspector_draws", record.id());
        assertThat(content("inspector_draws", record.id())).isEqualTo(content("inspector_draws", "IDA-" + taskId + "-old"));
        assertThat(stored).doesNotContainKeys("publicValue", "_class").containsEntry("inspectionFrom", "2026-03-09")
                .containsEntry("drawnAt", "2026-03-04T05:06:07.123456Z");
        assertThat(((List<Map<String, Object>>) stored.get("candidates")).get(0)).containsEntry("certificateValidFrom", "2024-01-02")
                .doesNotContainKey("certificateValidUntil");
    }

    @Test
    void anInspectorDrawWrittenBeforeReadsBackEqualAndIsWrittenOnce() throws Exception {
        String taskId = "T-IDO-" + UUID.randomUUID();
        InspectorDrawRecord old = draw("IDA-" + taskId + "-2", taskId);
        writeAsBefore("inspector_draws", old.id(), old);
        InspectorDrawRecord other = draw("IDA-" + taskId + "-1", taskId);

        assertThat(store.record(old.id())).isEqualTo(old);
        assertThat(store.record("IDA-" + taskId + "-none")).isNull();
        assertThat(store.create(other)).isTrue();
        assertThat(store.create(draw(other.id(), "T-ELSE"))).isFalse();
        assertThat(store.record(other.id())).isEqualTo(other);
        assertThat(store.existing(List.of(old.id(), other.id(), "IDA-" + taskId + "-none"))).containsExactlyInAnyOrder(old.id(), other.id());
        assertThat(store.records(taskId)).containsExactly(other, old);
    }

    @Test
    void aSubstitutionIsStoredAsBeforeAndReadsBackEqual() throws Exception {
        String taskId = "T-SUB-" + UUID.randomUUID();
        SubstitutionRecord record = substitution(SubstitutionRecord.idFor(taskId, "B"), taskId, 2);
        SubstitutionRecord old = substitution(SubstitutionRecord.idFor(taskId, "A"), taskId, 1);
        assertThat(store.create(record)).isTrue();
        writeAsBefore("substitutions", old.id(), substitution(old.id(), taskId, 2));

        assertThat(content("substitutions", record.id())).isEqualTo(content("substitutions", old.id()));
        Map<String, Object> stored = source("substitutions", record.id());
        assertThat(stored).doesNotContainKeys("version2", "_class")
                .containsEntry("drawnAt", "2026-03-04T05:06:07.123456Z");
        assertThat(stored.get("substitute")).isEqualTo(Map.of("code", "91330100Z", "stratum", "330102|ENTERPRISE", "region", "330102",
                "kind", "ENTERPRISE", "rank", "0009", "reason", "STRATUM", "key", "K-9"));

        assertThat(store.substitution(old.id())).isEqualTo(substitution(old.id(), taskId, 2));
        assertThat(store.substitution(record.id())).isEqualTo(record);
        assertThat(store.create(substitution(record.id(), taskId, 3))).isFalse();
        assertThat(store.substitutions(taskId)).extracting(SubstitutionRecord::id).containsExactly(old.id(), record.id());
    }
}
