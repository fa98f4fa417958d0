package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportRecordsTest {

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record parsed, as the import parses them; blank records are left out. */
    static List<ImportRecords.Line> all(Iterator<? extends ImportRecords.Record> records) {
        List<ImportRecords.Line> result = new ArrayList<>();
        records.forEachRemaining(record -> {
            ImportRecords.Line line = record.parse();
            if (line != null) {
                result.add(line);
            }
        });
        return result;
    }

    @Test
    void ndjsonLinesAreReadWithTheirNumbersAndBadLinesDoNotStopTheRest() {
        String text = """
                {"code":"A1","kind":"ORGANISATION","name":"甲","formerNames":["旧甲"],"establishedOn":"2020-01-02","registeredCapital":12.5,"risk":{"comprehensive":"B","departments":["WSJK:C"]},"lists":["ANOMALY"]}
                {"code":"A2", broken
                [1,2]

                {"code":"A5","nmae":"typo","establishedOn":"2020-13-01","registeredCapital":"lots","lists":"ANOMALY"}
                {"code":"A6","name":"戊"}""";
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(body(text), json));
        assertThat(lines).extracting(ImportRecords.Line::number).containsExactly(1L, 2L, 3L, 5L, 6L);
        ImportRecords.Line first = lines.get(0);
        assertThat(first.errors()).isEmpty();
        assertThat(first.input().formerNames()).containsExactly("旧甲");
        assertThat(first.input().establishedOn()).isEqualTo(LocalDate.of(2020, 1, 2));
        assertThat(first.input().registeredCapital()).isEqualTo(12.5);
        assertThat(first.input().risk().comprehensive()).isEqualTo("B");
        assertThat(first.input().risk().departments()).containsExactly("WSJK:C");
        assertThat(lines.get(1).errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("MALFORMED_JSON"));
        assertThat(lines.get(2).errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("MALFORMED_JSON"));
        assertThat(lines.get(3).errors()).extracting(e -> e.code() + ":" + String.join(".", e.field()))
                .containsExactlyInAnyOrder("UNKNOWN_FIELD:nmae", "INVALID_DATE:establishedOn", "WRONG_TYPE:registeredCapital",
                        "WRONG_TYPE:lists");
        assertThat(lines.get(4).errors()).isEmpty();
        assertThat(lines.get(4).code()).isEqualTo("A6");
    }

    @Test
    void anOverlongNdjsonLineIsReportedAndSkipped() {
        String text = "{\"code\":\"" + "x".repeat(ImportRecords.MAX_LINE_CHARS + 10) + "\"}\n{\"code\":\"B2\"}\n";
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(body(text), json));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
        assertThat(lines.get(1).code()).isEqualTo("B2");
        assertThat(lines.get(1).number()).isEqualTo(2);
    }

    @Test
    void theLineLimitCountsCharactersNotBytes() {
        // 甲 is three bytes in UTF-8: a line of MAX - 20 of them is within the limit in characters though
        // three times as long in bytes; one of MAX + 10 is not.
        String within = "{\"code\":\"D1\",\"name\":\"" + "甲".repeat(ImportRecords.MAX_LINE_CHARS - 40) + "\"}";
        String beyond = "{\"code\":\"D2\",\"name\":\"" + "甲".repeat(ImportRecords.MAX_LINE_CHARS + 10) + "\"}";
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(body(within + "\n" + beyond + "\n{\"code\":\"D3\"}\n"), json));
        assertThat(lines).extracting(ImportRecords.Line::number).containsExactly(1L, 2L, 3L);
        assertThat(lines.get(0).errors()).isEmpty();
        assertThat(lines.get(0).input().name()).hasSize(ImportRecords.MAX_LINE_CHARS - 40);
        assertThat(lines.get(1).errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
        assertThat(lines.get(2).code()).isEqualTo("D3");
    }

    @Test
    void aLineOfOnlyUnicodeSpacesIsSkippedButCounted() {
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(body("{\"code\":\"E1\"}\n\u3000 \u3000\n{\"code\":\"E3\"}\n"), json));
        assertThat(lines).extracting(ImportRecords.Line::number).containsExactly(1L, 3L);
    }

    @Test
    void crlfAndAMissingFinalNewlineAreFine() {
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(body("{\"code\":\"C1\"}\r\n{\"code\":\"C2\"}"), json));
        assertThat(lines).extracting(ImportRecords.Line::code).containsExactly("C1", "C2");
    }

    @Test
    void csvRowsUseTheHeaderSplitListsOnPipesAndNestRiskColumns() {
        String text = """
                code,kind,type,name,formerNames,regionCode,status,establishedOn,registeredCapital,risk.comprehensive,risk.departments,licences
                D1,ORGANISATION,ENTERPRISE,"某某,餐饮",旧一|旧二,330109001,ACTIVE,2019-05-06,30,A,WSJK:C|XFJY:B,FOOD_BUSINESS
                D2,ORGANISATION,ENTERPRISE,乙,,330109001,ACTIVE,yesterday,,,,
                D3,ORGANISATION,ENTERPRISE,丙,,330109001,ACTIVE,,,,,,,,too,many
                D4,ORGANISATION,ENTERPRISE,丁,,330109002,ACTIVE,,,,,
                """;
        List<ImportRecords.Line> lines = all(ImportRecords.csv(body(text)));
        assertThat(lines).extracting(ImportRecords.Line::number).containsExactly(2L, 3L, 4L, 5L);
        ImportRecords.Line d1 = lines.get(0);
        assertThat(d1.errors()).isEmpty();
        assertThat(d1.input().name()).isEqualTo("某某,餐饮");
        assertThat(d1.input().formerNames()).containsExactly("旧一", "旧二");
        assertThat(d1.input().registeredCapital()).isEqualTo(30.0);
        assertThat(d1.input().risk().comprehensive()).isEqualTo("A");
        assertThat(d1.input().risk().departments()).containsExactly("WSJK:C", "XFJY:B");
        assertThat(d1.input().licences()).containsExactly("FOOD_BUSINESS");
        assertThat(lines.get(1).errors()).singleElement().satisfies(e -> assertThat(e.field()).containsExactly("establishedOn"));
        assertThat(lines.get(2).errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("MALFORMED_CSV"));
        assertThat(lines.get(3).errors()).isEmpty();
        assertThat(lines.get(3).input().regionCode()).isEqualTo("330109002");
    }

    @Test
    void aByteOrderMarkFromASpreadsheetIsIgnored() {
        List<ImportRecords.Line> csv = all(ImportRecords.csv(body("\uFEFFcode,name\nF1,甲\n")));
        assertThat(csv).singleElement().satisfies(l -> {
            assertThat(l.errors()).isEmpty();
            assertThat(l.code()).isEqualTo("F1");
        });
        assertThat(all(ImportRecords.ndjsonRecords(body("\uFEFF{\"code\":\"F2\"}\n"), json))).extracting(ImportRecords.Line::code)
                .containsExactly("F2");
    }

    @Test
    void invalidUtf8BecomesAReplacementCharacterTheValidatorRefuses() {
        byte[] bytes = "{\"code\":\"G1\",\"name\":\"xx\"}\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 5] = (byte) 0xC3; // a lone lead byte in the name
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(new ByteArrayInputStream(bytes), json));
        assertThat(lines.get(0).input().name()).contains("\uFFFD");
        assertThat(problems(lines.get(0))).containsExactly("INVALID_TEXT:name");
    }

    static byte[] withBytes(String before, String hex, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] middle = java.util.HexFormat.of().parseHex(hex);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + middle.length + tail.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }

    /** The codes and paths of a line's errors, e.g. INVALID_TEXT:name. */
    static List<String> problems(ImportRecords.Line line) {
        return line.errors().stream().map(e -> e.code() + ":" + String.join(".", e.field())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e080af", "f08080af", "eda080", "edbfbf", "f4908080", "f5808080", "ff", "80", "e4b8", "f09f98"})
    void everyIllFormedUtf8SequenceInAnNdjsonValueIsRefusedAsInvalidTextOnItsFieldAndTheNextLineGoesOn(String hex) {
        byte[] body = withBytes("{\"code\":\"91330109MA2AUDB05H\",\"name\":\"auditb ", hex, " overlong\"}\n{\"code\":\"H2\"}\n");
        List<ImportRecords.Line> lines = all(ImportRecords.ndjsonRecords(new ByteArrayInputStream(body), json));
        assertThat(lines).hasSize(2);
        assertThat(problems(lines.get(0))).containsExactly("INVALID_TEXT:name");
        assertThat(lines.get(0).input().name()).doesNotContain("/");
        assertThat(lines.get(1).errors()).isEmpty();
        assertThat(lines.get(1).code()).isEqualTo("H2");
    }

    @Test
    void illFormedUtf8IsRefusedWhereverItStandsInAnNdjsonLine() {
        // in a field name, a date, a list, the risk object, and after the object
        byte[] name = withBytes("{\"code\":\"A\",\"na", "c0af", "me\":\"x\"}");
        assertThat(problems(ImportRecords.parseJsonLine(1, name, name.length, json))).singleElement().asString().startsWith("INVALID_TEXT:na");
        byte[] date = withBytes("{\"code\":\"A\",\"establishedOn\":\"2020-01-0", "c0b1", "\"}");
        assertThat(problems(ImportRecords.parseJsonLine(1, date, date.length, json))).containsExactly("INVALID_TEXT:establishedOn");
        byte[] list = withBytes("{\"code\":\"A\",\"formerNames\":[\"ok\",\"", "eda080", "\"]}");
        assertThat(problems(ImportRecords.parseJsonLine(1, list, list.length, json))).containsExactly("INVALID_TEXT:formerNames");
        byte[] risk = withBytes("{\"code\":\"A\",\"risk\":{\"asOf\":\"", "f4908080", "\"}}");
        assertThat(problems(ImportRecords.parseJsonLine(1, risk, risk.length, json))).containsExactly("INVALID_TEXT:risk.asOf");
        byte[] after = withBytes("{\"code\":\"A\",\"name\":\"x\"}", "c0af", "");
        assertThat(problems(ImportRecords.parseJsonLine(1, after, after.length, json))).contains("INVALID_TEXT:");
    }

    @Test
    void aSecondJsonValueOnALineIsRefusedNotDropped() {
        byte[] two = "{\"code\":\"A\"} {\"code\":\"B\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ImportRecords.parseJsonLine(1, two, two.length, json).errors()).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo("MALFORMED_JSON"));
    }

    @Test
    void aValueThatCannotBeConvertedLeavesTheOtherFieldsReadForTheValidator() {
        byte[] line = ("{\"code\":\"91330109MA2AUDB04E\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"establishedOn\":\"2026-02-30\","
                + "\"name\":\"\",\"status\":\"BAD\",\"regionCode\":\"330109004\"}").getBytes(StandardCharsets.UTF_8);
        ImportRecords.Line read = ImportRecords.parseJsonLine(1, line, line.length, json);
        assertThat(problems(read)).containsExactly("INVALID_DATE:establishedOn");
        assertThat(read.input().status()).isEqualTo("BAD");
        assertThat(read.input().name()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "  \r\n\n", "\uFEFF", "\uFEFF\r\n"})
    void anEmptyCsvBodyIsOneMissingHeaderLineWithAPlainMessage(String text) {
        assertThat(all(ImportRecords.csv(body(text)))).singleElement().satisfies(l -> {
            assertThat(l.number()).isEqualTo(1);
            assertThat(l.errors()).singleElement().satisfies(e -> {
                assertThat(e.code()).isEqualTo("MISSING_HEADER");
                assertThat(e.message()).startsWith("the body is empty").contains("code").doesNotContain("bind");
            });
        });
    }

    @Test
    void aFirstLineThatIsNotCsvIsMissingHeader() {
        assertThat(all(ImportRecords.csv(body("code,\"name\n")))).singleElement().satisfies(l -> assertThat(l.errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("MISSING_HEADER");
                    assertThat(e.message()).startsWith("the first line cannot be read as CSV");
                }));
    }

    @Test
    void blankLinesBeforeTheHeaderAreStillSkipped() {
        assertThat(all(ImportRecords.csv(body(" \n\ncode,name\nA,b\n")))).singleElement().satisfies(l -> {
            assertThat(l.errors()).isEmpty();
            assertThat(l.code()).isEqualTo("A");
        });
    }

    @Test
    void illFormedUtf8InACsvCellOrColumnNameIsInvalidText() {
        byte[] cell = withBytes("code,name,establishedOn\nA,x,2020-01-0", "c0b1", "\n");
        assertThat(problems(all(ImportRecords.csv(new ByteArrayInputStream(cell))).get(0))).containsExactly("INVALID_TEXT:establishedOn");
        byte[] column = withBytes("code,na", "c0af", "me\nA,x\n");
        assertThat(problems(all(ImportRecords.csv(new ByteArrayInputStream(column))).get(0))).singleElement().asString()
                .startsWith("INVALID_TEXT:na");
    }

    @Test
    void unknownCsvColumnsAreReportedPerRow() {
        String text = "code,name,colour\nE1,甲,red\n";
        List<ImportRecords.Line> lines = all(ImportRecords.csv(body(text)));
        assertThat(lines).singleElement().satisfies(l -> assertThat(l.errors()).extracting(e -> e.code())
                .containsExactly("UNKNOWN_FIELD"));
    }
}
