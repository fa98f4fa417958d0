package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonNamingTest {

    static final Caller AUTOMATION = new Caller("automation", "a", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("subjects:import"));
    static final Caller WITH_PERSONS = new Caller("automation", "a", "SCJG", null, Set.of(Role.AUTOMATION),
            Set.of("subjects:import", PersonAccess.PERSONS_READ));

    @Test
    void whatACallerWhoSeesPersonsMaskedSentComesBackWithEveryResidentIdShapeMasked() {
        assertThat(PersonNaming.echoed(AUTOMATION, "330109195001030466")).isEqualTo("330109********0466");
        assertThat(PersonNaming.echoed(AUTOMATION, "the first line must be a header row; it reads 330109195001030466,x"))
                .isEqualTo("the first line must be a header row; it reads 330109********0466,x");
        // a wrong check character still names the person's county and birth date
        assertThat(PersonNaming.echoed(AUTOMATION, "33010919500103046X")).isEqualTo("330109********046X");
        // full-width digits are folded, as PersonNaming.refused folds them
        assertThat(PersonNaming.echoed(AUTOMATION, " ３３０１０９１９５００１０３０４６６")).isEqualTo(" 330109********0466");
        assertThat(PersonNaming.echoed(AUTOMATION, "身份证330109195001030466号")).isEqualTo("身份证330109********0466号");
    }

    @Test
    void theFifteenDigitFormAndNumbersWrittenInGroupsComeBackMasked() {
        assertThat(PersonNaming.echoed(AUTOMATION, "330106900101123")).isEqualTo("330106******123");
        assertThat(PersonNaming.echoed(AUTOMATION, "it reads 330106 19900101 1234,x")).isEqualTo("it reads 330106 ******** 1234,x");
        assertThat(PersonNaming.echoed(AUTOMATION, "330106-1990-01-01-1234")).isEqualTo("330106-****-**-**-1234");
        assertThat(PersonNaming.echoed(AUTOMATION, "３３０１０６　１９９００１０１　１２３４")).isEqualTo("330106 ******** 1234");
        assertThat(PersonNaming.echoed(WITH_PERSONS, "330106 19900101 1234")).isEqualTo("330106 19900101 1234");
    }

    @Test
    void otherTextComesBackAsSent() {
        assertThat(PersonNaming.echoed(AUTOMATION, "91330109MA2AUDB05H")).isEqualTo("91330109MA2AUDB05H");
        assertThat(PersonNaming.echoed(AUTOMATION, "3301091950010304661")).isEqualTo("3301091950010304661");
        assertThat(PersonNaming.echoed(AUTOMATION, "ｆｕｌｌ")).isEqualTo("ｆｕｌｌ");
        assertThat(PersonNaming.echoed(AUTOMATION, null)).isNull();
        assertThat(PersonNaming.echoed(WITH_PERSONS, "330109195001030466")).isEqualTo("330109195001030466");
    }
}
