package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotReadBufferTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Hands out at most 1,000 bytes per read, as a network stream does. */
    private static InputStream trickle(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] into, int off, int len) throws java.io.IOException {
                return super.read(into, off, Math.min(len, 1_000));
            }
        };
    }

    @Test
    void anAnswerOfKnownLengthIsReadIntoTheBufferItFits() throws Exception {
        byte[] answer = bytes(70_000);
        byte[][] buffer = {new byte[100_000]};
        byte[] kept = buffer[0];

        int n = ScopeStore.readInto(trickle(answer), answer.length, buffer);

        assertThat(n).isEqualTo(answer.length);
        assertThat(buffer[0]).isSameAs(kept);
        assertThat(Arrays.copyOf(buffer[0], n)).isEqualTo(answer);
    }

    @Test
    void aLargerOrUnsizedAnswerGrowsTheBuffer() throws Exception {
        byte[] answer = bytes(300_001);
        byte[][] exact = {new byte[10]};
        assertThat(ScopeStore.readInto(trickle(answer), answer.length, exact)).isEqualTo(answer.length);
        assertThat(exact[0]).hasSize(answer.length);
        assertThat(Arrays.copyOf(exact[0], answer.length)).isEqualTo(answer);

        byte[][] unsized = {null};
        assertThat(ScopeStore.readInto(trickle(answer), -1, unsized)).isEqualTo(answer.length);
        assertThat(Arrays.copyOf(unsized[0], answer.length)).isEqualTo(answer);

        byte[][] empty = {null};
        assertThat(ScopeStore.readInto(new ByteArrayInputStream(new byte[0]), 0, empty)).isZero();
    }
}
