package io.spotcheck.draw;

import io.spotcheck.persistence.PiecedBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.spotcheck.scope.Sha256;

/** The stored form of a draw record: its long lists as text lines, read back to the same record. */
class DrawStoreFormTest {

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final DrawStore store = new DrawStore(null, null, null, json);

    DrawRecord record() {
        String seed = "17add05b26c41f18f92fe90bd23c9db17544d52e7af0b16f1b823ae3d52efd4e";
        List<SubjectDrawAlgorithm.Selected> selected = List.of(
                new SubjectDrawAlgorithm.Selected("91330109MA2AAAAC3X", "A", "330109001", "ENTERPRISE",
                        Sha256.hex(SubjectDrawAlgorithm.rank(seed, "91330109MA2AAAAC3X")), "STRATUM"),
                new SubjectDrawAlgorithm.Selected("330102199001011234", "UNRATED", "", "NATURAL_PERSON",
                        Sha256.hex(SubjectDrawAlgorithm.rank(seed, "330102199001011234")), "JURISDICTION_MINIMUM"));
        List<SubjectDrawAlgorithm.Exclusion> exclusions = List.of(new SubjectDrawAlgorithm.Exclusion("91330109MA2AAAAB5Y", "STATUS_MOVED_OUT"),
                new SubjectDrawAlgorithm.Exclusion("91330109MA2AAAAD1Z", "IN_OPEN_TASK"));
        return new DrawRecord("D-T-1", "T-1", List.of("I-1"), 2026, SubjectDrawAlgorithm.VERSION, seed, "福彩3D 2026325", "S-1",
                Map.of("id", "S-1"), "d5c1", 12L, Map.of("A", 5L), Map.of("A", 4L), Map.of("A", 1L), "RATIO", null, "DEFAULT",
                Map.of("A", 20.0), 2, List.of("DEREGISTERED", "MOVED_OUT"), Map.of("annualCap", 2), exclusions, selected,
                selected.stream().map(SubjectDrawAlgorithm.Selected::code).toList(), "abcd", 2, "u1", "SCJG",
                OffsetDateTime.of(2026, 12, 1, 8, 0, 0, 0, ZoneOffset.UTC));
    }

    /** The head of the form before parts: the record's fields with both lists as lines in it. */
    @SuppressWarnings("unchecked")
    Map<String, Object> inlineHead(DrawRecord record) {
        Map<String, Object> head = json.convertValue(record.withLists(null, null, null), Map.class);
        head.values().removeIf(java.util.Objects::isNull);
        StringBuilder selected = new StringBuilder();
        record.selected().forEach(s -> DrawStore.selectedLine(s, record.isVersion2(), selected));
        StringBuilder exclusions = new StringBuilder();
        record.exclusions().forEach(e -> DrawStore.exclusionLine(e, record.isVersion2(), exclusions));
        head.put(DrawStore.SELECTED_LINES, selected.toString());
        head.put(DrawStore.EXCLUSION_LINES, exclusions.toString());
        return head;
    }

    @Test
    void theHeadKeepsTheFieldsAndNamesItsPartsButHoldsNeitherListNorRank() throws Exception {
        DrawRecord record = record();
        @SuppressWarnings("unchecked")
        Map<String, Object> head = json.readValue(store.headBody(record, "L-1", new DrawStore.StoredParts(List.of(2), List.of(40, 7))).open(), Map.class);
        assertThat(head).doesNotContainKeys("selected", "exclusions", "selectedCodes", DrawStore.SELECTED_LINES, DrawStore.EXCLUSION_LINES);
        assertThat(head).containsEntry(DrawStore.LINES_ID, "L-1").containsEntry(DrawStore.SELECTED_PARTS, 1)
                .containsEntry(DrawStore.EXCLUSION_PARTS, 2).containsEntry(DrawStore.SELECTED_PART_LINES, List.of(2))
                .containsEntry(DrawStore.EXCLUSION_PART_LINES, List.of(40, 7)).containsEntry("seed", record.seed()).containsEntry("id", "D-T-1");
        assertThat(head).doesNotContainValue(null);
        assertThat(json.writeValueAsString(head)).doesNotContain(record.selected().get(0).rank());
    }

    @Test
    void linesAreRenderedWithoutRanksOneRecordPerLine() {
        DrawRecord record = record();
        StringBuilder selected = new StringBuilder();
        record.selected().forEach(s -> DrawStore.selectedLine(s, false, selected));
        assertThat(selected.toString()).isEqualTo(
                "91330109MA2AAAAC3X\tA\t330109001\tENTERPRISE\tSTRATUM\n330102199001011234\tUNRATED\t\tNATURAL_PERSON\tJURISDICTION_MINIMUM\n");
        StringBuilder exclusions = new StringBuilder();
        DrawStore.exclusionLine(new SubjectDrawAlgorithm.Exclusion("K-1", "IN_OPEN_TASK", List.of("T-7", "T-9")), true, exclusions);
        DrawStore.exclusionLine(new SubjectDrawAlgorithm.Exclusion("K-2", "STATUS_MOVED_OUT"), true, exclusions);
        assertThat(exclusions.toString()).isEqualTo("K-1\tIN_OPEN_TASK\tT-7,T-9\nK-2\tSTATUS_MOVED_OUT\t\n");
    }

    @Test
    void aListIsCutIntoPartsOnlyAtLineEnds() throws Exception {
        List<String> items = new java.util.ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            String item = "line-" + i + "-" + "x".repeat(i % 37);
            items.add(item);
            all.append(item).append('\n');
        }
        DrawStore.LinesReader<String> reader = new DrawStore.LinesReader<>(items.iterator(), (item, line) -> line.append(item).append('\n'));
        List<String> parts = new java.util.ArrayList<>();
        while (reader.hasMore()) {
            reader.nextPart(500);
            PiecedBody body = new PiecedBody();
            body.write('"');
            reader.writeEscapedPart(body);
            body.write('"');
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            body.entity().writeTo(bytes);
            parts.add(new com.fasterxml.jackson.databind.ObjectMapper().readValue(bytes.toByteArray(), String.class));
        }
        assertThat(String.join("", parts)).isEqualTo(all.toString());
        assertThat(parts).hasSizeGreaterThan(10).allSatisfy(part -> assertThat(part).endsWith("\n"));
        // a part stops at the first line end at or past its 500 characters; the longest line has 46
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(part -> assertThat(part.length()).isBetween(500, 545));
    }

    @Test
    void aRecordStoredWithItsLinesInTheHeadIsStillRead() {
        DrawRecord record = record();
        assertThat(store.fromStored(inlineHead(record))).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void aRecordStoredBeforeTheLinesIsStillRead() throws Exception {
        DrawRecord record = record();
        @SuppressWarnings("unchecked")
        Map<String, Object> legacy = json.readValue(json.writeValueAsString(record), Map.class);
        assertThat(store.fromStored(legacy)).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void aSelectedLineIsFoundInAHeadOfLines() {
        Map<String, Object> head = inlineHead(record());
        assertThat(store.anySelectedLine(head, line -> line.startsWith("330102199001011234\t"))).isTrue();
        assertThat(store.anySelectedLine(head, line -> line.startsWith("91330109MA2AAAAB5Y\t"))).as("an exclusion is not drawn").isFalse();
    }
}
