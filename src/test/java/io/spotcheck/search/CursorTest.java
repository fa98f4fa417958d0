package io.spotcheck.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {

    final byte[] key = Cursor.keyFrom("test-secret");
    final String query = Cursor.fingerprint("subjects", List.of("status", "存续"));

    @Test
    void aCursorDecodesToTheSamePosition() {
        Cursor cursor = new Cursor("pit-id", List.of("91330109MA2XXXXX0X", 12), query);
        assertThat(Cursor.decode(cursor.encode(key), key, query)).isEqualTo(cursor);
    }

    @Test
    void anEditedCursorIsRejectedWithAStableCode() {
        String token = new Cursor(null, List.of("a"), query).encode(key);
        String edited = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
        assertThatThrownBy(() -> Cursor.decode(edited, key, query))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
        assertThatThrownBy(() -> Cursor.decode("garbage", key, query)).isInstanceOf(SpotcheckException.class);
        assertThatThrownBy(() -> Cursor.decode("a.b.c", key, query)).isInstanceOf(SpotcheckException.class);
    }

    @Test
    void aCursorCannotBeReplayedAgainstAnotherQuery() {
        String token = new Cursor(null, List.of("a"), query).encode(key);
        assertThatThrownBy(() -> Cursor.decode(token, key, Cursor.fingerprint("subjects", List.of("status", "注销"))))
                .isInstanceOfSatisfying(SpotcheckException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR));
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRejected() {
        String token = new Cursor(null, List.of("a"), query).encode(Cursor.keyFrom("other"));
        assertThatThrownBy(() -> Cursor.decode(token, key, query)).isInstanceOf(SpotcheckException.class);
    }
}
