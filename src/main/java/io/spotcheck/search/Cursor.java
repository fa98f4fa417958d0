package io.spotcheck.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A position in a sorted result: the {@code search_after} values of the last hit, the
 * point-in-time it was read from, and a fingerprint of the query, so a cursor cannot be replayed
 * against another filter. Cursors are signed: a client can hold them, not forge or edit them.
 *
 * @param pit point-in-time id, or null when the walk has none
 * @param after sort values of the last hit returned
 * @param query fingerprint of the query and sort the cursor belongs to
 */
public record Cursor(String pit, List<Object> after, String query) {

    /** Knows java.time: filters that define an order may hold dates (e.g. inspectors' certificateOn). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public String encode(byte[] key) {
        try {
            byte[] payload = JSON.writeValueAsBytes(Map.of("p", pit == null ? "" : pit, "a", after, "q", query));
            return B64.encodeToString(payload) + "." + B64.encodeToString(sign(key, payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Cursor decode(String token, byte[] key, String expectedQuery) {
        if (token == null || token.length() > 8192) {
            throw invalid();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw invalid();
        }
        try {
            byte[] payload = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(key, payload))) {
                throw invalid();
            }
            Map<String, Object> map = JSON.readValue(payload, new TypeReference<>() {});
            String pit = (String) map.get("p");
            @SuppressWarnings("unchecked")
            List<Object> after = (List<Object>) map.get("a");
            String query = (String) map.get("q");
            if (!expectedQuery.equals(query)) {
                throw new SpotcheckException(ErrorCode.INVALID_CURSOR,
                        "this cursor belongs to another query; start again without 'after'");
            }
            return new Cursor(pit == null || pit.isEmpty() ? null : pit, after, query);
        } catch (IllegalArgumentException | java.io.IOException | ClassCastException e) {
            throw invalid();
        }
    }

    /** A short, stable fingerprint of whatever defines a result order (filter, sort, index). */
    public static String fingerprint(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(JSON.writeValueAsBytes(part));
                sha.update((byte) 0);
            }
            return B64.encodeToString(Arrays.copyOf(sha.digest(), 12));
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One MAC per thread, initialised again only when another key comes (doFinal resets it for the next use). */
    private static final ThreadLocal<KeyedMac> MAC = new ThreadLocal<>();

    private record KeyedMac(byte[] key, Mac mac) {}

    private static byte[] sign(byte[] key, byte[] payload) {
        try {
            KeyedMac current = MAC.get();
            if (current == null || !Arrays.equals(current.key(), key)) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                current = new KeyedMac(key.clone(), mac);
                MAC.set(current);
            }
            return Arrays.copyOf(current.mac().doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SpotcheckException invalid() {
        return new SpotcheckException(ErrorCode.INVALID_CURSOR, "the cursor is not valid; start again without 'after'");
    }

    public static byte[] keyFrom(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
