package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NfcStableTest {

    /** A character with a canonical combining class above 1 is out of order before U+0334 (class 1). */
    private static final String CLASS_ONE_MARK = "\u0334";

    @Test
    void everyStableCharacterIsNfcAloneAndOfCombiningClassZero() {
        int stable = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (!NfcStable.is(c) || Character.isSurrogate(c)) {
                continue;
            }
            stable++;
            String alone = String.valueOf(c);
            assertThat(Normalizer.isNormalized(alone, Normalizer.Form.NFC)).as("U+%04X alone", (int) c).isTrue();
            assertThat(Normalizer.isNormalized(alone + CLASS_ONE_MARK, Normalizer.Form.NFC)).as("U+%04X before a mark", (int) c).isTrue();
        }
        assertThat(stable).isGreaterThan(28_000);
    }

    @Test
    void combiningMarksToneMarksAndCompatibilityIdeographsAreNotStable() {
        for (char c : new char[] {'\u0300', '\u0301', '\u0334', '\u302A', '\u302F', '\u3099', '\u309A', '\uF900', '\u2000', '\u212B', '\u1161', '\u0B3E'}) {
            assertThat(NfcStable.is(c)).as("U+%04X", (int) c).isFalse();
        }
    }

    @Test
    void textsOfStableCharactersAreNfcAndOthersAreLeftToTheNormaliser() {
        List<Character> pool = new ArrayList<>();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (NfcStable.is(c)) {
                pool.add(c);
            }
        }
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.append(pool.get(random.nextInt(pool.size())));
            }
            assertThat(Normalizer.isNormalized(text, Normalizer.Form.NFC)).as("%s", text).isTrue();
        }
        // a decomposed é is not made of stable characters, and the validator normalises it
        SubjectValidator.Texts texts = new SubjectValidator.Texts(new ArrayList<>());
        assertThat(texts.clean("Cafe\u0301 杭州", 100, "name")).isEqualTo("Caf\u00E9 杭州");
        assertThat(texts.clean("（杭州）有限公司", 100, "name")).isEqualTo("（杭州）有限公司");
    }
}
