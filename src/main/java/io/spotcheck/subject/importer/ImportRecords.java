package io.spotcheck.subject.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.spotcheck.subject.write.FieldError;
import io.spotcheck.subject.write.SubjectInput;
import io.spotcheck.system.Utf8Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads an import body one record at a time, never the whole body: NDJSON line by line, CSV through
 * Jackson's CSV module with a header row. A record that cannot be read becomes a {@link Line} with
 * errors and reading goes on with the next one.
 *
 * <p>CSV columns are the field names of {@link SubjectInput}; list fields ({@code formerNames},
 * {@code lists}, {@code licences}, {@code risk.departments}) hold values separated by {@code |}, and
 * the risk classes are the columns {@code risk.comprehensive}, {@code risk.publicCredit},
 * {@code risk.departments}, {@code risk.asOf}.
 */
public final class ImportRecords {

    /** Longest NDJSON line read; longer lines are skipped and reported, so one line cannot exhaust memory. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    static final Set<String> STRING_FIELDS = Set.of("code", "kind", "type", "name", "legalRepresentative", "address", "ownerCode",
            "registrationAuthority", "regionCode", "supervisingUnit", "industryCode", "status");
    static final Set<String> LIST_FIELDS = Set.of("formerNames", "lists", "licences");
    static final Set<String> OTHER_FIELDS = Set.of("establishedOn", "registeredCapital", "risk");
    static final Set<String> RISK_FIELDS = Set.of("comprehensive", "publicCredit", "departments", "asOf");

    private ImportRecords() {}

    /**
     * A record as read from the body, parsed only when {@link #parse()} is called: the import cuts
     * NDJSON lines on the request thread and parses them on another (SubjectImporter), so reading
     * and parsing run side by side. Parsing touches nothing but the record's own bytes.
     */
    public interface Record {
        /** The record parsed, or null when it is blank (counted in line numbers, but no record). */
        Line parse();
    }

    /** One record of the body: its line number, and the input or why it could not be read. */
    public record Line(long number, SubjectInput input, List<FieldError> errors) implements Record {
        public String code() {
            return input == null ? null : input.code();
        }

        @Override
        public Line parse() {
            return this;
        }
    }

    /** An NDJSON line cut from the body, not yet parsed: its own copy of the line's bytes. */
    private record JsonLine(long number, byte[] bytes, ObjectMapper json) implements Record {
        @Override
        public Line parse() {
            return parseJsonLine(number, bytes, bytes.length, json);
        }
    }

    // ------------------------------------------------------------------ NDJSON

    /**
     * NDJSON line by line. A broken JSON line must not end the import, and a streaming JSON parser
     * cannot resynchronise at the next newline after a syntax error, so each line is parsed on its
     * own (blank lines are skipped but counted). Lines are cut from the raw bytes and handed to
     * Jackson as bytes: decoding the body to characters first (a reader chain, then a String per line)
     * would copy every byte twice before Jackson reads it. A line whose bytes are not well-formed UTF-8
     * (checked first: Jackson decodes some ill-formed sequences) is decoded with U+FFFD in their place and
     * refused as INVALID_TEXT on each field holding one; broken JSON is parsed again from text for the message.
     * The lines are cut here but not parsed: each record holds a copy of its line's bytes and parses
     * them when asked (the import parses on its checker threads). A line longer than the limit is a
     * {@link Line} with its error already.
     */
    public static Iterator<Record> ndjsonRecords(InputStream body, ObjectMapper json) {
        return new Iterator<>() {
            long number;
            Record next;
            final byte[] buffer = new byte[64 * 1024];
            // One line; grows up to the longest line allowed (4 bytes a character at most).
            byte[] line = new byte[4 * 1024];
            int position;
            int limit;
            boolean eof;
            boolean atStart = true;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    int length = 0;
                    boolean tooLong = false;
                    boolean newline = false;
                    try {
                        while (!newline) {
                            if (position == limit && !fill()) {
                                break;
                            }
                            int end = position;
                            while (end < limit && buffer[end] != '\n') {
                                end++;
                            }
                            if (!tooLong) {
                                // A line has no more UTF-16 characters than UTF-8 bytes: only a line that long is counted.
                                if (length + (end - position) > MAX_LINE_CHARS
                                        && utf16Length(line, 0, length) + utf16Length(buffer, position, end) > MAX_LINE_CHARS) {
                                    tooLong = true;
                                } else {
                                    length = append(length, end);
                                }
                            }
                            if (end < limit) {
                                newline = true;
                                end++;
                            }
                            position = end;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (!newline && length == 0 && !tooLong) {
                        return false;
                    }
                    number++;
                    if (tooLong) {
                        next = new Line(number, null, List.of(FieldError.of("LINE_TOO_LONG",
                                "the line is longer than " + MAX_LINE_CHARS + " characters")));
                    } else if (!asciiBlank(line, length)) {
                        next = new JsonLine(number, java.util.Arrays.copyOf(line, length), json);
                    }
                }
                return true;
            }

            private boolean fill() throws IOException {
                if (eof) {
                    return false;
                }
                int n = body.read(buffer, 0, buffer.length);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                position = 0;
                limit = n;
                if (atStart) {
                    atStart = false;
                    // Spreadsheets and some editors save UTF-8 with a byte-order mark.
                    if (n >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
                        position = 3;
                    }
                }
                return true;
            }

            private int append(int length, int end) {
                int take = end - position;
                if (length + take > line.length) {
                    line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + take));
                }
                System.arraycopy(buffer, position, line, length, take);
                return length + take;
            }

            @Override
            public Record next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Record record = next;
                next = null;
                return record;
            }
        };
    }

    /** UTF-16 length of UTF-8 bytes: a character per byte that does not continue one, two for 4-byte sequences. */
    private static long utf16Length(byte[] bytes, int from, int to) {
        long chars = 0;
        for (int i = from; i < to; i++) {
            int b = bytes[i];
            if ((b & 0xC0) != 0x80) {
                chars += (b & 0xF8) == 0xF0 ? 2 : 1;
            }
        }
        return chars;
    }

    private static boolean asciiBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
                return false;
            }
        }
        return true;
    }

    static Line parseJsonLine(long number, byte[] bytes, int length, ObjectMapper json) {
        SubjectInput plain = PlainLine.read(bytes, length, json);
        if (plain != null) {
            return new Line(number, plain, List.of());
        }
        if (!Utf8Validation.isWellFormed(bytes, 0, length)) {
            // Jackson would decode some of these bytes (an overlong "/" as "/"): the JDK's decoder
            // replaces each ill-formed sequence with U+FFFD instead, which is then refused where it stands.
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            return text.isBlank() ? null : parseJsonLine(number, text, json, true);
        }
        JsonNode node;
        try {
            node = oneValue(json).readTree(bytes, 0, length);
        } catch (IOException e) {
            // Parsed again from text for the message (the byte parser's would name byte offsets); a line
            // of Unicode spaces only is blank, not broken.
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            return text.isBlank() ? null : parseJsonLine(number, text, json);
        }
        if (node == null || !node.isObject()) {
            return new Line(number, null, List.of(FieldError.of("MALFORMED_JSON", "each line must be one JSON object")));
        }
        return toInput(number, (ObjectNode) node);
    }

    static Line parseJsonLine(long number, String text, ObjectMapper json) {
        return parseJsonLine(number, text, json, false);
    }

    /**
     * @param illFormed the line's bytes were not well-formed UTF-8 and {@code text} holds U+FFFD in
     *     their place: the line is refused with INVALID_TEXT on each field holding one, or on the line
     *     when none does (the bytes stood outside every value)
     */
    private static Line parseJsonLine(long number, String text, ObjectMapper json, boolean illFormed) {
        JsonNode node;
        try {
            node = oneValue(json).readTree(text);
        } catch (JsonProcessingException e) {
            List<FieldError> errors = new ArrayList<>();
            if (illFormed) {
                errors.add(FieldError.of("INVALID_TEXT", NOT_UTF8 + " in this line"));
            }
            // the parser's message quotes the token it stopped at, which may be a value of the line
            errors.add(e instanceof MismatchedInputException ? FieldError.of("MALFORMED_JSON", "each line must be one JSON object, with nothing after it")
                    : FieldError.quoting("MALFORMED_JSON", "not a JSON object: " + e.getOriginalMessage(), "not a JSON object"));
            return new Line(number, null, List.copyOf(errors));
        }
        if (node == null || !node.isObject()) {
            List<FieldError> errors = new ArrayList<>();
            if (illFormed) {
                errors.add(FieldError.of("INVALID_TEXT", NOT_UTF8 + " in this line"));
            }
            errors.add(FieldError.of("MALFORMED_JSON", "each line must be one JSON object"));
            return new Line(number, null, List.copyOf(errors));
        }
        Line line = toInput(number, (ObjectNode) node);
        if (illFormed && line.errors().stream().noneMatch(e -> e.code().equals("INVALID_TEXT"))) {
            List<FieldError> errors = new ArrayList<>(line.errors());
            errors.add(0, FieldError.of("INVALID_TEXT", NOT_UTF8 + " in this line, outside its values"));
            return new Line(number, line.input(), List.copyOf(errors));
        }
        return line;
    }

    /** One JSON value, nothing after it: a second object on the line would otherwise be dropped unread. */
    private static com.fasterxml.jackson.databind.ObjectReader oneValue(ObjectMapper json) {
        return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static final String NOT_UTF8 = "bytes that are not well-formed UTF-8 (an overlong form, a surrogate, a code point above U+10FFFF "
            + "or a cut sequence)";

    // ------------------------------------------------------------------ CSV

    /** CSV with a header row, read record by record through {@link CsvMapper}. */
    public static Iterator<Line> csv(InputStream body) {
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
        MappingIterator<Map<String, String>> rows;
        java.io.PushbackReader text = utf8(body);
        try {
            if (blank(text)) {
                return List.of(new Line(1, null, List.of(FieldError.of("MISSING_HEADER", EMPTY)))).iterator();
            }
            rows = mapper.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(text);
        } catch (JsonProcessingException e) {
            // The first line is not CSV at all (an unclosed quote): no header, nothing to import.
            return List.of(new Line(1, null, List.of(FieldError.of("MISSING_HEADER", "the first line cannot be read as CSV; "
                    + "it must be a header row naming the columns, among them 'code', e.g. code,kind,type,name,regionCode")))).iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            Line next;
            boolean done;
            boolean headerChecked;
            long failuresInARow;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (done) {
                    return false;
                }
                long start = rows.getParser().currentLocation().getLineNr();
                try {
                    boolean more = rows.hasNextValue();
                    if (!headerChecked) {
                        headerChecked = true;
                        String problem = headerProblem(rows.getParser().getSchema());
                        if (problem != null) {
                            // Without a usable header every line would be read under wrong column names
                            // (or the only line taken for the header): nothing is imported, and the report says why.
                            done = true;
                            next = new Line(1, null, List.of(FieldError.quoting("MISSING_HEADER", problem,
                                    problem.equals(EMPTY) ? null : HEADER_REQUIRED)));
                            return true;
                        }
                    }
                    if (!more) {
                        done = true;
                        return false;
                    }
                    start = Math.max(start, rows.getParser().currentLocation().getLineNr());
                    Map<String, String> row = rows.nextValue();
                    failuresInARow = 0;
                    next = fromCsv(start, row);
                } catch (IOException | RuntimeException e) {
                    // The CSV parser is line-oriented and carries on with the next record;
                    // if it cannot make progress (an unclosed quote up to the end), stop.
                    if (++failuresInARow > 3) {
                        done = true;
                    }
                    String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
                    // the parser's message may quote a cell (an extra column's value)
                    next = new Line(start, null, List.of(FieldError.quoting("MALFORMED_CSV", "this row cannot be read: " + message,
                            "this row cannot be read")));
                }
                return true;
            }

            @Override
            public Line next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Line line = next;
                next = null;
                return line;
            }
        };
    }

    private static final String EMPTY = "the body is empty or has no header row; the first line must name the columns, "
            + "among them 'code', e.g. code,kind,type,name,regionCode";

    /** How far {@link #blank} looks for a first character that is not white space: it pushes back what it read. */
    private static final int PUSHBACK = 64 * 1024;

    /**
     * Whether the body holds nothing but white space (blank lines included), which the CSV parser
     * would fail on with a message of its own. Reads ahead at most {@link #PUSHBACK} characters and
     * pushes them back.
     */
    private static boolean blank(java.io.PushbackReader text) throws IOException {
        char[] read = new char[PUSHBACK];
        int n = 0;
        while (n < read.length) {
            int c = text.read();
            if (c == -1) {
                return true;
            }
            read[n++] = (char) c;
            if (!Character.isWhitespace(c)) {
                break;
            }
        }
        text.unread(read, 0, n);
        return false;
    }

    /**
     * Why the first row is no usable header, or null: it must name the columns, among them
     * {@code code}, and only columns the import knows.
     */
    static String headerProblem(com.fasterxml.jackson.core.FormatSchema schema) {
        if (!(schema instanceof CsvSchema csv) || csv.size() == 0) {
            return EMPTY;
        }
        List<String> names = new java.util.ArrayList<>();
        for (CsvSchema.Column column : csv) {
            String name = column.getName() == null ? "" : column.getName().strip();
            if (name.equals("code")) {
                return null;
            }
            if (names.size() < 5) {
                names.add(name.length() > 40 ? name.substring(0, 40) + "…" : name);
            }
        }
        return HEADER_REQUIRED + "; it reads " + String.join(",", names);
    }

    private static final String HEADER_REQUIRED = "the first line must be a header row naming the columns, among them 'code'";

    static Line fromCsv(long number, Map<String, String> row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ObjectNode risk = null;
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String column = cell.getKey() == null ? "" : cell.getKey().strip();
            String value = cell.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            String field = column;
            ObjectNode target = node;
            if (column.startsWith("risk.")) {
                risk = risk == null ? node.putObject("risk") : risk;
                target = risk;
                field = column.substring("risk.".length());
            }
            if (LIST_FIELDS.contains(field) || target == risk && "departments".equals(field)) {
                ArrayNode values = target.putArray(field);
                for (String part : value.split("\\|")) {
                    if (!part.isBlank()) {
                        values.add(part.strip());
                    }
                }
            } else {
                target.put(field, value);
            }
        }
        return toInput(number, node);
    }

    // ------------------------------------------------------------------ shared conversion

    /**
     * A JSON object → {@link SubjectInput}, each field of the wrong shape reported by name. A field
     * that cannot be read is left out of the input and reported; the other fields are still read, so
     * the validator can report their problems in the same rejection.
     */
    static Line toInput(long number, ObjectNode node) {
        List<FieldError> errors = new ArrayList<>();
        // U+FFFD stands where the body's bytes were not UTF-8 (the validator refuses it in text too):
        // refused as INVALID_TEXT wherever it is, also in a date, a number or a column name.
        replaced(node, List.of(), errors);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!STRING_FIELDS.contains(name) && !LIST_FIELDS.contains(name) && !OTHER_FIELDS.contains(name)
                    && name.indexOf('\uFFFD') < 0) {
                errors.add(FieldError.quoting("UNKNOWN_FIELD", "unknown field " + name, "unknown field", name));
            }
        }
        SubjectInput.RiskInput risk = null;
        JsonNode riskNode = node.get("risk");
        if (riskNode != null && !riskNode.isNull()) {
            if (!riskNode.isObject()) {
                errors.add(FieldError.of("WRONG_TYPE", "risk must be an object", "risk"));
            } else {
                for (Iterator<String> names = riskNode.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!RISK_FIELDS.contains(name) && name.indexOf('\uFFFD') < 0) {
                        errors.add(FieldError.quoting("UNKNOWN_FIELD", "unknown field risk." + name, "unknown field in risk", "risk", name));
                    }
                }
                risk = new SubjectInput.RiskInput(text(riskNode, "comprehensive", errors, "risk"),
                        text(riskNode, "publicCredit", errors, "risk"), list(riskNode, "departments", errors, "risk"),
                        date(riskNode, "asOf", errors, "risk"));
            }
        }
        SubjectInput input = new SubjectInput(text(node, "code", errors), text(node, "kind", errors), text(node, "type", errors),
                text(node, "name", errors), list(node, "formerNames", errors), text(node, "legalRepresentative", errors),
                text(node, "address", errors), text(node, "ownerCode", errors), text(node, "registrationAuthority", errors),
                text(node, "regionCode", errors), text(node, "supervisingUnit", errors), text(node, "industryCode", errors),
                text(node, "status", errors), date(node, "establishedOn", errors), number(node, "registeredCapital", errors), risk,
                list(node, "lists", errors), list(node, "licences", errors));
        return new Line(number, input, withoutRepeats(errors));
    }

    private static final String NOT_VALID = " is not valid UTF-8 (it holds bytes that are not well-formed UTF-8, or U+FFFD standing for them)";

    /** INVALID_TEXT for each name and value under {@code value} holding U+FFFD, at its field's path. */
    private static void replaced(JsonNode value, List<String> path, List<FieldError> errors) {
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<String> at = new ArrayList<>(path);
                at.add(field.getKey());
                if (field.getKey().indexOf('\uFFFD') >= 0) {
                    errors.add(new FieldError("INVALID_TEXT", "the field name" + NOT_VALID, at));
                } else {
                    replaced(field.getValue(), at, errors);
                }
            }
        } else if (holdsReplacement(value)) {
            errors.add(new FieldError("INVALID_TEXT", "the text" + NOT_VALID, path));
        }
    }

    private static boolean holdsReplacement(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue().indexOf('\uFFFD') >= 0;
        }
        for (JsonNode element : value) {
            if (holdsReplacement(element)) {
                return true;
            }
        }
        return false;
    }

    /** One error per field: a field refused as INVALID_TEXT is not also refused for its shape. */
    private static List<FieldError> withoutRepeats(List<FieldError> errors) {
        List<FieldError> kept = new ArrayList<>(errors.size());
        for (FieldError error : errors) {
            boolean repeat = !error.code().equals("INVALID_TEXT") && !error.field().isEmpty() && errors.stream()
                    .anyMatch(e -> e.code().equals("INVALID_TEXT") && e.field().equals(error.field()));
            if (!repeat) {
                kept.add(error);
            }
        }
        return List.copyOf(kept);
    }

    private static String[] path(String[] prefix, String field) {
        String[] path = java.util.Arrays.copyOf(prefix, prefix.length + 1);
        path[prefix.length] = field;
        return path;
    }

    private static String text(JsonNode node, String field, List<FieldError> errors, String... prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual() || value.isNumber()) {
            return value.asText();
        }
        errors.add(FieldError.of("WRONG_TYPE", field + " must be a string", path(prefix, field)));
        return null;
    }

    private static List<String> list(JsonNode node, String field, List<FieldError> errors, String... prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(FieldError.of("WRONG_TYPE", field + " must be an array of strings", path(prefix, field)));
            return null;
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                errors.add(FieldError.of("WRONG_TYPE", field + " must be an array of strings", path(prefix, field)));
                return null;
            }
            result.add(element.asText());
        }
        return result;
    }

    private static LocalDate date(JsonNode node, String field, List<FieldError> errors, String... prefix) {
        String text = text(node, field, errors, prefix);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(FieldError.quoting("INVALID_DATE", field + " must be a date YYYY-MM-DD, not " + abbreviate(text),
                    field + " must be a date YYYY-MM-DD", path(prefix, field)));
            return null;
        }
    }

    private static Double number(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        errors.add(FieldError.quoting("WRONG_TYPE", field + " must be a number, not " + abbreviate(value.asText()), field + " must be a number",
                field));
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static java.io.PushbackReader utf8(InputStream in) {
        // Malformed UTF-8 (the JDK's decoder refuses overlong forms, surrogates and cut sequences) becomes
        // U+FFFD, which is then refused as INVALID_TEXT on its field.
        java.io.PushbackReader reader = new java.io.PushbackReader(new java.io.BufferedReader(new InputStreamReader(in,
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024), PUSHBACK);
        try {
            // Spreadsheets save "CSV UTF-8" with a byte-order mark, which would otherwise stick to the first column name.
            int first = reader.read();
            if (first != -1 && first != '\uFEFF') {
                reader.unread(first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reader;
    }
}
