package io.spotcheck.draw;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;

/**
 * Digest and per-stratum sizes of a scope, fed its members in ascending code order:
 * SHA-256 over {@code code + "\n"} of every member, in order. Refuses out-of-order or repeated codes,
 * so a digest always stands for one exact set.
 */
public final class ScopeDigest {

    private final MessageDigest digest = Sha256.newDigest();
    private final Map<String, Long> strata = new TreeMap<>();
    private String last;
    private long count;

    public void add(DrawMember member) {
        add(member.code());
        strata.merge(member.stratum(), 1L, Long::sum);
    }

    public void add(String code) {
        if (last != null && last.compareTo(code) >= 0) {
            throw new IllegalArgumentException("codes not strictly ascending at " + code + " after " + last);
        }
        last = code;
        count++;
        digest.update((code + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public long count() {
        return count;
    }

    public Map<String, Long> strata() {
        return strata;
    }

    /** Finishes the digest; call once. */
    public String hex() {
        return Sha256.hex(digest.digest());
    }
}
