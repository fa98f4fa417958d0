package io.spotcheck.privacy;

import static io.spotcheck.privacy.ResidentIdsInText.Rule.SHAPED;
import static io.spotcheck.privacy.ResidentIdsInText.Rule.WELL_FORMED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResidentIdsInTextTest {

    /** 330109195001030466 and 11010519491231002X have right check characters. */
    @Test
    void anEighteenCharacterNumberInOnePieceHasItsBirthDateStarredAsPersonMaskDoes() {
        assertThat(ResidentIdsInText.mask("subject 330109195001030466 does not exist", WELL_FORMED))
                .isEqualTo("subject " + PersonMask.id("330109195001030466") + " does not exist");
        assertThat(ResidentIdsInText.mask("身份证11010519491231002x号", WELL_FORMED)).isEqualTo("身份证110105********002x号");
    }

    @Test
    void anEighteenCharacterNumberWrittenInGroupsIsMaskedWhereverItBreaks() {
        assertThat(ResidentIdsInText.mask("task 330109 19500103 0466 does not exist", WELL_FORMED))
                .isEqualTo("task 330109 ******** 0466 does not exist");
        assertThat(ResidentIdsInText.mask("330109-19500103-0466", WELL_FORMED)).isEqualTo("330109-********-0466");
        assertThat(ResidentIdsInText.mask("330109 - 1950 - 01 - 03 - 0466", WELL_FORMED)).isEqualTo("330109 - **** - ** - ** - 0466");
        assertThat(ResidentIdsInText.mask("110105–19491231–002X", WELL_FORMED)).isEqualTo("110105–********–002X");
        assertThat(ResidentIdsInText.mask("330109\u300019500103\u30000466", WELL_FORMED)).isEqualTo("330109\u3000********\u30000466");
        // in fours, as on a bank card
        assertThat(ResidentIdsInText.mask("3301 0919 5001 0304 66", WELL_FORMED)).isEqualTo("3301 09** **** **04 66");
        // the examples of docs/SECURITY.md
        assertThat(ResidentIdsInText.mask("330106 19900101 123X", WELL_FORMED)).isEqualTo("330106 ******** 123X");
        assertThat(ResidentIdsInText.mask("330106-1990-01-01-123X", WELL_FORMED)).isEqualTo("330106-****-**-**-123X");
        assertThat(ResidentIdsInText.mask("3301 0619 9001 0112 3X", WELL_FORMED)).isEqualTo("3301 06** **** **12 3X");
    }

    @Test
    void aFifteenDigitNumberIsMaskedWhenItsSeventhToTwelfthDigitsAreADate() {
        assertThat(ResidentIdsInText.mask("330109500103046", WELL_FORMED)).isEqualTo("330109******046");
        assertThat(ResidentIdsInText.mask("code 330109500103046,", SHAPED)).isEqualTo("code 330109******046,");
        assertThat(ResidentIdsInText.mask("330109 500103 046", WELL_FORMED)).isEqualTo("330109 ****** 046");
        assertThat(ResidentIdsInText.mask("330109-50-01-03-046", WELL_FORMED)).isEqualTo("330109-**-**-**-046");
        assertThat(ResidentIdsInText.mask("330106 900101 123", WELL_FORMED)).isEqualTo("330106 ****** 123");
        // whatever else fifteen digits holding a date may be: an old registration number whose sequence reads as 2000-01-23
        assertThat(ResidentIdsInText.mask("330108000123456", WELL_FORMED)).isEqualTo("330108******456");
        // 29 February of a year divisible by 4, and not of another
        assertThat(ResidentIdsInText.mask("330109520229046", WELL_FORMED)).isEqualTo("330109******046");
        assertThat(ResidentIdsInText.mask("330109530229046", WELL_FORMED)).isEqualTo("330109530229046");
    }

    @Test
    void fifteenDigitsWithoutABirthDateAreLeftAlone() {
        // an old business registration number: registration authority, then a sequence starting 0000
        assertThat(ResidentIdsInText.mask("330100000012345", WELL_FORMED)).isEqualTo("330100000012345");
        assertThat(ResidentIdsInText.mask("330109501303046", SHAPED)).isEqualTo("330109501303046");
        assertThat(ResidentIdsInText.mask("330109500132046", SHAPED)).isEqualTo("330109500132046");
        assertThat(ResidentIdsInText.mask("030109500103046", SHAPED)).isEqualTo("030109500103046");
        // an X ends only an 18-character number
        assertThat(ResidentIdsInText.mask("33010950010304X", SHAPED)).isEqualTo("33010950010304X");
    }

    @Test
    void creditCodesAndNumbersGluedToLettersOrDigitsAreLeftAlone() {
        for (String text : new String[] {"91330100716105852F", "91330109MA2AUDB05H", "A330109195001030466", "330109195001030466B",
                "3301091950010304661", "TZSB330109500103046", "CS330109500103046", "3301095001030461", "x330109 19500103 0466"}) {
            assertThat(ResidentIdsInText.mask(text, SHAPED)).as(text).isEqualTo(text);
        }
    }

    @Test
    void aWellFormedNumberNeedsItsCheckCharacterAndAShapedOneOnlyItsShape() {
        assertThat(ResidentIdsInText.mask("110105194912310021", WELL_FORMED)).isEqualTo("110105194912310021");
        assertThat(ResidentIdsInText.mask("110105 19491231 0021", WELL_FORMED)).isEqualTo("110105 19491231 0021");
        assertThat(ResidentIdsInText.mask("110105194912310021", SHAPED)).isEqualTo("110105********0021");
        assertThat(ResidentIdsInText.mask("110105 19491231 0021", SHAPED)).isEqualTo("110105 ******** 0021");
        assertThat(ResidentIdsInText.mask("010105194912310021", WELL_FORMED)).isEqualTo("010105194912310021");
    }

    @Test
    void groupsBreakOnlyWhereANumberIsWrittenInGroups() {
        // a task id: 4, 8 and 3 digits
        assertThat(ResidentIdsInText.mask("T-2026-19500103-046", SHAPED)).isEqualTo("T-2026-19500103-046");
        assertThat(ResidentIdsInText.mask("33010 9195001030466", WELL_FORMED)).isEqualTo("33010 9195001030466");
        // more than three separators end the number
        assertThat(ResidentIdsInText.mask("330109    19500103    0466", SHAPED)).isEqualTo("330109    19500103    0466");
    }

    @Test
    void everyNumberOfARunIsFoundWhateverStandsBeforeIt() {
        assertThat(ResidentIdsInText.mask("line 2 330109195001030466 11010519491231002X 3", WELL_FORMED))
                .isEqualTo("line 2 330109********0466 110105********002X 3");
        assertThat(ResidentIdsInText.mask("[330109500103046, 330109 19500103 0466]", WELL_FORMED))
                .isEqualTo("[330109******046, 330109 ******** 0466]");
    }

    @Test
    void fullWidthDigitsAreDigits() {
        assertThat(ResidentIdsInText.mask("３３０１０９１９５００１０３０４６６", WELL_FORMED)).isEqualTo("３３０１０９********０４６６");
    }

    @Test
    void aLongRunOfShortGroupsIsScannedOnce() {
        String text = "1 ".repeat(200_000) + "a";
        long started = System.nanoTime();
        assertThat(ResidentIdsInText.mask(text, SHAPED)).isSameAs(text);
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }

    @Test
    void textWithoutANumberComesBackAsTheSameInstance() {
        String text = "the first line must be a header row naming the columns, among them 'code'";
        assertThat(ResidentIdsInText.mask(text, SHAPED)).isSameAs(text);
        assertThat(ResidentIdsInText.mask(null, SHAPED)).isNull();
    }
}
