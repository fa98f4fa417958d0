package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorSealerTest {

    final CursorSealer sealer = new CursorSealer("secret");

    @Test
    void sealedValuesRoundTripAndHideTheIdentifier() {
        List<Object> values = Arrays.asList(12.5, null, "330109199001011234");
        String sealed = sealer.seal(values);
        assertThat(sealer.open(sealed)).isEqualTo(values);
        String decoded = new String(Base64.getUrlDecoder().decode(sealed), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("330109199001011234").doesNotContain("3301");
    }

    @Test
    void alteredOrForeignSealsAreInvalidCursors() {
        String sealed = sealer.seal(List.of("X"));
        String altered = (sealed.charAt(20) == 'A' ? "B" : "A");
        for (String bad : List.of(sealed.substring(0, 20) + altered + sealed.substring(21), "short", "!!!",
                new CursorSealer("other").seal(List.of("X")))) {
            assertThatThrownBy(() -> sealer.open(bad)).isInstanceOfSatisfying(SpotcheckException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        }
    }
}
