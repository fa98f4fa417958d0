package io.spotcheck.subject;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh valid credit codes, random enough to be unique per test in a shared index, and resident ID numbers. */
public final class TestCodes {

    private TestCodes() {}

    public static String newCode() {
        StringBuilder first17 = new StringBuilder("91330109");
        for (int i = 0; i < 9; i++) {
            first17.append(CreditCode.CHARSET.charAt(ThreadLocalRandom.current().nextInt(CreditCode.CHARSET.length())));
        }
        return first17.toString() + CreditCode.checkCharacter(first17.toString());
    }

    /** A resident ID number: the 17 digits given and their check character (GB 11643). */
    public static String residentId(String body) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
