package io.spotcheck.draw;

import io.spotcheck.scope.Sha256;

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

    /**
     * Version 2: {@code hex(SHA-256(UTF-8(taskId LF scopeDigest LF scopeFrozenAt LF source LF revealAt LF committedAt LF publicValue)))}
     * — the commitment and the freeze time are bound into the seed.
     */
    public static String deriveV2(String taskId, String scopeDigestHex, String scopeFrozenAt, SeedCommitment commitment, String publicValue) {
        if (publicValue == null || publicValue.isBlank()) {
            throw new IllegalArgumentException("a public value is required");
        }
        return Sha256.hexOf(taskId + "\n" + scopeDigestHex + "\n" + scopeFrozenAt + "\n" + commitment.source() + "\n"
                + commitment.revealAt() + "\n" + commitment.committedAt() + "\n" + publicValue);
    }
}
