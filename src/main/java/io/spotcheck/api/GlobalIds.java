package io.spotcheck.api;

import io.spotcheck.system.SpotcheckException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Relay global ids: opaque, unique across types, stable for an entity whoever reads it.
 *
 * <p>The plain form is base64url("Type:localId"). Where a local id can hold a natural person's
 * ID number (a result or an assignment names its subject), the sealed form is used instead:
 * base64url("Type!" + the local id encrypted deterministically, {@link Siv}), so the id is the same
 * for every caller and reveals nothing a masked caller may not see. Subjects use their public member
 * key, which is never derived from an ID number. Only the secret seals, so a sealed id cannot be made
 * by hand; which form a type's ids take is its loader's ({@code NodeLoader.sealed}), and an id in the
 * other form names nothing (the node package checks that).
 */
@Component
public final class GlobalIds {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_ID = 1024;

    /** A decoded global id; {@code sealed} tells which of the two forms it came in. */
    public record Id(String type, String localId, boolean sealed) {}

    private final Siv siv;

    public GlobalIds(@Value("${spotcheck.security.cursor-secret}") String secret) {
        this.siv = new Siv(secret, "global-id");
    }

    public String encode(String type, String localId, boolean sealed) {
        if (!sealed) {
            return B64.encodeToString((type + ":" + localId).getBytes(StandardCharsets.UTF_8));
        }
        byte[] head = (type + "!").getBytes(StandardCharsets.US_ASCII);
        byte[] body = siv.seal(localId.getBytes(StandardCharsets.UTF_8));
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return B64.encodeToString(all);
    }

    /** The type and local id {@code id} names; BAD_USER_INPUT when it is not a global id of this server. */
    public Id decode(String id) {
        Id decoded = tryDecode(id);
        if (decoded == null) {
            throw SpotcheckException.badInput("id", "not a global id of this API; take ids from the `id` field of a node");
        }
        return decoded;
    }

    /** The type and local id, or null when {@code id} is not a global id (e.g. a local id passed as it always was). */
    public Id tryDecode(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = B64D.decode(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int i = 0;
        while (i < bytes.length && i < 40 && isTypeChar(bytes[i])) {
            i++;
        }
        if (i == 0 || i >= bytes.length || !Character.isUpperCase(bytes[0])) {
            return null;
        }
        String type = new String(bytes, 0, i, StandardCharsets.US_ASCII);
        if (bytes[i] == ':') {
            String local = new String(bytes, i + 1, bytes.length - i - 1, StandardCharsets.UTF_8);
            // Only the canonical encoding of this text counts, so a local id that happens to be valid base64 is left alone.
            return local.isEmpty() || !encode(type, local, false).equals(id) ? null : new Id(type, local, false);
        }
        if (bytes[i] == '!') {
            byte[] plain = siv.open(Arrays.copyOfRange(bytes, i + 1, bytes.length));
            return plain == null ? null : new Id(type, new String(plain, StandardCharsets.UTF_8), true);
        }
        return null;
    }

    private static boolean isTypeChar(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }
}
