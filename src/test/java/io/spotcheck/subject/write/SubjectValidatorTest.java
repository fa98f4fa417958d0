package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.subject.CreditCode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectValidatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneId.of("Asia/Shanghai"));
    final SubjectValidator validator = new SubjectValidator(Set.of("330109001", "330109002"), CLOCK);

    static String code(String first17) {
        return first17 + CreditCode.checkCharacter(first17);
    }

    static final String ORG = code("91330109MA2H00001");
    static final String PERSON_ID = "11010519491231002X";

    static SubjectInput org() {
        return new SubjectInput(ORG, "ORGANISATION", "ENTERPRISE", "杭州萧山某某餐饮管理有限公司", List.of("旧名"), "张三", "萧山区城厢街道1号",
                null, "萧山区市场监督管理局", "330109001", "城厢片区", "H6210", "ACTIVE", LocalDate.of(2015, 3, 1), 100.0,
                new SubjectInput.RiskInput("A", "B", List.of("WSJK:C"), LocalDate.of(2026, 1, 1)), List.of("ANOMALY"),
                List.of("FOOD_BUSINESS"));
    }

    static SubjectInput with(SubjectInput s, String field, Object value) {
        return new SubjectInput(
                field.equals("code") ? (String) value : s.code(),
                field.equals("kind") ? (String) value : s.kind(),
                field.equals("type") ? (String) value : s.type(),
                field.equals("name") ? (String) value : s.name(),
                s.formerNames(),
                field.equals("legalRepresentative") ? (String) value : s.legalRepresentative(),
                field.equals("address") ? (String) value : s.address(),
                field.equals("ownerCode") ? (String) value : s.ownerCode(),
                s.registrationAuthority(),
                field.equals("regionCode") ? (String) value : s.regionCode(),
                s.supervisingUnit(),
                field.equals("industryCode") ? (String) value : s.industryCode(),
                field.equals("status") ? (String) value : s.status(),
                field.equals("establishedOn") ? (LocalDate) value : s.establishedOn(),
                field.equals("registeredCapital") ? (Double) value : s.registeredCapital(),
                field.equals("risk") ? (SubjectInput.RiskInput) value : s.risk(),
                field.equals("lists") ? (List<String>) value : s.lists(),
                s.licences());
    }

    List<FieldError> errors(SubjectInput input) {
        return validator.validate(input).errors();
    }

    FieldError only(SubjectInput input) {
        List<FieldError> errors = errors(input);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void aCompleteOrganisationIsValid() {
        assertThat(errors(org())).isEmpty();
    }

    @Test
    void aWrongCheckCharacterNamesTheExpectedOne() {
        char right = ORG.charAt(17);
        char wrong = right == '0' ? '1' : '0';
        FieldError error = only(with(org(), "code", ORG.substring(0, 17) + wrong));
        assertThat(error.code()).isEqualTo("INVALID_CREDIT_CODE");
        assertThat(error.field()).containsExactly("code");
        assertThat(error.message()).contains("GB 32100 gives " + right);
    }

    @Test
    void fullWidthDigitsAreRefusedWithAClearMessage() {
        String fullWidth = "９" + ORG.substring(1);
        FieldError error = only(with(org(), "code", fullWidth));
        assertThat(error.code()).isEqualTo("FULL_WIDTH_CHARACTERS");
        assertThat(error.message()).contains("half-width");
    }

    @Test
    void organisationCodesNeedEighteenCharactersOfTheCharset() {
        assertThat(only(with(org(), "code", ORG.substring(0, 17))).message()).contains("18 characters");
        assertThat(only(with(org(), "code", "I" + ORG.substring(1))).message()).contains("position 1");
        assertThat(only(with(org(), "code", ORG.toLowerCase())).code()).isEqualTo("INVALID_CREDIT_CODE");
    }

    @Test
    void naturalPersonsAreKeyedByAResidentIdWithItsMod11Check() {
        SubjectInput person = with(with(with(org(), "kind", "NATURAL_PERSON"), "type", "PERSON"), "code", PERSON_ID);
        assertThat(errors(person)).isEmpty();
        FieldError wrongCheck = only(with(person, "code", "110105194912310021"));
        assertThat(wrongCheck.code()).isEqualTo("INVALID_IDENTIFIER");
        assertThat(wrongCheck.message()).contains("MOD 11-2 gives X");
        assertThat(only(with(person, "code", "110105194913310020")).message()).contains("birth date");
        assertThat(only(with(person, "code", ORG)).code()).isEqualTo("INVALID_IDENTIFIER");
    }

    @Test
    void attachedObjectsNeedAValidOwnerCreditCode() {
        SubjectInput object = with(with(with(org(), "kind", "ATTACHED_OBJECT"), "type", "EQUIPMENT"), "code", "TZSB-2024-0001");
        assertThat(only(object).field()).containsExactly("ownerCode");
        assertThat(errors(with(object, "ownerCode", ORG))).isEmpty();
        FieldError badOwner = only(with(object, "ownerCode", ORG.substring(0, 17) + (ORG.charAt(17) == '0' ? '1' : '0')));
        assertThat(badOwner.code()).isEqualTo("INVALID_OWNER_CODE");
        assertThat(only(with(org(), "ownerCode", ORG)).field()).containsExactly("ownerCode");
    }

    @Test
    void vehiclesMayBeRegisteredByTheirPlate() {
        SubjectInput vehicle = with(with(with(with(org(), "kind", "ATTACHED_OBJECT"), "type", "VEHICLE"), "ownerCode", ORG), "code", "浙A12345");
        assertThat(errors(vehicle)).isEmpty();
        assertThat(errors(with(vehicle, "code", "浙AD12345"))).as("new-energy plate").isEmpty();
        assertThat(errors(with(vehicle, "code", "粤B1234挂"))).as("trailer").isEmpty();
        assertThat(only(with(vehicle, "code", "X浙12345")).code()).isEqualTo("INVALID_VALUE");
        assertThat(only(with(vehicle, "code", "浙a12345")).code()).isEqualTo("INVALID_VALUE");
        assertThat(only(with(vehicle, "code", "餐A12345")).code()).as("not a province").isEqualTo("INVALID_VALUE");
    }

    @Test
    void nameKindStatusAndRegionAreRequired() {
        SubjectInput empty = new SubjectInput(null, null, null, "  ", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        assertThat(errors(empty)).extracting(e -> e.field().get(0))
                .containsExactlyInAnyOrder("name", "kind", "type", "code", "status", "regionCode");
        assertThat(errors(empty)).allMatch(e -> e.code().equals("REQUIRED"));
    }

    @Test
    void typeMustFitKindAndEnumsMustBeKnown() {
        assertThat(only(with(org(), "type", "VEHICLE")).code()).isEqualTo("TYPE_KIND_MISMATCH");
        assertThat(only(with(org(), "kind", "ROBOT")).field()).containsExactly("kind");
        assertThat(only(with(org(), "status", "存续")).message()).contains("ACTIVE");
        assertThat(only(with(org(), "lists", List.of("BLACK"))).field()).containsExactly("lists");
        assertThat(only(with(org(), "risk", new SubjectInput.RiskInput("E", null, null, null))).field())
                .containsExactly("risk", "comprehensive");
        assertThat(only(with(org(), "risk", new SubjectInput.RiskInput(null, null, List.of("WSJK-C"), null))).field())
                .containsExactly("risk", "departments");
    }

    @Test
    void industryCodesHaveTheGbt4754Shape() {
        for (String good : List.of("H", "H62", "H621", "H6210")) {
            assertThat(errors(with(org(), "industryCode", good))).as(good).isEmpty();
        }
        for (String bad : List.of("h62", "H6", "H62100", "Z62", "62")) {
            assertThat(only(with(org(), "industryCode", bad)).code()).as(bad).isEqualTo("INVALID_INDUSTRY_CODE");
        }
    }

    @Test
    void regionMustBeAJurisdictionOfTheDistrict() {
        FieldError error = only(with(org(), "regionCode", "330110001"));
        assertThat(error.code()).isEqualTo("UNKNOWN_REGION");
    }

    @Test
    void datesInTheFutureAreRefusedByTheDistrictsCalendar() {
        // 2026-11-26T12:00Z is already the 26th in Shanghai; the 27th is the future.
        assertThat(errors(with(org(), "establishedOn", LocalDate.of(2026, 11, 26)))).isEmpty();
        assertThat(only(with(org(), "establishedOn", LocalDate.of(2026, 11, 27))).code()).isEqualTo("DATE_IN_FUTURE");
        assertThat(only(with(org(), "risk", new SubjectInput.RiskInput("A", null, null, LocalDate.of(2027, 1, 1)))).field())
                .containsExactly("risk", "asOf");
    }

    @Test
    void capitalIsNotNegative() {
        assertThat(errors(with(org(), "registeredCapital", 0.0))).isEmpty();
        assertThat(only(with(org(), "registeredCapital", -1.0)).field()).containsExactly("registeredCapital");
        assertThat(only(with(org(), "registeredCapital", Double.NaN)).field()).containsExactly("registeredCapital");
    }

    @Test
    void textIsCappedAndControlCharactersAndBrokenSurrogatesAreRefused() {
        assertThat(only(with(org(), "name", "某".repeat(201))).code()).isEqualTo("TOO_LONG");
        assertThat(errors(with(org(), "name", "某".repeat(200)))).isEmpty();
        FieldError nul = only(with(org(), "name", "某某\u0000公司"));
        assertThat(nul.code()).isEqualTo("CONTROL_CHARACTER");
        assertThat(nul.message()).contains("U+0000");
        assertThat(only(with(org(), "address", "地址\u001b[31m")).field()).containsExactly("address");
        assertThat(only(with(org(), "name", "某某\uD800公司")).code()).isEqualTo("INVALID_TEXT");
        assertThat(only(with(org(), "name", "某某\uFFFD公司")).code()).isEqualTo("INVALID_TEXT");
    }

    @Test
    void textIsTrimmedAndNormalisedToNfc() {
        String decomposed = "Cafe\u0301 某某";
        SubjectValidator.Validation validation = validator.validate(with(org(), "name", "  " + decomposed + " "));
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.input().name()).isEqualTo("Caf\u00e9 某某");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SubjectInput bad = with(with(with(org(), "status", "X"), "regionCode", "1"), "registeredCapital", -5.0);
        assertThat(errors(bad)).extracting(e -> e.field().get(0)).containsExactlyInAnyOrder("status", "regionCode", "registeredCapital");
    }
}
