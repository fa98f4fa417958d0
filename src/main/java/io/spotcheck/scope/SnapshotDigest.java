package io.spotcheck.scope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version 2 scope digest: SHA-256 over the exact snapshot bytes — every member's line
 * {@code key TAB stratum TAB region TAB status TAB kind} followed by LF, keys strictly ascending
 * in UTF-8 byte order — so it commits every field the draw reads. Refuses out-of-order or repeated
 * keys and fields holding a TAB or LF, so a digest always stands for one exact snapshot. Also
 * counts the bytes and the members per stratum.
 */
public final class SnapshotDigest {

    private final MessageDigest digest = Sha256.newDigest();
    private final Map<String, Long> strata = new TreeMap<>();
    private String last;
    private long count;
    private long bytes;

    public void add(DrawMember m) {
        if (last != null && Utf8.compare(last, m.code()) >= 0) {
            throw new IllegalArgumentException("keys not strictly ascending at " + m.code() + " after " + last);
        }
        String line = m.toLine();
        if (line.indexOf('\n') >= 0 || line.chars().filter(c -> c == '\t').count() != 4 || m.code().isEmpty()) {
            throw new IllegalArgumentException("a snapshot field is empty or holds a TAB or LF: " + m.code());
        }
        last = m.code();
        count++;
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        bytes += b.length;
        digest.update(b);
        strata.merge(m.stratum(), 1L, Long::sum);
    }

    public long count() {
        return count;
    }

    /** Bytes hashed so far: the size of the snapshot file. */
    public long bytes() {
        return bytes;
    }

    public Map<String, Long> strata() {
        return strata;
    }

    /** Finishes the digest; call once. */
    public String hex() {
        return Sha256.hex(digest.digest());
    }
}
