package io.spotcheck.subject.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.subject.CreditCode;
import io.spotcheck.subject.IndustryCatalog;
import io.spotcheck.subject.Subject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubjectGeneratorTest {

    @Test
    void theSameSeedGivesTheSameSubjectsAndAnotherSeedOthers() {
        List<Subject> a = SubjectGenerator.forDistrict(42, 3000).stream().toList();
        List<Subject> b = SubjectGenerator.forDistrict(42, 3000).stream().toList();
        List<Subject> c = SubjectGenerator.forDistrict(43, 3000).stream().toList();
        assertThat(a).hasSize(3000).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void codesAreUniqueAndValidAndSubjectsLookLikeTheDistrict() {
        IndustryCatalog catalog = new IndustryCatalog();
        Set<String> codes = new HashSet<>();
        Set<String> organisations = new HashSet<>();
        Map<String, Integer> kinds = new HashMap<>();
        Map<String, Integer> risks = new HashMap<>();
        int anomalies = 0;
        int organisationCount = 0;
        int food = 0;
        var generator = SubjectGenerator.forDistrict(42, 20_000);
        while (generator.hasNext()) {
            Subject s = generator.next();
            assertThat(codes.add(s.code())).as("unique " + s.code()).isTrue();
            kinds.merge(s.type(), 1, Integer::sum);
            assertThat(s.regionCode()).matches("3301090(0[1-9]|1[0-9]|2[0-3])");
            assertThat(s.supervisingUnit()).isNotBlank();
            switch (s.kind()) {
                case "ORGANISATION" -> {
                    organisationCount++;
                    organisations.add(s.code());
                    assertThat(CreditCode.isValid(s.code())).as(s.code()).isTrue();
                    assertThat(s.code().substring(2, 8)).isEqualTo("330109");
                    assertThat(CreditCode.organisationCheck(s.code().substring(8, 16))).isEqualTo(s.code().charAt(16));
                    assertThat(catalog.label(s.industryCode())).as(s.industryCode()).isNotNull();
                    assertThat(s.industryPath()).last().isEqualTo(s.industryCode());
                    assertThat(s.name()).matches(".*(公司|合作社|学校|店|馆|所|吧|部|厂|坊|站|队|室|园|场|塘|KTV|铺|点|宾馆|超市|网吧|药店|诊所)$");
                    assertThat(s.establishedOn()).isBefore(java.time.LocalDate.of(2026, 11, 1));
                    risks.merge(s.risk().comprehensive(), 1, Integer::sum);
                    if (s.lists().contains("ANOMALY")) {
                        anomalies++;
                    }
                    if (s.industryCode().startsWith("H62")) {
                        food++;
                        assertThat(s.licences()).contains("FOOD_BUSINESS");
                    }
                }
                case "NATURAL_PERSON" -> {
                    assertThat(s.code()).hasSize(18).startsWith("330109");
                    assertThat(SubjectGenerator.idCheck(s.code().substring(0, 17))).isEqualTo(s.code().charAt(17));
                    assertThat(s.type()).isEqualTo("PERSON");
                }
                case "ATTACHED_OBJECT" -> assertThat(organisations).as("owner generated earlier").contains(s.ownerCode());
                default -> throw new AssertionError(s.kind());
            }
        }
        assertThat(kinds.get("ENTERPRISE")).isBetween(9_000, 11_500);
        assertThat(kinds.get("INDIVIDUAL_BUSINESS")).isBetween(5_500, 7_500);
        assertThat(kinds.get("PERSON")).isBetween(800, 1_200);
        assertThat(kinds.keySet()).contains("COOPERATIVE", "OTHER_ORGANISATION", "EQUIPMENT", "VEHICLE", "PREMISES");
        double n = organisationCount;
        assertThat(risks.get("A") / n).isBetween(0.31, 0.39);
        assertThat(risks.get("B") / n).isBetween(0.46, 0.54);
        assertThat(risks.get("C") / n).isBetween(0.10, 0.14);
        assertThat(risks.get("D") / n).isBetween(0.02, 0.04);
        assertThat(anomalies / n).isBetween(0.005, 0.05);
        assertThat(food).isPositive();
    }

    @Test
    void creditCodesOfDifferentIndicesDiffer() {
        Set<String> codes = java.util.stream.LongStream.range(0, 50_000).mapToObj(i -> SubjectGenerator.creditCode("91", i))
                .collect(Collectors.toSet());
        assertThat(codes).hasSize(50_000).allSatisfy(c -> assertThat(CreditCode.isValid(c)).isTrue());
    }

    @Test
    void residentIdCheckFollowsIso7064() {
        // The GB 11643 standard's own example number.
        assertThat(SubjectGenerator.idCheck("11010519491231002")).isEqualTo('X');
    }
}
