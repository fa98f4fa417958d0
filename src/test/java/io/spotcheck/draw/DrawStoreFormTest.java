package io.spotcheck.draw;

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

    @Test
    void aRecordIsStoredAsLinesWithoutRanksAndReadBackUnchanged() throws Exception {
        DrawRecord record = record();
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = json.readValue(store.storedBody(record).open(), Map.class);
        assertThat(stored).doesNotContainKeys("selected", "exclusions", "selectedCodes");
        assertThat(stored.get(DrawStore.SELECTED_LINES)).isEqualTo(
                "91330109MA2AAAAC3X\tA\t330109001\tENTERPRISE\tSTRATUM\n330102199001011234\tUNRATED\t\tNATURAL_PERSON\tJURISDICTION_MINIMUM\n");
        assertThat(stored.get(DrawStore.EXCLUSION_LINES)).isEqualTo("91330109MA2AAAAB5Y\tSTATUS_MOVED_OUT\n91330109MA2AAAAD1Z\tIN_OPEN_TASK\n");
        assertThat(stored).doesNotContainValue(null);
        assertThat(store.fromStored(stored)).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void aRecordStoredBeforeTheLinesIsStillRead() throws Exception {
        DrawRecord record = record();
        @SuppressWarnings("unchecked")
        Map<String, Object> legacy = json.readValue(json.writeValueAsString(record), Map.class);
        assertThat(store.fromStored(legacy)).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void aRecordOfManyPiecesIsReadBackUnchanged() throws Exception {
        DrawRecord small = record();
        String seed = small.seed();
        List<SubjectDrawAlgorithm.Selected> selected = new java.util.ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            String code = String.format("91330109MA%08dX", i);
            selected.add(new SubjectDrawAlgorithm.Selected(code, i % 2 == 0 ? "A" : "B", "3301090" + (i % 20), "ENTERPRISE",
                    Sha256.hex(SubjectDrawAlgorithm.rank(seed, code)), "STRATUM"));
        }
        DrawRecord record = new DrawRecord(small.id(), small.taskId(), small.itemCodes(), small.year(), small.algorithm(), seed,
                small.publicValue(), small.scopeId(), small.scopeDefinition(), small.scopeDigest(), small.scopeSize(), small.scopeSizes(),
                small.eligibleSizes(), small.quotas(), small.mode(), small.count(), small.creditRuleId(), small.ratios(),
                small.minPerJurisdiction(), small.excludedStatuses(), small.exclusionSettings(), small.exclusions(), List.copyOf(selected),
                selected.stream().map(SubjectDrawAlgorithm.Selected::code).toList(), small.selectedDigest(), selected.size(),
                small.drawnBy(), small.drawnByDepartment(), small.drawnAt());

        PiecedBody body = store.storedBody(record);

        assertThat(body.length()).isGreaterThan(4L * PiecedBody.PIECE);
        java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
        body.entity().writeTo(copy);
        assertThat(copy.toByteArray()).isEqualTo(body.open().readAllBytes());
        assertThat((long) copy.size()).isEqualTo(body.length());
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = json.readValue(body.open(), Map.class);
        assertThat(store.fromStored(stored)).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void aLongExclusionListRenderedBesideTheRestIsStoredAsTheSameLines() throws Exception {
        DrawRecord small = record();
        List<SubjectDrawAlgorithm.Exclusion> exclusions = new java.util.ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < DrawStore.PARALLEL_EXCLUSIONS + 1_000; i++) {
            String code = String.format("91330109MA%08dX", i);
            String reason = i % 3 == 0 ? "STATUS_MOVED_OUT" : "IN_OPEN_TASK \"x\"";
            exclusions.add(new SubjectDrawAlgorithm.Exclusion(code, reason));
            lines.append(code).append('\t').append(reason).append('\n');
        }
        DrawRecord record = new DrawRecord(small.id(), small.taskId(), small.itemCodes(), small.year(), small.algorithm(), small.seed(),
                small.publicValue(), small.scopeId(), small.scopeDefinition(), small.scopeDigest(), small.scopeSize(), small.scopeSizes(),
                small.eligibleSizes(), small.quotas(), small.mode(), small.count(), small.creditRuleId(), small.ratios(),
                small.minPerJurisdiction(), small.excludedStatuses(), small.exclusionSettings(), List.copyOf(exclusions), small.selected(),
                small.selectedCodes(), small.selectedDigest(), small.selectedCount(), small.drawnBy(), small.drawnByDepartment(),
                small.drawnAt());

        PiecedBody body = store.storedBody(record);

        @SuppressWarnings("unchecked")
        Map<String, Object> stored = json.readValue(body.open(), Map.class);
        assertThat(stored.get(DrawStore.EXCLUSION_LINES)).isEqualTo(lines.toString());
        assertThat(stored.get(DrawStore.SELECTED_LINES)).isEqualTo(json.readValue(store.storedBody(small).open(), Map.class)
                .get(DrawStore.SELECTED_LINES));
        assertThat(store.fromStored(stored)).usingRecursiveComparison().isEqualTo(record);
    }
}
