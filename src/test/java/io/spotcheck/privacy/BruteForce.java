package io.spotcheck.privacy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an outsider does with public text and a masked ID number {@code 330109********742X}: tries
 * every birth date for the hidden digits (1920–2025, check character consistent with the visible
 * part) and every way a public value could be derived from a candidate, and looks each value up in
 * everything public. A value found links the masked person to its ID number.
 */
final class BruteForce {

    /** A link found: which derivation, for which masked person, and where the public read it. */
    record Link(String vector, String masked, String candidate, String source) {
        @Override
        public String toString() {
            return vector + " links " + masked + " to " + candidate + " (read at " + source + ")";
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/=_-]{8,}");
    /** A public seed: any 64-hex value of a field whose name ends in "seed" (the draw's, an inspector draw's, an amendment's). */
    private static final Pattern SEED = Pattern.compile("\"[A-Za-z]*(?:seed|Seed)\"\\s*:\\s*\"([0-9a-fA-F]{64})\"");
    private static final Pattern MASKED = Pattern.compile("(?<![0-9])([0-9]{6})\\*{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");
    private static final int[] W = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    /** Lower-cased token → where it was read. */
    private final Map<String, String> tokens = new HashMap<>();
    private final Set<String> seeds = new LinkedHashSet<>();
    private final Map<String, String> sources;
    private final List<Function<String, Map<String, String>>> extraVectors = new ArrayList<>();

    BruteForce(Map<String, String> sources) {
        this.sources = sources;
        sources.forEach((where, text) -> {
            index(text, where);
            Matcher m = SEED.matcher(text);
            while (m.find()) {
                seeds.add(m.group(1).toLowerCase());
            }
        });
    }

    /** Adds a derivation (name → value) computed from each candidate, e.g. a documented seed formula with public inputs. */
    BruteForce withVector(Function<String, Map<String, String>> vector) {
        extraVectors.add(vector);
        return this;
    }

    /** Every public seed: each is tried as the seed of a rank. */
    Set<String> seeds() {
        return seeds;
    }

    /** Masked resident IDs that appear anywhere public. */
    Set<String> maskedIds() {
        Set<String> out = new LinkedHashSet<>();
        sources.values().forEach(text -> {
            Matcher m = MASKED.matcher(text);
            while (m.find()) {
                out.add(m.group().toUpperCase());
            }
        });
        return out;
    }

    /** Tokens of the text, and of whatever a token decodes to as base64 (cursors, ids, opaque strings). */
    private void index(String text, String where) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String t = m.group();
            tokens.putIfAbsent(t.toLowerCase(), where);
            for (String part : t.split("[.=]")) {
                for (Base64.Decoder d : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
                    String decoded = decode(d, part);
                    if (decoded != null) {
                        Matcher inner = TOKEN.matcher(decoded);
                        while (inner.find()) {
                            tokens.putIfAbsent(inner.group().toLowerCase(), where + " (base64-decoded)");
                        }
                    }
                }
            }
        }
    }

    private static String decode(Base64.Decoder decoder, String s) {
        if (s.length() < 12) {
            return null;
        }
        try {
            byte[] bytes = decoder.decode(s);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    /** Candidates for a masked 18-character ID: every birth date 1920–2025 whose check character matches. */
    static List<String> candidates(String masked) {
        String head = masked.substring(0, 6);
        String tail = masked.substring(14);
        List<String> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(1920, 1, 1); d.isBefore(LocalDate.of(2026, 1, 1)); d = d.plusDays(1)) {
            String body = head + String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()) + tail.substring(0, 3);
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (body.charAt(i) - '0') * W[i];
            }
            if ("10X98765432".charAt(sum % 11) == Character.toUpperCase(tail.charAt(3))) {
                out.add(body + tail.charAt(3));
            }
        }
        return out;
    }

    /** Tries every candidate of every masked ID; returns the links found (at most a few per vector). */
    List<Link> run(Set<String> masked) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        HexFormat hex = HexFormat.of();
        List<Link> links = new ArrayList<>();
        Map<String, Integer> perVector = new HashMap<>();
        for (String m : masked) {
            for (String c : candidates(m)) {
                Map<String, String> values = new LinkedHashMap<>();
                byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
                values.put("the ID number itself", c);
                byte[] h256 = sha256.digest(bytes);
                values.put("SHA-256(ID) hex", hex.formatHex(h256));
                values.put("SHA-1(ID) hex", hex.formatHex(sha1.digest(bytes)));
                values.put("MD5(ID) hex", hex.formatHex(md5.digest(bytes)));
                values.put("base64(ID)", Base64.getEncoder().withoutPadding().encodeToString(bytes));
                values.put("base64url(ID)", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                values.put("base64(SHA-256(ID))", Base64.getEncoder().withoutPadding().encodeToString(h256));
                values.put("base64url(SHA-256(ID))", Base64.getUrlEncoder().withoutPadding().encodeToString(h256));
                for (String seed : seeds) {
                    values.put("draw rank SHA-256(seed \":\" ID), seed " + seed.substring(0, 12) + "…",
                            hex.formatHex(sha256.digest((seed + ":" + c).getBytes(StandardCharsets.UTF_8))));
                    values.put("SHA-256(seed ID), seed " + seed.substring(0, 12) + "…",
                            hex.formatHex(sha256.digest((seed + c).getBytes(StandardCharsets.UTF_8))));
                }
                for (Function<String, Map<String, String>> v : extraVectors) {
                    values.putAll(v.apply(c));
                }
                for (Map.Entry<String, String> e : values.entrySet()) {
                    String source = tokens.get(e.getValue().toLowerCase());
                    if (source == null) {
                        String trimmed = e.getValue().replaceAll("=+$", "").toLowerCase();
                        source = tokens.get(trimmed);
                    }
                    if (source != null && perVector.merge(e.getKey(), 1, Integer::sum) <= 3) {
                        links.add(new Link(e.getKey(), m, c, source.length() > 160 ? source.substring(0, 160) + "…" : source));
                    }
                }
            }
        }
        return links;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
