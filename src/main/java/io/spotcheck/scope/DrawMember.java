package io.spotcheck.scope;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scope member as the frozen snapshot keeps it: one line
 * {@code code TAB stratum TAB region TAB status TAB kind}. Only these fields take part in a draw,
 * so a verifier needs nothing but the snapshot. In a version 2 snapshot {@code code} is the
 * member's public key (docs/DRAW-ALGORITHM.md), and {@code subject} — known to the server only,
 * never part of a line — the subject's code behind it; null where it is the key itself or unknown.
 */
public record DrawMember(String code, String stratum, String region, String status, String kind, String subject) {

    public static final String UNRATED = "UNRATED";

    public DrawMember(String code, String stratum, String region, String status, String kind) {
        this(code, stratum, region, status, kind, null);
    }

    /** The same member with the subject code behind its key. */
    public DrawMember withSubject(String subjectCode) {
        return new DrawMember(code, stratum, region, status, kind, subjectCode);
    }

    /** The subject's code: {@link #subject} where known, else the key. */
    public String subjectCode() {
        return subject != null ? subject : code;
    }

    public DrawMember {
        stratum = stratum == null || stratum.isBlank() ? UNRATED : stratum;
        region = region == null ? "" : region;
        status = status == null ? "" : status;
        kind = kind == null ? "" : kind;
    }

    public String toLine() {
        return code + '\t' + stratum + '\t' + region + '\t' + status + '\t' + kind;
    }

    /** Parses a snapshot line; a draw parses a million of them, so by index rather than a regex split. */
    public static DrawMember parse(String line) {
        int a = line.indexOf('\t');
        int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
        int c = b < 0 ? -1 : line.indexOf('\t', b + 1);
        int d = c < 0 ? -1 : line.indexOf('\t', c + 1);
        if (a <= 0 || d < 0 || line.indexOf('\t', d + 1) >= 0) {
            throw new IllegalArgumentException("malformed snapshot line: " + line);
        }
        return new DrawMember(line.substring(0, a), line.substring(a + 1, b), line.substring(b + 1, c), line.substring(c + 1, d),
                line.substring(d + 1));
    }

    /**
     * Every line of a snapshot chunk ({@code line LF line …}), in order. Reads by index with no
     * string per line, and shares one string per distinct class, region, status and kind within the
     * chunk: a draw parses a million lines, and their garbage used to cost more than their parsing.
     */
    public static List<DrawMember> parseAll(String text) {
        List<DrawMember> members = new ArrayList<>(text.length() / 48 + 1);
        Map<String, String> shared = new HashMap<>();
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = n;
            }
            if (end > pos) {
                members.add(parse(text, pos, end, shared));
            }
            pos = end + 1;
        }
        return members;
    }

    /**
     * The lines of a JSON string read straight from the bytes of an answer: {@code at} is the opening
     * quote. Fields split at the two bytes {@code \t}, lines at {@code \n}. A snapshot is all ASCII with
     * those two escapes; anything else (another escape, a byte above 127) answers {@code null} and the
     * caller decodes the string as JSON instead. Decoding a chunk's long JSON string into chars, then a
     * string, then parsing that cost more than ranking the lines it holds.
     */
    public static List<DrawMember> parseAllJsonString(byte[] json, int at) {
        return parseAllJsonString(json, at, json.length, 0, null, new Tails());
    }

    /**
     * As {@link #parseAllJsonString(byte[], int)} over {@code json[0, length)}; {@code expected} (0 =
     * unknown) sizes the list, which otherwise grows as it fills. When the lines are read, {@code end[0]}
     * (if given) is set to the index of the string's closing quote, so a caller walking the answer
     * goes on from there instead of scanning the string again. A line's last four fields (class,
     * region, status, kind) repeat across a chunk in a few hundred combinations: they are looked up
     * once per line by their bytes in {@code tails}, which a reader keeps from chunk to chunk.
     */
    static List<DrawMember> parseAllJsonString(byte[] json, int at, int length, int expected, int[] end, Tails tails) {
        if (at < 0 || at >= length || json[at] != '"') {
            return null;
        }
        List<DrawMember> members = new ArrayList<>(expected > 0 ? expected : 1_024);
        tails.trim();
        int codeStart = at + 1;
        int codeEnd = -1;
        int tailStart = -1;
        int field = 0;
        int i = codeStart;
        while (i < length) {
            // eight bytes at a time up to the next byte that is not plain text
            while (i + 8 <= length) {
                long special = special((long) LONGS.get(json, i));
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= length) {
                break;
            }
            byte b = json[i];
            if (b == '"') {
                if (field != 0 || i != codeStart) {
                    if (field != 4) {
                        return null;
                    }
                    DrawMember last = member(json, codeStart, codeEnd, tails.get(json, tailStart, i));
                    if (last == null) {
                        return null;
                    }
                    members.add(last);
                }
                if (end != null) {
                    end[0] = i;
                }
                return members;
            }
            if (b != '\\') {
                if (b < 0x20) {
                    // a control byte, or (negative) one above 127
                    return null;
                }
                i++;
                continue;
            }
            if (i + 1 >= length) {
                return null;
            }
            byte escaped = json[i + 1];
            if (escaped == 't') {
                if (field == 4) {
                    return null;
                }
                if (field == 0) {
                    codeEnd = i;
                    tailStart = i + 2;
                }
                field++;
            } else if (escaped == 'n') {
                if (field != 4) {
                    if (field == 0 && i == codeStart) {
                        codeStart = i + 2;
                        i += 2;
                        continue;
                    }
                    return null;
                }
                DrawMember member = member(json, codeStart, codeEnd, tails.get(json, tailStart, i));
                if (member == null) {
                    return null;
                }
                members.add(member);
                field = 0;
                codeStart = i + 2;
            } else {
                return null;
            }
            i += 2;
        }
        return null;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
            java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Bytes of {@code word} (little-endian) that end plain text — a quote, a backslash, a control byte
     * or one above 127 — as their high bits; only the lowest one set is exact (borrows may mark bytes
     * above it), which is all the scan uses.
     */
    private static long special(long word) {
        long quote = word ^ (ONES * '"');
        long backslash = word ^ (ONES * '\\');
        return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (word - ONES * 0x20) & ~word | word) & HIGHS;
    }

    private static DrawMember member(byte[] json, int codeStart, int codeEnd, String[] tail) {
        if (codeEnd <= codeStart) {
            return null;
        }
        return new DrawMember(new String(json, codeStart, codeEnd - codeStart, java.nio.charset.StandardCharsets.ISO_8859_1),
                tail[0], tail[1], tail[2], tail[3]);
    }

    /**
     * A line's class, region, status and kind by the bytes they take in the answer (the three
     * {@code \t} escapes between them included), each distinct run of bytes split once into four
     * strings shared by every line that has it; equal values of different runs share one string too.
     * Used by one thread at a time; it forgets what it holds when it grows past {@link #MAX} runs, so
     * a reader keeping one stays small whatever it reads.
     */
    static final class Tails {
        static final int MAX = 1 << 14;

        /** Starts afresh once it holds more than {@link #MAX} runs. */
        void trim() {
            if (size > MAX) {
                keys = new byte[256][];
                hashes = new int[256];
                values = new String[256][];
                size = 0;
                shared = new SharedValues();
            }
        }

        private byte[][] keys = new byte[256][];
        private int[] hashes = new int[256];
        private String[][] values = new String[256][];
        private int size;
        private SharedValues shared = new SharedValues();

        String[] get(byte[] bytes, int from, int to) {
            int hash = hash(bytes, from, to);
            int mask = keys.length - 1;
            int slot = SharedValues.slot(hash, mask);
            for (byte[] key = keys[slot]; key != null; key = keys[slot]) {
                if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, bytes, from, to)) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            String[] value = new String[4];
            int start = from;
            int n = 0;
            for (int i = from; i < to; i++) {
                if (bytes[i] == '\\') {
                    value[n++] = shared.get(bytes, start, i);
                    start = i + 2;
                    i++;
                }
            }
            value[n] = shared.get(bytes, start, to);
            keys[slot] = Arrays.copyOfRange(bytes, from, to);
            hashes[slot] = hash;
            values[slot] = value;
            if (++size * 2 > keys.length) {
                grow();
            }
            return value;
        }

        /** A hash of the bytes, eight at a time. */
        private static int hash(byte[] bytes, int from, int to) {
            long h = 0;
            int i = from;
            for (; i + 8 <= to; i += 8) {
                h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
            }
            for (; i < to; i++) {
                h = (h ^ bytes[i]) * 0x9E3779B97F4A7C15L;
            }
            return (int) (h ^ (h >>> 32));
        }

        private void grow() {
            byte[][] oldKeys = keys;
            int[] oldHashes = hashes;
            String[][] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            hashes = new int[oldKeys.length * 2];
            values = new String[oldKeys.length * 2][];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    int slot = SharedValues.slot(oldHashes[i], mask);
                    while (keys[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    hashes[slot] = oldHashes[i];
                    values[slot] = oldValues[i];
                }
            }
        }
    }

    /**
     * One string per distinct ASCII value of a chunk's class, region, status and kind, found by its
     * bytes: a chunk has a few dozen such values over thousands of lines, and building a string per
     * field only to look up the one already kept was most of what parsing allocated.
     */
    static final class SharedValues {
        private byte[][] keys = new byte[64][];
        private String[] values = new String[64];
        private int size;

        String get(byte[] bytes, int from, int to) {
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            int mask = keys.length - 1;
            int slot = slot(hash, mask);
            for (byte[] key = keys[slot]; key != null; key = keys[slot]) {
                if (Arrays.equals(key, 0, key.length, bytes, from, to)) {
                    return values[slot];
                }
                slot = (slot + 1) & mask;
            }
            byte[] key = Arrays.copyOfRange(bytes, from, to);
            String value = new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
            keys[slot] = key;
            values[slot] = value;
            if (++size * 4 > keys.length) {
                grow();
            }
            return value;
        }

        /**
         * Values such as 330109001, 330109002 … hash to consecutive numbers, which would fill
         * neighbouring slots and make long runs to probe: the hash is spread first (Fibonacci hashing).
         */
        static int slot(int hash, int mask) {
            return ((hash * 0x9E3779B9) >>> 16) & mask;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            String[] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            values = new String[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                byte[] key = oldKeys[i];
                if (key != null) {
                    int hash = 0;
                    for (byte b : key) {
                        hash = 31 * hash + b;
                    }
                    int slot = slot(hash, mask);
                    while (keys[slot] != null) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = key;
                    values[slot] = oldValues[i];
                }
            }
        }
    }

    private static DrawMember parse(String text, int from, int to, Map<String, String> shared) {
        int a = text.indexOf('\t', from);
        int b = a < 0 || a >= to ? -1 : text.indexOf('\t', a + 1);
        int c = b < 0 || b >= to ? -1 : text.indexOf('\t', b + 1);
        int d = c < 0 || c >= to ? -1 : text.indexOf('\t', c + 1);
        if (a <= from || a >= to || d < 0 || d >= to) {
            throw new IllegalArgumentException("malformed snapshot line: " + text.substring(from, to));
        }
        int extra = text.indexOf('\t', d + 1);
        if (extra >= 0 && extra < to) {
            throw new IllegalArgumentException("malformed snapshot line: " + text.substring(from, to));
        }
        return new DrawMember(text.substring(from, a), share(text, a + 1, b, shared), share(text, b + 1, c, shared),
                share(text, c + 1, d, shared), share(text, d + 1, to, shared));
    }

    private static String share(String text, int from, int to, Map<String, String> shared) {
        String value = text.substring(from, to);
        String known = shared.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    @JsonIgnore
    public boolean isNaturalPerson() {
        return "NATURAL_PERSON".equals(kind);
    }
}
