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

    /**
     * The ownership rule (docs/SUBJECT-WRITE.md, "Who owns what") meets the demo data: every seeded
     * organisation registered in the district and every attached object names a department of
     * seeds/departments.json as registration authority, so a demo operator of another department is
     * refused (NOT_OWNER) and the registering one is not. Natural persons and organisations registered
     * elsewhere (民政局) have no owner here.
     */
    @Test
    void seededSubjectsNameTheirRegisteringDepartmentSoTheOwnershipRuleApplies() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<io.spotcheck.department.Department> departments = new java.util.ArrayList<>();
        try (var in = new org.springframework.core.io.ClassPathResource("seeds/departments.json").getInputStream()) {
            for (var node : json.readTree(in).path("departments")) {
                departments.add(new io.spotcheck.department.Department(node.path("code").asText(), node.path("name").asText(),
                        node.path("shortName").asText(), List.of()));
            }
        }
        Map<String, Integer> owners = new HashMap<>();
        var generator = SubjectGenerator.forDistrict(42, 20_000);
        while (generator.hasNext()) {
            Subject s = generator.next();
            String owner = io.spotcheck.subject.write.SubjectOwnership.owner(s.registrationAuthority(), departments);
            boolean ownerless = "NATURAL_PERSON".equals(s.kind()) || "OTHER_ORGANISATION".equals(s.type())
                    || "杭州市市场监督管理局".equals(s.registrationAuthority());
            if (!ownerless) {
                assertThat(owner).as(s.code() + " " + s.type() + " " + s.registrationAuthority()).isNotNull();
            }
            owners.merge(owner == null ? "-" : owner + "/" + s.kind(), 1, Integer::sum);
        }
        assertThat(owners).containsKeys("SCJG/ORGANISATION", "SCJG/ATTACHED_OBJECT", "JTYS/ATTACHED_OBJECT", "XFJY/ATTACHED_OBJECT", "-");
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
