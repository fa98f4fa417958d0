package io.spotcheck.subject;

import java.util.regex.Pattern;

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z), the last being a check character over the first 17.
 *
 * <p>Layout: registration authority (1), organisation type (1), administrative division (6),
 * organisation code of GB 11714 (9, itself ending in a check character), check (1).
 */
public final class CreditCode {

    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final Pattern SHAPE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private CreditCode() {}

    /** True when {@code code} has the shape of a credit code and its check character is right. */
    public static boolean isValid(String code) {
        return code != null && SHAPE.matcher(code).matches() && checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }

    /** The GB 32100 check character for the first 17 characters: (31 − Σ value·weight mod 31) mod 31. */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("a credit code's body has 17 characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = CHARSET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not a credit-code character");
            }
            sum += value * WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }

    /**
     * The GB 11714 check character of an 8-character organisation code body (digits and capital
     * letters, A = 10 … Z = 35): 11 − (Σ value·weight mod 11), 10 written X and 11 written 0.
     */
    public static char organisationCheck(String first8) {
        if (first8 == null || first8.length() != 8) {
            throw new IllegalArgumentException("an organisation code's body has 8 characters");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = first8.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            sum += value * ORG_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    /** Appends the check character: a valid code from its 17-character body. */
    public static String complete(String first17) {
        return first17 + checkCharacter(first17);
    }
}
