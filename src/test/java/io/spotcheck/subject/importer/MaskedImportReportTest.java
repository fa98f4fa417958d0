package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.write.SubjectValidator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A rejected line as the import's report shows it to a caller who sees natural persons masked: no
 * value the line held is quoted (a misaligned column puts a name anywhere), and no resident ID
 * number in any form comes back unmasked. A caller who sees persons reads the same messages quoting.
 */
class MaskedImportReportTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final String NAME = "欧阳震华";
    static final String FIRST_GENERATION = "330106900101123";
    static final String SPACED = "330106 19900101 123X";
    final SubjectValidator validator = new SubjectValidator(Set.of("330109004"), CLOCK);
    final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    final Caller masked = new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("subjects:import"));
    final Caller clear = new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("subjects:import", "persons:read"));

    String report(Caller caller, ImportRecords.Line line) throws Exception {
        ImportRecords.Line checked = SubjectImporter.check(validator, line, caller, List.of());
        SubjectImporter.Rejected rejected = new SubjectImporter.Rejected(checked.number(), checked.code(), checked.errors());
        return json.writeValueAsString(SubjectImporter.echoed(caller, rejected));
    }

    ImportRecords.Line ndjson(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ImportRecords.parseJsonLine(1, bytes, bytes.length, json);
    }

    List<ImportRecords.Line> csv(String text) {
        List<ImportRecords.Line> lines = new ArrayList<>();
        ImportRecords.csv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).forEachRemaining(lines::add);
        return lines;
    }

    @Test
    void valuesInFieldsThatTakeCodesOrDatesAreNotQuotedBack() throws Exception {
        ImportRecords.Line shifted = ndjson("{\"code\":\"91330109MA2AUDB05H\",\"kind\":\"ORGANISATION\",\"type\":\"" + NAME + "\",\"name\":\"某公司\","
                + "\"status\":\"" + NAME + "\",\"regionCode\":\"" + NAME + "\",\"industryCode\":\"" + NAME + "\",\"lists\":[\"" + NAME + "\"],"
                + "\"licences\":[\"" + NAME + "\"],\"risk\":{\"comprehensive\":\"" + NAME + "\",\"departments\":[\"" + NAME + "\"]},"
                + "\"establishedOn\":\"" + NAME + "\",\"registeredCapital\":\"" + NAME + "\",\"" + NAME + "\":1}");
        assertThat(report(clear, shifted)).contains(NAME);
        String shown = report(masked, shifted);
        assertThat(shown).contains("INVALID_DATE", "WRONG_TYPE", "UNKNOWN_REGION", "INVALID_INDUSTRY_CODE", "TYPE_KIND_MISMATCH");
        // the unknown column's name stays in its field path, the one place that says which column it is
        assertThat(shown.replace("\"field\":[\"" + NAME + "\"]", "")).doesNotContain(NAME);

        // a character of a code that no code holds, and a check character, are not quoted either
        ImportRecords.Line badCode = ndjson("{\"code\":\"91330109MA2AUD欧05H\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\","
                + "\"name\":\"某公司\",\"status\":\"ACTIVE\",\"regionCode\":\"330109004\",\"ownerCode\":\"91330109MA2AUDB05Z\"}");
        assertThat(report(clear, badCode)).contains("character '欧' at position 15");
        assertThat(report(masked, badCode)).contains("INVALID_CREDIT_CODE", "the character at position 15")
                .doesNotContain("'欧'");
    }

    @Test
    void aParsersComplaintIsNotQuotedBack() throws Exception {
        ImportRecords.Line broken = ndjson("{\"code\":\"91330109MA2AUDB05H\",\"name\":" + NAME + "}");
        assertThat(report(clear, broken)).contains("MALFORMED_JSON", NAME);
        assertThat(report(masked, broken)).contains("MALFORMED_JSON").doesNotContain(NAME);

        List<ImportRecords.Line> extraCell = csv("code,name\n91330109MA2AUDB05H,某公司," + NAME + "\n");
        ImportRecords.Line row = extraCell.get(0);
        assertThat(row.errors()).extracting(e -> e.code()).containsExactly("MALFORMED_CSV");
        assertThat(report(clear, row)).contains(NAME);
        assertThat(report(masked, row)).doesNotContain(NAME);
    }

    @Test
    void aFirstRowThatIsNoHeaderIsNotQuotedBack() throws Exception {
        ImportRecords.Line header = csv(FIRST_GENERATION + ",NATURAL_PERSON,PERSON," + NAME + "\n").get(0);
        assertThat(report(clear, header)).contains("MISSING_HEADER", FIRST_GENERATION, NAME);
        assertThat(report(masked, header)).contains("MISSING_HEADER", "among them 'code'").doesNotContain(NAME).doesNotContain("900101");
    }

    @Test
    void aCodeInTheFifteenDigitOrGroupedFormComesBackMasked() throws Exception {
        for (String code : List.of(FIRST_GENERATION, SPACED, "330106-19900101-1234")) {
            ImportRecords.Line person = ndjson("{\"code\":\"" + code + "\",\"kind\":\"NATURAL_PERSON\",\"type\":\"PERSON\",\"name\":\"某\","
                    + "\"status\":\"ACTIVE\",\"regionCode\":\"330109004\"}");
            assertThat(report(clear, person)).contains(code);
            assertThat(report(masked, person)).as(code).contains("INVALID_IDENTIFIER", "330106").doesNotContain("900101");
        }
    }
}
