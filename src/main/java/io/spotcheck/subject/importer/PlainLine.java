package io.spotcheck.subject.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.subject.write.SubjectInput;
import io.spotcheck.system.Utf8Validation;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The import's fast path for a plain NDJSON line: one object of known fields, each of its expected
 * shape, no field twice. Such a line is read token by token straight into a {@link SubjectInput},
 * without the JSON tree the general path builds and walks (most of a bulk import's parsing work).
 * Anything else — an unknown field, a number where a string goes, a bad date, broken JSON, bytes
 * that are not well-formed UTF-8 — answers null, and the line takes the general path, which reports
 * each problem on its field: the fast path only ever gives what the general path gives for the same line.
 */
final class PlainLine {

    private PlainLine() {}

    private static final String[] FIELDS = {"code", "kind", "type", "name", "formerNames", "legalRepresentative", "address", "ownerCode",
            "registrationAuthority", "regionCode", "supervisingUnit", "industryCode", "status", "establishedOn", "registeredCapital", "risk",
            "lists", "licences"};

    /** The line as input, or null when it is not plain. */
    static SubjectInput read(byte[] bytes, int length, ObjectMapper json) {
        // Jackson's byte parser would read an overlong "/" (C0 AF) as "/" and store it.
        if (!Utf8Validation.isWellFormed(bytes, 0, length)) {
            return null;
        }
        try (JsonParser p = json.getFactory().createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String code = null, kind = null, type = null, name = null, legalRepresentative = null, address = null, ownerCode = null,
                    registrationAuthority = null, regionCode = null, supervisingUnit = null, industryCode = null, status = null;
            List<String> formerNames = null, lists = null, licences = null;
            LocalDate establishedOn = null;
            Double registeredCapital = null;
            SubjectInput.RiskInput risk = null;
            int seen = 0;
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                int field = index(p.currentName());
                if (field < 0 || (seen & 1 << field) != 0) {
                    return null;
                }
                seen |= 1 << field;
                JsonToken value = p.nextToken();
                switch (field) {
                    case 4, 16, 17 -> {
                        List<String> list = list(p, value);
                        if (list == null && value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        if (field == 4) {
                            formerNames = list;
                        } else if (field == 16) {
                            lists = list;
                        } else {
                            licences = list;
                        }
                    }
                    case 13 -> {
                        if (value == JsonToken.VALUE_STRING) {
                            establishedOn = date(p.getText());
                            if (establishedOn == null) {
                                return null;
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case 14 -> {
                        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                            registeredCapital = p.getDoubleValue();
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case 15 -> {
                        if (value == JsonToken.START_OBJECT) {
                            risk = risk(p);
                            if (risk == null) {
                                return null;
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    default -> {
                        if (!textOrNull(value)) {
                            return null;
                        }
                        String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        switch (field) {
                            case 0 -> code = text;
                            case 1 -> kind = text;
                            case 2 -> type = text;
                            case 3 -> name = text;
                            case 5 -> legalRepresentative = text;
                            case 6 -> address = text;
                            case 7 -> ownerCode = text;
                            case 8 -> registrationAuthority = text;
                            case 9 -> regionCode = text;
                            case 10 -> supervisingUnit = text;
                            case 11 -> industryCode = text;
                            default -> status = text;
                        }
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return new SubjectInput(code, kind, type, name, formerNames, legalRepresentative, address, ownerCode, registrationAuthority,
                    regionCode, supervisingUnit, industryCode, status, establishedOn, registeredCapital, risk, lists, licences);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A string or null: what a text field takes on the fast path (a number there takes the general one). */
    private static boolean textOrNull(JsonToken value) {
        return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
    }

    private static int index(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** An array of strings at the current token, or null (a null value, or not such an array). */
    private static List<String> list(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> list = new ArrayList<>();
        JsonToken element;
        while ((element = p.nextToken()) == JsonToken.VALUE_STRING) {
            list.add(p.getText());
        }
        return element == JsonToken.END_ARRAY ? list : null;
    }

    private static LocalDate date(String text) {
        try {
            // yyyy-MM-dd read directly: ISO_LOCAL_DATE's parser (what LocalDate.parse uses, kept for every
            // other spelling) builds a map of fields per date; LocalDate.of is as strict about the calendar.
            if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-' && digits(text, 0, 4) && digits(text, 5, 7)
                    && digits(text, 8, 10)) {
                return LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10), Integer.parseInt(text, 8, 10, 10));
            }
            return LocalDate.parse(text.strip());
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The risk object at the current START_OBJECT, or null when it is not plain. */
    private static SubjectInput.RiskInput risk(JsonParser p) throws IOException {
        String comprehensive = null, publicCredit = null;
        List<String> departments = null;
        LocalDate asOf = null;
        int seen = 0;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int bit = switch (field) {
                case "comprehensive" -> 1;
                case "publicCredit" -> 2;
                case "departments" -> 4;
                case "asOf" -> 8;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            JsonToken value = p.nextToken();
            if (bit == 4) {
                departments = list(p, value);
                if (departments == null && value != JsonToken.VALUE_NULL) {
                    return null;
                }
                continue;
            }
            if (!textOrNull(value)) {
                return null;
            }
            String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
            if (bit == 1) {
                comprehensive = text;
            } else if (bit == 2) {
                publicCredit = text;
            } else if (text != null) {
                asOf = date(text);
                if (asOf == null) {
                    return null;
                }
            }
        }
        return token == JsonToken.END_OBJECT ? new SubjectInput.RiskInput(comprehensive, publicCredit, departments, asOf) : null;
    }
}
