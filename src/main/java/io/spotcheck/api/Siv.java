package io.spotcheck.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic authenticated encryption in the SIV construction (RFC 5297's shape, with
 * HMAC-SHA256 in place of CMAC): the synthetic IV is a MAC of the plaintext and serves both as the
 * AES-CTR counter block and as the authentication tag. Deterministic on purpose: the same position
 * or id always seals to the same short string (no random nonce to carry), and equality of two
 * tokens is all it reveals. Both keys are derived from one secret and a label, so cursors and ids
 * never share a key.
 */
final class Siv {

    static final int TAG = 16;

    private final byte[] macKey;
    private final SecretKeySpec encKey;
    private final ThreadLocal<Mac> mac;
    private final ThreadLocal<Cipher> ctr;

    Siv(String secret, String label) {
        byte[] root = secret.getBytes(StandardCharsets.UTF_8);
        this.macKey = derive(root, label + ":mac");
        this.encKey = new SecretKeySpec(Arrays.copyOf(derive(root, label + ":enc"), 16), "AES");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(macKey, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        this.ctr = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    byte[] seal(byte[] plain) {
        byte[] iv = Arrays.copyOf(mac.get().doFinal(plain), TAG);
        byte[] out = Arrays.copyOf(iv, TAG + plain.length);
        byte[] body = crypt(iv, plain, 0, plain.length);
        System.arraycopy(body, 0, out, TAG, body.length);
        return out;
    }

    /** The plaintext, or null when the token was not sealed with this key or was altered. */
    byte[] open(byte[] sealed) {
        if (sealed == null || sealed.length < TAG) {
            return null;
        }
        byte[] iv = Arrays.copyOf(sealed, TAG);
        byte[] plain = crypt(iv, sealed, TAG, sealed.length - TAG);
        byte[] expected = Arrays.copyOf(mac.get().doFinal(plain), TAG);
        return MessageDigest.isEqual(iv, expected) ? plain : null;
    }

    private byte[] crypt(byte[] iv, byte[] data, int offset, int length) {
        try {
            Cipher cipher = ctr.get();
            cipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
            return cipher.doFinal(data, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] derive(byte[] root, String label) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(root.length == 0 ? new byte[1] : root, "HmacSHA256"));
            return m.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
