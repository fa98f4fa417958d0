package io.spotcheck.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static final char[] ALPHABET = {'0', '9', 'A', 'Z', 'a', '~', '\t', 'é', 'ÿ', '浙', '沪', '\uD7FF', '\uE000', '\uFFFD', '\uFFFF',
            '\uD83D', '\uDE00', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'};

    @Test
    void ordersLikeTheUnsignedBytesOfUtf8ForAnyStrings() {
        Random random = new Random(24);
        for (int i = 0; i < 200_000; i++) {
            String a = string(random);
            String b = random.nextInt(4) == 0 ? a + string(random) : random.nextInt(3) == 0 && !a.isEmpty()
                    ? a.substring(0, random.nextInt(a.length())) + string(random) : string(random);
            int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, Integer.signum(Utf8.compare(a, b)), () -> escape(a) + " vs " + escape(b));
            assertEquals(-expected, Integer.signum(Utf8.compare(b, a)), () -> escape(b) + " vs " + escape(a));
        }
    }

    @Test
    void putsCharactersBeyondTheBasicPlaneAfterTheRestOfIt() {
        String emoji = "A\uD83D\uDE00";
        String privateUse = "A\uE000";
        assertEquals(1, Integer.signum(Utf8.compare(emoji, privateUse)));
        assertEquals(-1, Integer.signum(emoji.compareTo(privateUse)));
        assertEquals(-1, Integer.signum(Utf8.compare("浙A12345", "浙B00000")));
        assertEquals(-1, Integer.signum(Utf8.compare("91330100", "9133010")) * -1);
        assertEquals(0, Utf8.compare("", ""));
    }

    @Test
    void sortingByKeyGivesWhatAStableSortInByteOrderGives() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            java.util.List<String[]> items = new java.util.ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                // the key, and the item's place, which shows whether equal keys kept their order
                items.add(new String[] {round % 2 == 0 ? "91330109MA" + random.nextInt(50) : string(random), Integer.toString(i)});
            }
            java.util.List<String[]> expected = new java.util.ArrayList<>(items);
            expected.sort(java.util.Comparator.comparing((String[] item) -> item[0], Utf8.ORDER));
            java.util.List<String[]> sorted = new java.util.ArrayList<>(items);
            Utf8.sort(sorted, item -> item[0]);
            assertEquals(expected, sorted);
        }
    }

    private static String string(Random random) {
        int n = random.nextInt(5);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return s.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }
}
