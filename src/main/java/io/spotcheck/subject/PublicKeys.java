package io.spotcheck.subject;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Public member keys (docs/DRAW-ALGORITHM.md §1): organisations and attached objects are named in
 * public draw artefacts by their code; a natural person by "NP" and 32 lowercase hex digits from
 * {@link SecureRandom} (128 bits), drawn once when the person enters the directory and kept through
 * every later write. The key is random, not derived from the ID number, so nothing public links it
 * back to the person.
 */
public final class PublicKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PublicKeys() {}

    public static String newPersonKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "NP" + HexFormat.of().formatHex(bytes);
    }

    public static boolean isPersonKey(String key) {
        return key != null && key.matches("NP[0-9a-f]{32}");
    }

    /** The key of a subject written now: the code for other kinds, a person's stored key, else a new one. */
    public static String keep(Subject existing, String kind, String code) {
        if (!"NATURAL_PERSON".equals(kind)) {
            return code;
        }
        if (existing != null && isPersonKey(existing.publicKey())) {
            return existing.publicKey();
        }
        return newPersonKey();
    }

    /** The subject with a key if it has none (generated and seeded subjects). */
    public static Subject withKey(Subject s) {
        return s.publicKey() != null ? s : s.withPublicKey(keep(null, s.kind(), s.code()));
    }
}
