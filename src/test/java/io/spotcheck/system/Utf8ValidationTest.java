package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidationTest {

    /** The JDK's decoder follows the Unicode Standard's definition of well-formed UTF-8: the reference. */
    static boolean jdkDecodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean wellFormed(byte[] bytes) {
        return Utf8Validation.isWellFormed(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "c1bf", "e080af", "f08080af", "eda080", "edbfbf", "f4908080", "f5808080", "ff", "fe", "80",
            "e4b8", "f09f98", "c3", "41c0af42"})
    void overlongFormsSurrogatesCodePointsBeyondU10FFFFAndCutSequencesAreNotWellFormed(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(wellFormed(bytes)).isFalse();
        assertThat(jdkDecodes(bytes)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2f", "c280", "dfbf", "e0a080", "e4b8ad", "ed9fbf", "ee8080", "efbfbd", "f0908080", "f09f9880",
            "f48fbfbf", "41e4b8ad42"})
    void theLimitsOfEachFormAreWellFormed(String hex) {
        assertThat(wellFormed(HexFormat.of().parseHex(hex))).isTrue();
    }

    @Test
    void everyOneAndTwoByteSequenceIsJudgedAsTheJdkDecoderJudgesIt() {
        for (int a = 0; a < 256; a++) {
            assertThat(wellFormed(new byte[] {(byte) a})).as("%02x", a).isEqualTo(jdkDecodes(new byte[] {(byte) a}));
            for (int b = 0; b < 256; b++) {
                byte[] bytes = {(byte) a, (byte) b};
                assertThat(wellFormed(bytes)).as("%02x %02x", a, b).isEqualTo(jdkDecodes(bytes));
            }
        }
    }

    @Test
    void threeAndFourByteSequencesAreJudgedAsTheJdkDecoderJudgesThem() {
        int[] tails = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int a = 0xE0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : tails) {
                    byte[] three = {(byte) a, (byte) b, (byte) c};
                    assertThat(wellFormed(three)).as("%02x %02x %02x", a, b, c).isEqualTo(jdkDecodes(three));
                    for (int d : tails) {
                        byte[] four = {(byte) a, (byte) b, (byte) c, (byte) d};
                        assertThat(wellFormed(four)).as("%02x %02x %02x %02x", a, b, c, d).isEqualTo(jdkDecodes(four));
                    }
                }
            }
        }
    }

    @Test
    void onlyTheGivenRangeIsRead() {
        byte[] bytes = {(byte) 0xC0, 'a', (byte) 0xE4, (byte) 0xB8, (byte) 0xAD, (byte) 0xFF};
        assertThat(Utf8Validation.isWellFormed(bytes, 1, 5)).isTrue();
        assertThat(Utf8Validation.isWellFormed(bytes, 1, 4)).isFalse();
    }

    @Test
    void longRunsOfAsciiWithASequenceAnywhereAreJudgedAsTheJdkDecoderJudgesThem() {
        java.util.Random random = new java.util.Random(9);
        byte[][] inserts = {HexFormat.of().parseHex("e4b8ad"), HexFormat.of().parseHex("f09f9880"), HexFormat.of().parseHex("c0af"),
                HexFormat.of().parseHex("eda080"), HexFormat.of().parseHex("e4b8"), HexFormat.of().parseHex("80"), HexFormat.of().parseHex("c3a9")};
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (0x20 + random.nextInt(0x5F));
            }
            byte[] insert = inserts[random.nextInt(inserts.length)];
            if (random.nextBoolean() && bytes.length >= insert.length) {
                System.arraycopy(insert, 0, bytes, random.nextInt(bytes.length - insert.length + 1), insert.length);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(Math.min(4, bytes.length) + 1);
            int to = Math.max(from, bytes.length - random.nextInt(Math.min(4, bytes.length - from) + 1));
            assertThat(Utf8Validation.isWellFormed(bytes, from, to)).as("%s [%d, %d)", HexFormat.of().formatHex(bytes), from, to)
                    .isEqualTo(jdkDecodes(java.util.Arrays.copyOfRange(bytes, from, to)));
        }
    }
}
