package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreditCodeTest {

    @Test
    void acceptsRealPublishedCodes() {
        // 阿里巴巴（中国）有限公司, 深圳市腾讯计算机系统有限公司, 华为技术有限公司
        assertThat(CreditCode.isValid("91330100716105852F")).isTrue();
        assertThat(CreditCode.isValid("9144030071526726XG")).isTrue();
        assertThat(CreditCode.isValid("914403001922038216")).isTrue();
    }

    @Test
    void computesTheCheckCharacterOfRealCodes() {
        assertThat(CreditCode.checkCharacter("91330100716105852")).isEqualTo('F');
        assertThat(CreditCode.checkCharacter("9144030071526726X")).isEqualTo('G');
        assertThat(CreditCode.checkCharacter("91440300192203821")).isEqualTo('6');
    }

    @Test
    void rejectsWrongCheckCharactersShapesAndForbiddenLetters() {
        assertThat(CreditCode.isValid("91330000MA27U00U8X")).isFalse();
        assertThat(CreditCode.isValid("91330100716105852A")).isFalse();
        assertThat(CreditCode.isValid("91330100716105852")).isFalse();
        assertThat(CreditCode.isValid("91330100716105852FF")).isFalse();
        assertThat(CreditCode.isValid("9133010071610585IF")).isFalse();
        assertThat(CreditCode.isValid("91330100716105852f")).isFalse();
        assertThat(CreditCode.isValid(null)).isFalse();
        assertThatThrownBy(() -> CreditCode.checkCharacter("9133010071610585O")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySingleCharacterChangeIsDetected() {
        String code = "91330100716105852F";
        for (int i = 0; i < 17; i++) {
            for (char c : CreditCode.CHARSET.toCharArray()) {
                if (c == code.charAt(i)) {
                    continue;
                }
                String changed = code.substring(0, i) + c + code.substring(i + 1);
                assertThat(CreditCode.isValid(changed)).as(changed).isFalse();
            }
        }
    }

    @Test
    void organisationCodeCheckFollowsGb11714() {
        // 71610585-2 is Alibaba's organisation code inside its credit code.
        assertThat(CreditCode.organisationCheck("71610585")).isEqualTo('2');
        assertThat(CreditCode.organisationCheck("19220382")).isEqualTo('1');
        assertThat(CreditCode.organisationCheck("71526726")).isEqualTo('X');
    }
}
