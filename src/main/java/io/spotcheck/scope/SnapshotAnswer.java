package io.spotcheck.scope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an {@code _mget} answer of snapshot chunks straight from its bytes. A chunk's {@code lines}
 * string is most of the answer; a JSON parser would scan it a second time only to step over it after
 * {@link DrawMember#parseAllJsonString} has read it, so this walks the answer's structure itself and
 * continues after the string's closing quote. Every other value is stepped over by its JSON syntax,
 * and the few short ones wanted ({@code walk}, {@code persons}, {@code count}) are decoded by the
 * JSON parser over their own bytes, as are lines that are not plain ASCII. Values it does not use are
 * stepped over whatever they hold; an answer that is not well-formed JSON of that shape answers {@code null}.
 */
final class SnapshotAnswer {

    private final JsonFactory factory;
    private final DrawMember.Tails tails;
    private final byte[] b;
    private final int limit;
    private int pos;

    private SnapshotAnswer(JsonFactory factory, byte[] bytes, int length, DrawMember.Tails tails) {
        this.factory = factory;
        this.tails = tails;
        this.b = bytes;
        this.limit = length;
    }

    /**
     * The chunks of the answer {@code bytes[0, length)} in order, from {@code firstChunk} on; null if
     * the answer is not as expected. {@code tails}: the reader's (see {@link DrawMember.Tails}).
     */
    static List<ScopeStore.SnapshotChunk> read(JsonFactory factory, byte[] bytes, int length, int firstChunk, DrawMember.Tails tails) {
        try {
            return new SnapshotAnswer(factory, bytes, length, tails).chunks(firstChunk);
        } catch (Unexpected | IOException e) {
            return null;
        }
    }

    /** The answer is not of the expected form. */
    private static final class Unexpected extends Exception {
        Unexpected() {
            super(null, null, false, false);
        }
    }

    private List<ScopeStore.SnapshotChunk> chunks(int firstChunk) throws Unexpected, IOException {
        List<ScopeStore.SnapshotChunk> chunks = new ArrayList<>();
        expect('{');
        boolean sawDocs = false;
        if (!peekIs('}')) {
            do {
                String key = key();
                if ("docs".equals(key)) {
                    sawDocs = true;
                    expect('[');
                    if (!peekIs(']')) {
                        do {
                            chunks.add(doc(firstChunk + chunks.size()));
                        } while (commaOr(']'));
                    } else {
                        pos++;
                    }
                } else {
                    skipValue();
                }
            } while (commaOr('}'));
        } else {
            pos++;
        }
        ws();
        if (!sawDocs || pos != limit) {
            throw new Unexpected();
        }
        return chunks;
    }

    /** One document; null when not found. */
    private ScopeStore.SnapshotChunk doc(int chunk) throws Unexpected, IOException {
        expect('{');
        boolean found = false;
        String walk = null;
        String persons = null;
        int count = 0;
        List<DrawMember> members = List.of();
        if (peekIs('}')) {
            pos++;
            return null;
        }
        do {
            String key = key();
            if ("found".equals(key)) {
                ws();
                found = literal("true");
                if (!found && !literal("false")) {
                    throw new Unexpected();
                }
            } else if ("_source".equals(key)) {
                expect('{');
                if (peekIs('}')) {
                    pos++;
                    continue;
                }
                do {
                    String field = key();
                    ws();
                    if ("lines".equals(field) && at() == '"') {
                        int[] end = new int[1];
                        List<DrawMember> plain = DrawMember.parseAllJsonString(b, pos, limit, count, end, tails);
                        if (plain != null) {
                            members = plain;
                            pos = end[0] + 1;
                        } else {
                            int from = pos;
                            skipString();
                            members = DrawMember.parseAll(decodeString(from, pos));
                        }
                    } else if (("walk".equals(field) || "persons".equals(field)) && at() == '"') {
                        int from = pos;
                        skipString();
                        String value = decodeString(from, pos);
                        if ("walk".equals(field)) {
                            walk = value;
                        } else {
                            persons = value;
                        }
                    } else if ("count".equals(field) && (at() == '-' || (at() >= '0' && at() <= '9'))) {
                        int from = pos;
                        skipValue();
                        try {
                            // written before the lines: sizes their list
                            count = Math.max(0, Math.min(Integer.parseInt(new String(b, from, pos - from, java.nio.charset.StandardCharsets.ISO_8859_1)), 1_000_000));
                        } catch (NumberFormatException e) {
                            throw new Unexpected();
                        }
                    } else {
                        skipValue();
                    }
                } while (commaOr('}'));
            } else {
                skipValue();
            }
        } while (commaOr('}'));
        return found ? new ScopeStore.SnapshotChunk(chunk, walk, ScopeStore.withPersons(members, persons)) : null;
    }

    private String decodeString(int from, int to) throws IOException, Unexpected {
        try (JsonParser parser = factory.createParser(b, from, to - from)) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw new Unexpected();
            }
            return parser.getText();
        }
    }

    private byte at() throws Unexpected {
        if (pos >= limit) {
            throw new Unexpected();
        }
        return b[pos];
    }

    private void ws() {
        while (pos < limit && (b[pos] == ' ' || b[pos] == '\n' || b[pos] == '\r' || b[pos] == '\t')) {
            pos++;
        }
    }

    private void expect(char c) throws Unexpected {
        ws();
        if (at() != c) {
            throw new Unexpected();
        }
        pos++;
    }

    /** After whitespace, whether the next byte is {@code c} (not consumed). */
    private boolean peekIs(char c) throws Unexpected {
        ws();
        return at() == c;
    }

    /** A comma (true: more follows) or the closing {@code close} (false), consumed. */
    private boolean commaOr(char close) throws Unexpected {
        ws();
        byte c = at();
        pos++;
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        throw new Unexpected();
    }

    /** A member name and its colon; names with escapes are decoded. */
    private String key() throws Unexpected, IOException {
        ws();
        if (at() != '"') {
            throw new Unexpected();
        }
        int from = pos;
        skipString();
        boolean escaped = false;
        for (int i = from + 1; i < pos - 1 && !escaped; i++) {
            escaped = b[i] == '\\';
        }
        String key = escaped ? decodeString(from, pos) : new String(b, from + 1, pos - from - 2, java.nio.charset.StandardCharsets.UTF_8);
        expect(':');
        return key;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > limit) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** Steps over a string, {@code pos} on its opening quote, to just after its closing quote. */
    private void skipString() throws Unexpected {
        pos++;
        while (pos < limit) {
            byte c = b[pos++];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                pos++;
            }
        }
        throw new Unexpected();
    }

    private void skipValue() throws Unexpected {
        ws();
        byte c = at();
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            while (pos < limit) {
                c = b[pos];
                if (c == '"') {
                    skipString();
                    continue;
                }
                pos++;
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return;
                    }
                }
            }
            throw new Unexpected();
        } else {
            // a number or a literal: up to the next structural byte or whitespace
            int from = pos;
            while (pos < limit && b[pos] != ',' && b[pos] != '}' && b[pos] != ']' && b[pos] != ' ' && b[pos] != '\n'
                    && b[pos] != '\r' && b[pos] != '\t') {
                pos++;
            }
            if (pos == from) {
                throw new Unexpected();
            }
        }
    }
}
