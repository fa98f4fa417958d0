package io.spotcheck.inspector.seed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.department.Department;
import io.spotcheck.inspector.Inspector;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InspectorSeedGeneratorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    static List<Department> departments() throws Exception {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = InspectorSeedGeneratorTest.class.getResourceAsStream("/seeds/departments.json")) {
            JsonNode root = json.readTree(in);
            List<Department> result = new ArrayList<>();
            for (JsonNode d : root.path("departments")) {
                result.add(json.treeToValue(d, Department.class));
            }
            return result;
        }
    }

    @Test
    void aboutFiveHundredInspectorsMostlyInMarketRegulationStations() throws Exception {
        List<Inspector> all = InspectorSeedGenerator.generate(departments(), TODAY);
        assertThat(all).hasSizeBetween(450, 550);
        long scjgStations = all.stream().filter(i -> i.department().equals("SCJG") && i.agency().matches("SCJG-S\\d+")).count();
        assertThat(scjgStations).isGreaterThan(all.size() * 2 / 5);
        assertThat(all.stream().map(Inspector::id).distinct().count()).isEqualTo(all.size());
        Set<String> certificates = new HashSet<>();
        for (Inspector i : all) {
            if (i.certificateNumber() != null) {
                assertThat(i.certificateNumber()).matches("浙执法3301090\\d{5}");
                assertThat(certificates.add(i.certificateNumber())).as("unique " + i.certificateNumber()).isTrue();
            }
            assertThat(i.name()).matches("\\p{IsHan}{2,3}");
            assertThat(i.phone()).matches("1[3-9]\\d{9}");
        }
    }

    @Test
    void someCertificatesAreExpiredAndSomeInspectorsAwayOrGone() throws Exception {
        List<Inspector> all = InspectorSeedGenerator.generate(departments(), TODAY);
        long expired = all.stream().filter(i -> i.certificateValidUntil() != null && i.certificateValidUntil().isBefore(TODAY)).count();
        long uncertified = all.stream().filter(i -> i.certificateNumber() == null).count();
        Map<String, Long> statuses = all.stream().collect(Collectors.groupingBy(Inspector::status, Collectors.counting()));
        assertThat(expired).isBetween(10L, 80L);
        assertThat(uncertified).isPositive();
        assertThat(statuses.get("ON_LEAVE")).isPositive();
        assertThat(statuses.get("LEFT")).isPositive();
        assertThat(statuses.get("ACTIVE")).isGreaterThan(all.size() * 8 / 10);
    }

    @Test
    void qualificationsMatchTheDepartment() throws Exception {
        List<Inspector> all = InspectorSeedGenerator.generate(departments(), TODAY);
        Map<String, String> must = Map.of("WSJK", "HEALTH", "XFJY", "FIRE", "STHJ", "ENVIRONMENT", "YJGL", "WORKPLACE_SAFETY",
                "WHLY", "CULTURE", "ZFJS", "CONSTRUCTION", "JTYS", "TRANSPORT");
        for (Inspector i : all) {
            assertThat(i.qualifications()).isNotEmpty();
            if (must.containsKey(i.department())) {
                assertThat(i.qualifications()).contains(must.get(i.department()));
            }
            if (i.department().equals("SCJG")) {
                assertThat(i.qualifications()).isSubsetOf("FOOD_SAFETY", "QUALITY", "PRICE", "SPECIAL_EQUIPMENT", "DRUG");
            }
        }
    }

    @Test
    void theSameInputsGiveTheSameInspectorsWhateverTheDepartmentOrder() throws Exception {
        List<Department> departments = departments();
        List<Department> reversed = new ArrayList<>(departments);
        Collections.reverse(reversed);
        assertThat(InspectorSeedGenerator.generate(reversed, TODAY)).isEqualTo(InspectorSeedGenerator.generate(departments, TODAY));
    }
}
