package io.spotcheck.subject;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh valid credit codes, random enough to be unique per test in a shared index. */
public final class TestCodes {

    private TestCodes() {}

    public static String newCode() {
        StringBuilder first17 = new StringBuilder("91330109");
        for (int i = 0; i < 9; i++) {
            first17.append(CreditCode.CHARSET.charAt(ThreadLocalRandom.current().nextInt(CreditCode.CHARSET.length())));
        }
        return first17.toString() + CreditCode.checkCharacter(first17.toString());
    }
}
