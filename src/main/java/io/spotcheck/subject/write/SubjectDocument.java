package io.spotcheck.subject.write;

import io.spotcheck.persistence.JsonEscape;
import io.spotcheck.persistence.PiecedBody;
import io.spotcheck.subject.Subject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A subject as the document stored for it, written straight into a bulk body: the fields in the
 * record's order, absent (null) ones left out, dates as ISO strings — what the client's mapper writes
 * for a {@link Subject}, read back the same. A bulk import renders a million of these, and Jackson's
 * bean serialisation of each (a property writer and a serializer look-up per field) was most of the
 * import's own work. Values Jackson writes in another form than JSON numbers or strings (a
 * registered capital that is not a finite number) are not written here: {@link #writable} says so and
 * the caller uses the mapper.
 */
public final class SubjectDocument {

    private SubjectDocument() {}

    /** Whether {@link #write} writes {@code subject} (every subject the validator accepts is). */
    public static boolean writable(Subject subject) {
        return subject.registeredCapital() == null || Double.isFinite(subject.registeredCapital());
    }

    public static void write(Subject subject, PiecedBody body) {
        Out out = new Out();
        write(subject, out);
        body.write(out.bytes, 0, out.length);
    }

    private static void write(Subject s, Out out) {
        Fields f = new Fields(out);
        out.write('{');
        f.string("code", s.code());
        f.string("kind", s.kind());
        f.string("type", s.type());
        f.string("name", s.name());
        f.strings("formerNames", s.formerNames());
        f.string("legalRepresentative", s.legalRepresentative());
        f.string("address", s.address());
        f.string("ownerCode", s.ownerCode());
        f.string("registrationAuthority", s.registrationAuthority());
        f.string("regionCode", s.regionCode());
        f.string("supervisingUnit", s.supervisingUnit());
        f.string("industryCode", s.industryCode());
        f.strings("industryPath", s.industryPath());
        f.string("status", s.status());
        f.date("establishedOn", s.establishedOn());
        if (s.registeredCapital() != null) {
            f.name("registeredCapital");
            ascii(Double.toString(s.registeredCapital()), out);
        }
        if (s.risk() != null) {
            f.name("risk");
            Fields r = new Fields(out);
            out.write('{');
            r.string("comprehensive", s.risk().comprehensive());
            r.string("publicCredit", s.risk().publicCredit());
            r.strings("departments", s.risk().departments());
            r.date("asOf", s.risk().asOf());
            out.write('}');
        }
        f.strings("lists", s.lists());
        f.strings("licences", s.licences());
        if (s.lastInspections() != null) {
            f.name("lastInspections");
            out.write('[');
            for (int i = 0; i < s.lastInspections().size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Subject.LastInspection inspection = s.lastInspections().get(i);
                if (inspection == null) {
                    ascii("null", out);
                    continue;
                }
                Fields e = new Fields(out);
                out.write('{');
                e.string("item", inspection.item());
                e.string("department", inspection.department());
                e.date("date", inspection.date());
                e.string("taskId", inspection.taskId());
                out.write('}');
            }
            out.write(']');
        }
        if (s.lastResults() != null) {
            f.name("lastResults");
            out.write('[');
            for (int i = 0; i < s.lastResults().size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Subject.LastResult result = s.lastResults().get(i);
                if (result == null) {
                    ascii("null", out);
                    continue;
                }
                Fields e = new Fields(out);
                out.write('{');
                e.string("department", result.department());
                e.string("taskId", result.taskId());
                e.date("inspectionDate", result.inspectionDate());
                e.strings("resultCodes", result.resultCodes());
                if (result.problemFound() != null) {
                    e.name("problemFound");
                    ascii(result.problemFound() ? "true" : "false", out);
                }
                out.write('}');
            }
            out.write(']');
        }
        f.strings("findings", s.findings());
        if (s.tags() != null) {
            f.name("tags");
            out.write('[');
            for (int i = 0; i < s.tags().size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Subject.Tag tag = s.tags().get(i);
                if (tag == null) {
                    ascii("null", out);
                    continue;
                }
                Fields e = new Fields(out);
                out.write('{');
                e.string("department", tag.department());
                e.string("name", tag.name());
                e.string("source", tag.source());
                e.string("rule", tag.rule());
                e.string("by", tag.by());
                e.instant("at", tag.at());
                e.date("validUntil", tag.validUntil());
                out.write('}');
            }
            out.write(']');
        }
        f.strings("tagKeys", s.tagKeys());
        f.instant("updatedAt", s.updatedAt());
        f.string("publicKey", s.publicKey());
        out.write('}');
    }

    private static void ascii(String text, Out out) {
        int length = text.length();
        out.room(length);
        byte[] bytes = out.bytes;
        int at = out.length;
        for (int i = 0; i < length; i++) {
            bytes[at++] = (byte) text.charAt(i);
        }
        out.length = at;
    }

    private static void quoted(String text, Out out) {
        out.room(text.length() * 6 + 2);
        out.bytes[out.length++] = '"';
        out.length = JsonEscape.escaped(text, 0, text.length(), out.bytes, out.length);
        out.bytes[out.length++] = '"';
    }

    /**
     * The document's bytes, filled by array stores and copied into the body once: a call into the body
     * per byte cost as much as the bean serialisation it replaces.
     */
    private static final class Out {
        byte[] bytes = new byte[1024];
        int length;

        void room(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void write(char c) {
            room(1);
            bytes[length++] = (byte) c;
        }
    }

    /** The members of one JSON object, a comma before each but the first. */
    private static final class Fields {
        private final Out out;
        private boolean first = true;

        Fields(Out out) {
            this.out = out;
        }

        void name(String name) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write('"');
            ascii(name, out);
            out.write('"');
            out.write(':');
        }

        void string(String name, String value) {
            if (value != null) {
                name(name);
                quoted(value, out);
            }
        }

        void strings(String name, List<String> values) {
            if (values == null) {
                return;
            }
            name(name);
            out.write('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                String value = values.get(i);
                if (value == null) {
                    ascii("null", out);
                } else {
                    quoted(value, out);
                }
            }
            out.write(']');
        }

        void date(String name, LocalDate value) {
            if (value != null) {
                name(name);
                out.write('"');
                ascii(value.toString(), out);
                out.write('"');
            }
        }

        void instant(String name, Instant value) {
            if (value != null) {
                name(name);
                out.write('"');
                ascii(value.toString(), out);
                out.write('"');
            }
        }
    }
}
