package io.spotcheck.persistence;

/**
 * JSON string contents written straight as UTF-8 bytes, escaped as Jackson escapes them: quote,
 * backslash and control characters (the usual short forms, else a six-character hexadecimal escape); everything else as
 * it is. A draw record's lines are megabytes of text with a tab or line end every few characters,
 * and handing them to a JSON generator through a {@link java.io.Reader} took its slow path on each.
 */
public final class JsonEscape {

    private JsonEscape() {}

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** {@code text} as a JSON string, quotes included. */
    public static void quoted(CharSequence text, PiecedBody out) {
        out.write('"');
        escaped(text, 0, text.length(), out);
        out.write('"');
    }

    /** The characters {@code text[from, to)} escaped for a JSON string, without quotes. */
    public static void escaped(CharSequence text, int from, int to, PiecedBody out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out.write(c);
                    continue;
                }
                out.write('\\');
                switch (c) {
                    case '"' -> out.write('"');
                    case '\\' -> out.write('\\');
                    case '\n' -> out.write('n');
                    case '\t' -> out.write('t');
                    case '\r' -> out.write('r');
                    case '\b' -> out.write('b');
                    case '\f' -> out.write('f');
                    default -> {
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX[c >> 4]);
                        out.write(HEX[c & 0xF]);
                    }
                }
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // a lone surrogate has no UTF-8 form: written as its escape, which JSON allows
                out.write('\\');
                out.write('u');
                out.write(HEX[c >> 12]);
                out.write(HEX[(c >> 8) & 0xF]);
                out.write(HEX[(c >> 4) & 0xF]);
                out.write(HEX[c & 0xF]);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
    }
}
