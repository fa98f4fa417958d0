package io.spotcheck.draw;

/**
 * The published seed: {@code hex(SHA-256(UTF-8(taskId + "\n" + scopeDigest + "\n" + publicValue)))}.
 * The public value (a lottery number, a future block hash, a notary's entry) did not exist when
 * the scope was frozen, so nobody could have chosen the scope to suit the sample.
 */
public final class DrawSeed {

    private DrawSeed() {}

    public static String derive(String taskId, String scopeDigestHex, String publicValue) {
        if (publicValue == null || publicValue.isBlank()) {
            throw new IllegalArgumentException("a public value is required");
        }
        return Sha256.hexOf(taskId + "\n" + scopeDigestHex + "\n" + publicValue);
    }
}
