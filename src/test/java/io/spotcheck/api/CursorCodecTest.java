package io.spotcheck.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    final CursorCodec codec = new CursorCodec("test-secret");
    final String query = CursorCodec.fingerprint("subjects", List.of("status", "存续"));

    @Test
    void aPositionComesBackAsItWentInWithItsPointInTimeHandle() {
        List<Object> after = Arrays.asList("91330109MA2XXXXX0X", 12L, 1.2345678, 0.5, null, true, "名称", -7L, Long.MAX_VALUE);
        CursorCodec.Position position = codec.decode(codec.encode(query, 0x7abc1234, after), query);
        assertThat(position.pit()).isEqualTo(0x7abc1234);
        assertThat(position.after()).isEqualTo(after);
        assertThat(codec.decode(codec.encode(query, null, List.of("x".repeat(300))), query).after()).containsExactly("x".repeat(300));
    }

    @Test
    void aSubjectCursorIsShortAndDoesNotShowTheIdNumberItCarries() {
        String personCode = "330109199001011234";
        String withoutPit = codec.encode(query, null, List.of(personCode));
        String withPit = codec.encode(query, 42, List.of(personCode));
        String relevance = codec.encode(query, 42, List.of(13.541234, personCode));
        assertThat(withoutPit.length()).isLessThan(60);
        assertThat(withPit.length()).isLessThan(60);
        assertThat(relevance.length()).isLessThan(80);
        for (String cursor : List.of(withoutPit, withPit, relevance)) {
            assertThat(cursor).matches("[A-Za-z0-9_-]+");
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
            assertThat(decoded).doesNotContain("1990").doesNotContain("330109").doesNotContain("1234");
        }
    }

    @Test
    void everyAlteredCharacterIsRefusedWithInvalidCursor() {
        String token = codec.encode(query, 7, List.of("a", 1L));
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String edited = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThatThrownBy(() -> codec.decode(edited, query))
                    .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        }
        for (String garbage : new String[] {"", "garbage", "!!!", token.substring(0, 10), token + "A", "a".repeat(5000)}) {
            assertThatThrownBy(() -> codec.decode(garbage, query))
                    .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        }
    }

    @Test
    void aCursorOfAnotherQueryOrAnotherSecretIsRefused() {
        String token = codec.encode(query, null, List.of("a"));
        assertThatThrownBy(() -> codec.decode(token, CursorCodec.fingerprint("subjects", "other")))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR);
                    assertThat(e.getMessage()).contains("another query");
                });
        assertThatThrownBy(() -> new CursorCodec("other-secret").decode(token, query))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
    }
}
