package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.scope.Sha256;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Draw records on the real Elasticsearch: a record's long lists are stored as part documents beside a
 * head written last, read back unchanged in any number of parts, never referenced half-written, and a
 * draw that loses the race leaves no parts behind.
 */
@IntegrationTest
class DrawStoreIT {

    @Autowired
    ElasticsearchClient client;
    @Autowired
    RestClient rest;
    @Autowired
    IndexNames names;
    @Autowired
    ObjectMapper json;

    /** Parts of about 2,000 characters, bulks of about five parts: a few thousand members make many of each. */
    DrawStore smallParts() {
        return new DrawStore(client, rest, names, json, 2_000, 10_000);
    }

    static DrawRecord record(String taskId, int selectedCount, int exclusionCount) {
        String seed = Sha256.hex(Sha256.newDigest().digest(taskId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<SubjectDrawAlgorithm.Selected> selected = new ArrayList<>();
        for (int i = 0; i < selectedCount; i++) {
            boolean person = i % 5 == 0;
            String code = person ? String.format("3301021990%08d", i) : String.format("91330109MA%08dX", i);
            String key = person ? "NP" + Sha256.hex(SubjectDrawAlgorithm.rank("k", code)).substring(0, 32) : code;
            selected.add(new SubjectDrawAlgorithm.Selected(code, "33010" + (i % 7) + "|ENTERPRISE", "33010" + (i % 7), person ? "NATURAL_PERSON"
                    : "ENTERPRISE", Sha256.hex(SubjectDrawAlgorithm.rank(seed, key)), i % 11 == 0 ? "JURISDICTION_MINIMUM" : "STRATUM", key));
        }
        List<SubjectDrawAlgorithm.Exclusion> exclusions = new ArrayList<>();
        for (int i = 0; i < exclusionCount; i++) {
            exclusions.add(new SubjectDrawAlgorithm.Exclusion(String.format("91330110MA%08dY", i), i % 3 == 0 ? "IN_OPEN_TASK" : "STATUS_MOVED_OUT",
                    i % 3 == 0 ? List.of("T-" + i, "T-" + (i + 1)) : List.of()));
        }
        return new DrawRecord(DrawRecord.idFor(taskId), taskId, List.of("I-" + taskId), 2031, SubjectDrawAlgorithm.VERSION_2, seed, "福彩3D 2031001",
                "S-" + taskId, Map.of("id", "S-" + taskId), "d5c1", (long) (selectedCount + exclusionCount) * 3, Map.of("A", 5L), Map.of("A", 4L),
                Map.of("A", 1L), "RATIO", null, "DEFAULT", Map.of("A", 20.0), 2, List.of("DEREGISTERED", "MOVED_OUT"), Map.of("annualCap", 2),
                List.copyOf(exclusions), List.copyOf(selected), selected.stream().map(SubjectDrawAlgorithm.Selected::code).toList(), "abcd",
                selectedCount, "u1", "SCJG", OffsetDateTime.of(2031, 1, 2, 8, 0, 0, 0, ZoneOffset.UTC), null, "2031-01-01T00:00:00.000Z", 3,
                1234L, Map.of("A", 2000), List.of("ENTERPRISE"));
    }

    long parts(String drawId) throws Exception {
        client.indices().refresh(r -> r.index(names.alias("draw_lines")));
        return client.count(c -> c.index(names.alias("draw_lines")).query(q -> q.term(t -> t.field("drawId").value(drawId)))).count();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> head(String drawId) throws Exception {
        return client.get(g -> g.index(names.alias("draws")).id(drawId), Map.class).source();
    }

    /** Field by field; the long lists by their elements' equality (a recursive comparison of thousands of elements is quadratic). */
    static void assertSameRecord(DrawRecord actual, DrawRecord expected) {
        assertThat(actual).isNotNull();
        assertThat(actual.selected()).containsExactlyElementsOf(expected.selected());
        assertThat(actual.exclusions()).containsExactlyElementsOf(expected.exclusions());
        assertThat(actual.selectedCodes()).containsExactlyElementsOf(expected.selectedCodes());
        assertThat(actual.withLists(null, null, null)).usingRecursiveComparison().isEqualTo(expected.withLists(null, null, null));
    }

    @Test
    void aRecordOfManyPartsIsReadBackUnchanged() throws Exception {
        String taskId = "T-parts-" + UUID.randomUUID();
        DrawRecord record = record(taskId, 3_000, DrawStore.PARALLEL_EXCLUSIONS + 5_000);
        DrawStore store = smallParts();

        assertThat(store.create(record)).isTrue();

        Map<String, Object> head = head(record.id());
        int selectedParts = ((Number) head.get(DrawStore.SELECTED_PARTS)).intValue();
        int exclusionParts = ((Number) head.get(DrawStore.EXCLUSION_PARTS)).intValue();
        assertThat(selectedParts).isGreaterThan(20);
        assertThat(exclusionParts).isGreaterThan(100);
        assertThat(head).doesNotContainKeys("selected", "exclusions", DrawStore.SELECTED_LINES, DrawStore.EXCLUSION_LINES);
        assertThat(parts(record.id())).isEqualTo(selectedParts + exclusionParts);
        assertSameRecord(store.record(record.id()), record);
        assertSameRecord(store.recordReadAsUsed(record.id()), record);
        assertSameRecord(new DrawStore(client, rest, names, json).record(record.id()), record);
    }

    @Test
    void exclusionsWrittenWhileADrawRanksAreTheRecordsWhenItsHeadIsWritten() throws Exception {
        DrawRecord record = record("T-streamed-" + UUID.randomUUID(), 800, 6_000);
        DrawStore store = smallParts();
        DrawStore.ExclusionParts streamed = store.exclusionParts(record.id());
        List<SubjectDrawAlgorithm.Exclusion> all = record.exclusions();
        for (int from = 0; from < all.size(); from += 700) {
            streamed.accept(all.subList(from, Math.min(all.size(), from + 700)));
        }

        List<SubjectDrawAlgorithm.Exclusion> stored = streamed.finish();

        // the list handed back reads the parts already stored, before any head refers to them
        assertThat(stored).containsExactlyElementsOf(all);
        assertThat(streamed.counts()).hasSizeGreaterThan(50);
        assertThat(store.create(record.withLists(stored, record.selected(), record.selectedCodes()), streamed)).isTrue();
        Map<String, Object> head = head(record.id());
        assertThat(head).containsEntry(DrawStore.EXCLUSION_PARTS, streamed.counts().size())
                .containsEntry(DrawStore.EXCLUSION_PART_LINES, streamed.counts());
        assertThat(parts(record.id())).isEqualTo(((Number) head.get(DrawStore.SELECTED_PARTS)).longValue() + streamed.counts().size());
        assertSameRecord(store.record(record.id()), record);
        assertSameRecord(store.recordReadAsUsed(record.id()), record);
    }

    @Test
    void exclusionsOfADrawThatIsAbandonedOrRefusedAreRemoved() throws Exception {
        DrawRecord record = record("T-abandoned-" + UUID.randomUUID(), 10, 5_000);
        DrawStore store = smallParts();

        DrawStore.ExclusionParts abandoned = store.exclusionParts(record.id());
        abandoned.accept(record.exclusions().subList(0, 2_500));
        abandoned.abandon();
        assertThat(parts(record.id())).isZero();

        DrawStore.ExclusionParts refused = store.exclusionParts(record.id());
        refused.accept(record.exclusions());
        assertThat(refused.finish()).hasSize(5_000);
        assertThat(parts(record.id())).isPositive();
        refused.discard();
        assertThat(parts(record.id())).isZero();
        assertThat(head(record.id())).isNull();
    }

    @Test
    void aRecordWithoutExclusionsHasNoExclusionParts() throws Exception {
        DrawRecord record = record("T-none-" + UUID.randomUUID(), 3, 0);
        DrawStore store = new DrawStore(client, rest, names, json);

        assertThat(store.create(record)).isTrue();

        assertThat(head(record.id())).containsEntry(DrawStore.SELECTED_PARTS, 1).containsEntry(DrawStore.EXCLUSION_PARTS, 0);
        assertSameRecord(store.record(record.id()), record);
    }

    @Test
    void aSecondRecordForTheTaskIsRefusedAndLeavesNoParts() throws Exception {
        String taskId = "T-twice-" + UUID.randomUUID();
        DrawRecord first = record(taskId, 500, 1_000);
        DrawStore store = smallParts();
        assertThat(store.create(first)).isTrue();
        long partsOfTheFirst = parts(first.id());

        DrawRecord second = record(taskId, 700, 2_000);
        assertThat(store.create(second)).isFalse();

        assertThat(parts(first.id())).isEqualTo(partsOfTheFirst);
        assertSameRecord(store.record(first.id()), first);
    }

    @Test
    void aHeadWhosePartIsGoneIsAnErrorNotAShorterList() throws Exception {
        DrawRecord record = record("T-gone-" + UUID.randomUUID(), 500, 1_000);
        DrawStore store = smallParts();
        assertThat(store.create(record)).isTrue();
        String linesId = String.valueOf(head(record.id()).get(DrawStore.LINES_ID));

        client.delete(d -> d.index(names.alias("draw_lines")).id(DrawStore.partId(record.id(), linesId, DrawStore.EXCLUSIONS, 3)));

        assertThatThrownBy(() -> store.record(record.id())).hasMessageContaining("missing");
    }

    @Test
    void aPageOfAManyPartRecordReadsOnlyThePartsItFallsIn() throws Exception {
        DrawRecord record = record("T-page-" + UUID.randomUUID(), 3_000, 4_000);
        DrawStore store = smallParts();
        assertThat(store.create(record)).isTrue();
        Map<String, Object> head = head(record.id());
        String linesId = String.valueOf(head.get(DrawStore.LINES_ID));
        @SuppressWarnings("unchecked")
        List<Integer> selectedLines = (List<Integer>) head.get(DrawStore.SELECTED_PART_LINES);
        @SuppressWarnings("unchecked")
        List<Integer> exclusionLines = (List<Integer>) head.get(DrawStore.EXCLUSION_PART_LINES);
        assertThat(selectedLines.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3_000);
        assertThat(exclusionLines.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4_000);

        // Every part but the first of each list is removed: rows of the first parts still read, and
        // the lists still know their size, so nothing but those parts was needed.
        for (Map.Entry<String, Integer> list : Map.of(DrawStore.SELECTED, selectedLines.size(), DrawStore.EXCLUSIONS, exclusionLines.size()).entrySet()) {
            for (int seq = 1; seq < list.getValue(); seq++) {
                String id = DrawStore.partId(record.id(), linesId, list.getKey(), seq);
                client.delete(d -> d.index(names.alias("draw_lines")).id(id));
            }
        }
        DrawRecord read = store.recordReadAsUsed(record.id());

        assertThat(read.selected()).hasSize(3_000);
        assertThat(read.exclusions()).hasSize(4_000);
        assertThat(read.selectedCodes()).hasSize(3_000);
        int firstPart = selectedLines.get(0);
        assertThat(read.selected().subList(0, firstPart)).containsExactlyElementsOf(record.selected().subList(0, firstPart));
        assertThat(read.exclusions().get(exclusionLines.get(0) - 1)).isEqualTo(record.exclusions().get(exclusionLines.get(0) - 1));
        assertThat(read.masked().selected().get(0).code()).isEqualTo(record.selected().get(0).key());
        assertThatThrownBy(() -> read.selected().get(firstPart)).hasMessageContaining("missing");
        assertThatThrownBy(() -> store.record(record.id())).hasMessageContaining("missing");
    }

    @Test
    void aHeadWithoutPerPartLineCountsIsReadWhole() throws Exception {
        DrawRecord record = record("T-counts-" + UUID.randomUUID(), 800, 900);
        DrawStore store = smallParts();
        assertThat(store.create(record)).isTrue();
        Map<String, Object> head = new java.util.HashMap<>(head(record.id()));
        head.remove(DrawStore.SELECTED_PART_LINES);
        head.remove(DrawStore.EXCLUSION_PART_LINES);
        client.index(i -> i.index(names.alias("draws")).id(record.id()).document(head).refresh(co.elastic.clients.elasticsearch._types.Refresh.True));

        DrawRecord read = store.recordReadAsUsed(record.id());

        assertThat(read.selected()).isNotInstanceOf(PartedList.class);
        assertSameRecord(read, record);
    }

    @Test
    void pastDrawsAndOrganisationLookUpsReadTheDrawnSubjectsFromTheParts() throws Exception {
        String taskId = "T-past-" + UUID.randomUUID();
        DrawRecord record = record(taskId, 2_000, 10);
        DrawStore store = smallParts();
        assertThat(store.create(record)).isTrue();

        List<DrawStore.PastDraw> past = new ArrayList<>();
        store.pastDraws(2099, record.itemCodes(), "T-other", past::add);

        assertThat(past).filteredOn(p -> p.taskId().equals(taskId)).singleElement()
                .satisfies(p -> assertThat(p.selectedCodes()).isEqualTo(record.selectedCodes()));
        String last = record.selected().get(1_999).code();
        assertThat(store.anySelectedLine(head(record.id()), line -> line.startsWith(last + "\t"))).isTrue();
        assertThat(store.anySelectedLine(head(record.id()), line -> line.startsWith("91330110MA00000001Y\t"))).isFalse();
    }

    @Test
    void anOperationOnAFewSubjectsReadsTheirAssignmentsAndHistoryOnly() {
        String taskId = "T-few-" + UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.of(2031, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        List<DrawStore.Assignment> written = new ArrayList<>();
        for (String dept : List.of("SCJG", "WSJ")) {
            for (int i = 0; i < 12_000; i++) {
                written.add(DrawStore.Assignment.grouped(taskId, dept, "A1", String.format("91330109MA%08dX", i), "330109", "A", "ASSIGNED", at));
            }
        }
        // a history row of one subject beside its current one
        written.add(DrawStore.Assignment.grouped(taskId, "SCJG", "A1", "91330109MA00000007X", "330109", "A", "ASSIGNED", at).withSeq(1)
                .retired(DrawStore.Assignment.REASSIGNED, "elsewhere", "moved", at));
        DrawStore store = smallParts();
        store.writeAssignments(written);

        List<DrawStore.Assignment> two = store.assignments(taskId, "SCJG", List.of("91330109MA00000007X", "91330109MA00011999X", "none"));
        assertThat(two).extracting(DrawStore.Assignment::id).containsExactlyInAnyOrder(
                DrawStore.Assignment.idOf(taskId, "SCJG", "91330109MA00000007X", 0), DrawStore.Assignment.idOf(taskId, "SCJG", "91330109MA00000007X", 1),
                DrawStore.Assignment.idOf(taskId, "SCJG", "91330109MA00011999X", 0));
        assertThat(store.assignments(taskId, null, List.of("91330109MA00000003X"))).extracting(DrawStore.Assignment::department)
                .containsExactlyInAnyOrder("SCJG", "WSJ");
        // more codes than one terms query takes at a time: every one found, none twice
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            many.add(String.format("91330109MA%08dX", i));
        }
        assertThat(store.assignments(taskId, "WSJ", many)).hasSize(12_000).extracting(DrawStore.Assignment::subjectCode).doesNotHaveDuplicates();
        assertThat(store.assignments(taskId, "WSJ", List.of())).isEmpty();
    }

    @Test
    void aTaskIsToldStaffedOrRetiredOnlyWhenOneOfItsOwnAssignmentsIs() {
        OffsetDateTime at = OffsetDateTime.of(2031, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        String grouped = "T-grouped-" + UUID.randomUUID();
        String staffed = "T-staffed-" + UUID.randomUUID();
        String moved = "T-moved-" + UUID.randomUUID();
        DrawStore store = smallParts();
        List<DrawStore.Assignment> written = new ArrayList<>();
        for (String task : List.of(grouped, staffed, moved)) {
            for (int i = 0; i < 50; i++) {
                written.add(DrawStore.Assignment.grouped(task, "SCJG", "A1", String.format("91330109MA%08dX", i), "330109", "A", "ASSIGNED", at));
            }
        }
        // a row stored without a state counts as active, as the reader takes it
        written.add(new DrawStore.Assignment(grouped, "WSJ", "A1", "91330109MA00000001X", "330109", "A", "ASSIGNED", at, null, 0, List.of(),
                null, null, null, null, null, null, at));
        written.add(DrawStore.Assignment.grouped(staffed, "WSJ", "A1", "91330109MA00000001X", "330109", "A", "ASSIGNED", at)
                .staffed(List.of("INS-1", "INS-2"), "ID-" + staffed + "-WSJ", "STAFFED", null, at));
        written.add(DrawStore.Assignment.grouped(moved, "WSJ", "A1", "91330109MA00000001X", "330109", "A", "ASSIGNED", at)
                .retired(DrawStore.Assignment.MOVED_OUT, null, "moved out", at));
        store.writeAssignments(written);

        assertThat(store.anyStaffedOrRetired(grouped)).isFalse();
        assertThat(store.anyStaffedOrRetired(staffed)).isTrue();
        assertThat(store.anyStaffedOrRetired(moved)).isTrue();
        assertThat(store.anyStaffedOrRetired("T-none-" + UUID.randomUUID())).isFalse();
    }
}
