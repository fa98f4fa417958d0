package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonMaskTest {

    @Test
    void identifiersKeepTheCountyAndTheLastFourAndHideTheBirthDate() {
        assertThat(PersonMask.id("33010919900101742X")).isEqualTo("330109********742X");
        assertThat(PersonMask.id("330109900101123")).isEqualTo("330109******123");
        assertThat(PersonMask.id("E12345678")).isEqualTo("E1*****78");
        assertThat(PersonMask.id("12345")).isEqualTo("*****");
        assertThat(PersonMask.id(null)).isNull();
    }

    @Test
    void namesKeepTheFirstCharacterAndOneStarWhateverTheirLength() {
        assertThat(PersonMask.name("王小明")).isEqualTo("王*");
        assertThat(PersonMask.name("欧阳")).isEqualTo("欧*");
        assertThat(PersonMask.name("爱新觉罗·溥仪")).isEqualTo("爱*");
        assertThat(PersonMask.name("王")).isEqualTo("*");
        assertThat(PersonMask.name("𠀋小明")).isEqualTo("𠀋*");
        assertThat(PersonMask.name(null)).isNull();
    }

    @Test
    void addressesKeepTheirLeadingAdministrativeDivisionsOnly() {
        assertThat(PersonMask.address("杭州市萧山区宁围街道某路9号")).isEqualTo("杭州市萧山区宁围街道****");
        assertThat(PersonMask.address("萧山区某某路12号")).isEqualTo("萧山区****");
        assertThat(PersonMask.address("浙江省杭州市西湖区张三家")).isEqualTo("浙江省杭州市西湖区****");
        // a division marker after a house number is not a division
        assertThat(PersonMask.address("某某路12号东区")).isEqualTo("****");
        assertThat(PersonMask.address("王小明家")).isEqualTo("****");
        assertThat(PersonMask.address(null)).isNull();
    }

    @Test
    void residentIdsAreRecognisedByTheirCheckCharacter() {
        assertThat(PersonMask.isResidentId("11010519491231002X")).isTrue();
        assertThat(PersonMask.isResidentId("110105194912310021")).isFalse();
        assertThat(PersonMask.isResidentId("91330100716105852F")).isFalse();
    }

    @Test
    void scrubbingMasksNamedPersonsAndEveryResidentIdButLeavesOtherCodes() {
        String text = "recorded but not recomputed: [11010519491231002X, 91330100716105852F, E12345678, 110105194912310021]";
        assertThat(PersonMask.scrub(text, List.of("E12345678")))
                .isEqualTo("recorded but not recomputed: [110105********002X, 91330100716105852F, E1*****78, 110105194912310021]");
        assertThat(PersonMask.scrub("ID-T1-SCJG-11010519491231002X-2", null)).isEqualTo("ID-T1-SCJG-110105********002X-2");
    }

    @Test
    void scrubbingMasksTheFifteenDigitFormAndNumbersWrittenInGroups() {
        assertThat(PersonMask.scrub("task 330106900101123 does not exist", null)).isEqualTo("task 330106******123 does not exist");
        assertThat(PersonMask.scrub("subject 330106 19900101 123X has no active assignment", null))
                .isEqualTo("subject 330106 ******** 123X has no active assignment");
        assertThat(PersonMask.scrub("subject 330106-19900101-123X", null)).isEqualTo("subject 330106-********-123X");
        // fifteen digits without a birth date (an old registration number), and credit codes, stay
        assertThat(PersonMask.scrub("330100000012345 91330100716105852F", null)).isEqualTo("330100000012345 91330100716105852F");
    }

    @Test
    void automationSeesPersonsOnlyWithPersonsRead() {
        Caller reader = new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("subjects:read"));
        Caller persons = new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("subjects:read", "persons:read"));
        Caller reviewer = new Caller("r", "r", "SCJG", "SCJG-S01", Set.of(Role.AGENCY_REVIEWER), Set.of());
        assertThat(PersonAccess.seesPersons(reader)).isFalse();
        assertThat(PersonAccess.seesPersons(persons)).isTrue();
        assertThat(PersonAccess.seesPersons(Caller.ANONYMOUS)).isFalse();
        assertThat(PersonAccess.seesPersons(reviewer)).isFalse();
        assertThat(PersonAccess.seesPersonsUnderReview(reviewer)).isTrue();
        assertThat(PersonAccess.seesPersonsUnderReview(reader)).isFalse();
    }

    @Test
    void aDefinitionsPersonCodesAreMaskedAndOrganisationsKept() {
        Map<String, Object> definition = Map.of("filter", Map.of("codes", List.of("91330100716105852F", "11010519491231002X", "P1234567"),
                "regionCodes", List.of("330109001")));
        Map<String, Object> masked = ScopeDefinitionMasking.masked(definition, "P1234567"::equals);
        assertThat(((Map<?, ?>) masked.get("filter")).get("codes")).isEqualTo(List.of("91330100716105852F", "110105********002X", "P1****67"));
        assertThat(((Map<?, ?>) masked.get("filter")).get("regionCodes")).isEqualTo(List.of("330109001"));
        assertThat(ScopeDefinitionMasking.codes(definition)).containsExactly("91330100716105852F", "11010519491231002X", "P1234567");
        // a draw record nests the scope's definition
        Map<String, Object> record = Map.of("id", "S-1", "definition", definition);
        Map<String, Object> nested = ScopeDefinitionMasking.masked(record, c -> false);
        assertThat(nested.toString()).doesNotContain("11010519491231002X").contains("110105********002X", "P1234567");
        assertThat(ScopeDefinitionMasking.codes(record)).hasSize(3);
    }
}
