package io.spotcheck.subject;

/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a
 * 31-character set (no I, O, S, V, Z), the last one a check character over the first 17.
 */
public final class CreditCode {

    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {}

    /** True for an 18-character code of the charset whose last character is the right check character. */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (CHARSET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }

    /**
     * The check character for the first 17 characters.
     *
     * @throws IllegalArgumentException when {@code first17} is not 17 characters of the charset
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("need the first 17 characters of a credit code");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = CHARSET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character " + first17.charAt(i) + " is not allowed in a credit code");
            }
            sum += value * WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }
}
