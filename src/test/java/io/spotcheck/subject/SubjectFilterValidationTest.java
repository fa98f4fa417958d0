package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spotcheck.system.SpotcheckException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectFilterValidationTest {

    static SubjectFilter tags(List<String> any) {
        return new SubjectFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, any, null, null, null, null, null, null, null);
    }

    static SubjectFilter industries(List<String> codes) {
        return new SubjectFilter(null, null, null, null, null, null, null, null, null, codes, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void wellFormedValuesPass() {
        assertThatCode(() -> SubjectFilterValidation.validate(tags(List.of("SCJG:餐饮", "WSJK:食品 经营")))).doesNotThrowAnyException();
        assertThatCode(() -> SubjectFilterValidation.validate(industries(List.of("H", "H62", "C1411")))).doesNotThrowAnyException();
        assertThatCode(() -> SubjectFilterValidation.validate(null)).doesNotThrowAnyException();
    }

    @Test
    void badValuesNameTheirField() {
        for (String bad : List.of("餐饮", "scjg:餐饮", "SCJG:", "SCJG: x", "SCJG:a:b")) {
            SpotcheckException e = catchThrowableOfType(SpotcheckException.class, () -> SubjectFilterValidation.validate(tags(List.of(bad))));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.details()).containsEntry("field", "filter.tagsAny");
        }
        SpotcheckException e = catchThrowableOfType(SpotcheckException.class,
                () -> SubjectFilterValidation.validate(industries(List.of("H62", "Z1"))));
        assertThat(e.details()).containsEntry("field", "filter.industryCodes");
        assertThat(e.getMessage()).contains("Z1");
    }

    static SubjectFilter codes(List<String> codes) {
        return new SubjectFilter(null, null, codes, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aRefusedSubjectCodeIsPointedAtNotQuotedForItMayNameAPerson() {
        SpotcheckException e = catchThrowableOfType(SpotcheckException.class,
                () -> SubjectFilterValidation.validate(codes(List.of("91330109MA2AUDB05H", "欧阳 震华", "330106 19900101 1234"))));
        assertThat(e.details()).containsEntry("field", "filter.codes");
        assertThat(e.getMessage()).startsWith("value 2 of codes is not valid here").doesNotContain("震华");
        e = catchThrowableOfType(SpotcheckException.class, () -> SubjectFilterValidation.validate(codes(List.of("330106 19900101 1234"))));
        assertThat(e.getMessage()).startsWith("value 1 of codes").doesNotContain("19900101");
    }

    static SubjectFilter findings(List<String> keys) {
        return new SubjectFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, keys);
    }

    @Test
    void findingsAreDepartmentAndAKnownResultCode() {
        assertThatCode(() -> SubjectFilterValidation.validate(findings(List.of("SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS", "WSJK:NO_PROBLEM"))))
                .doesNotThrowAnyException();
        for (String bad : List.of("UNREACHABLE_AT_REGISTERED_ADDRESS", "SCJG:UNREACHABLE", "scjg:NO_PROBLEM", "SCJG:NO_PROBLEM ")) {
            SpotcheckException e = catchThrowableOfType(SpotcheckException.class, () -> SubjectFilterValidation.validate(findings(List.of(bad))));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.details()).containsEntry("field", "filter.findings");
        }
    }

    @Test
    void tooManyValuesAreRefused() {
        assertThat(catchThrowableOfType(SpotcheckException.class,
                () -> SubjectFilterValidation.validate(industries(Collections.nCopies(1001, "H"))))).isNotNull();
    }
}
