package io.spotcheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GlobalIdsTest {

    final GlobalIds ids = new GlobalIds("test-secret");

    @Test
    void aPlainIdIsBase64urlOfTypeAndLocalIdAndComesBack() {
        String id = ids.encode("Task", "T-2026-abc", false);
        assertThat(new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8)).isEqualTo("Task:T-2026-abc");
        assertThat(ids.decode(id)).isEqualTo(new GlobalIds.Id("Task", "T-2026-abc", false));
    }

    @Test
    void aSealedIdHidesItsLocalIdIsTheSameEveryTimeAndComesBack() {
        String local = "T-1|SCJG|330109199001011234";
        String id = ids.encode("InspectionResult", local, true);
        assertThat(id).isEqualTo(ids.encode("InspectionResult", local, true));
        assertThat(new String(Base64.getUrlDecoder().decode(id), StandardCharsets.ISO_8859_1)).doesNotContain("1990").doesNotContain("1234");
        assertThat(ids.decode(id)).isEqualTo(new GlobalIds.Id("InspectionResult", local, true));
        assertThat(ids.encode("InspectionResult", "T-1|SCJG|330109199001021234", true)).isNotEqualTo(id);
    }

    @Test
    void aLocalIdOrAnythingElseIsNoGlobalId() {
        for (String notAnId : new String[] {"T-2026-abc", "SCJG-S01-007", "", "VGFzaw", "dGFzazp4", "!!", "D-T-2026-1"}) {
            assertThat(ids.tryDecode(notAnId)).as(notAnId).isNull();
        }
        assertThatThrownBy(() -> ids.decode("T-2026-abc"))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_USER_INPUT));
        String sealed = ids.encode("InspectionResult", "x", true);
        // one character in the middle: every bit of it is data (a base64 text's last character may carry unused bits)
        int at = sealed.length() / 2;
        String tampered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
        assertThat(ids.tryDecode(tampered)).isNull();
    }
}
