package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditCodeRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y43", "9144030071526726XG", "914403001922038216", "91330100799655058B"})
    void publishedCodesOfRealOrganisationsAreValid(String code) {
        assertThat(CreditCode.isValid(code)).isTrue();
    }

    @Test
    void checkCharacterIsComputedFromTheFirstSeventeen() {
        assertThat(CreditCode.checkCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(CreditCode.checkCharacter("9144030071526726X")).isEqualTo('G');
    }

    @Test
    void everyWrongCheckCharacterIsRefused() {
        String first17 = "91350100M000100Y4";
        for (char c : CreditCode.CHARSET.toCharArray()) {
            assertThat(CreditCode.isValid(first17 + c)).as("check %s", c).isEqualTo(c == '3');
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43", "91350100m000100Y43",
            "９1350100M000100Y43"})
    void malformedCodesAreInvalid(String code) {
        assertThat(CreditCode.isValid(code)).isFalse();
    }

    @Test
    void nullIsInvalidAndCheckCharacterRefusesBadInput() {
        assertThat(CreditCode.isValid(null)).isFalse();
        assertThatThrownBy(() -> CreditCode.checkCharacter("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CreditCode.checkCharacter("9135010OM000100Y4")).isInstanceOf(IllegalArgumentException.class);
    }
}
