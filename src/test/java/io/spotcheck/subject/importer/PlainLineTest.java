package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainLineTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    private ImportRecords.Line general(String line) throws Exception {
        return ImportRecords.toInput(1, (ObjectNode) json.readTree(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"code\":\"91330100MA2B3C4D5E\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"name\":\"杭州甲乙餐饮有限公司\","
                    + "\"formerNames\":[\"杭州甲餐饮店\"],\"legalRepresentative\":\"王某\",\"address\":\"西湖区文三路 1 号\","
                    + "\"registrationAuthority\":\"AMR-330106\",\"regionCode\":\"330106\",\"supervisingUnit\":\"西湖所\","
                    + "\"industryCode\":\"H6210\",\"status\":\"ACTIVE\",\"establishedOn\":\"2015-03-02\",\"registeredCapital\":1000000,"
                    + "\"risk\":{\"comprehensive\":\"B\",\"publicCredit\":\"A\",\"departments\":[\"FOOD:B\"],\"asOf\":\"2026-01-01\"},"
                    + "\"lists\":[],\"licences\":[\"FOOD_BUSINESS\",\"TOBACCO_RETAIL\"]}",
            "{\"code\":\"X1\",\"registeredCapital\":12.5,\"risk\":null,\"formerNames\":null,\"ownerCode\":null}",
            "{\"code\":\"X2\",\"risk\":{},\"establishedOn\":\" 2020-01-31 \"}",
            "{\"code\":\"X3\",\"risk\":{\"asOf\":\"2024-02-29\"},\"establishedOn\":\"0999-12-31\"}",
            "{}"
    })
    void aPlainLineReadsAsTheGeneralPathReadsIt(String line) throws Exception {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ImportRecords.Line general = general(line);
        assertThat(general.errors()).isEmpty();
        assertThat(PlainLine.read(bytes, bytes.length, json)).isNotNull().isEqualTo(general.input());
        assertThat(ImportRecords.parseJsonLine(7, bytes, bytes.length, json)).isEqualTo(new ImportRecords.Line(7, general.input(), java.util.List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"code\":91330100}",
            "{\"code\":\"A\",\"code\":\"B\"}",
            "{\"code\":\"A\",\"colour\":\"red\"}",
            "{\"code\":\"A\",\"establishedOn\":\"2020-02-30\"}",
            "{\"code\":\"A\",\"establishedOn\":\"2021-2-03\"}",
            "{\"code\":\"A\",\"risk\":{\"asOf\":\"2021-13-01\"}}",
            "{\"code\":\"A\",\"licences\":\"FOOD_BUSINESS\"}",
            "{\"code\":\"A\",\"licences\":[1]}",
            "{\"code\":\"A\",\"registeredCapital\":\"100\"}",
            "{\"code\":\"A\",\"risk\":{\"comprehensive\":\"B\",\"extra\":1}}",
            "{\"code\":\"A\",\"risk\":\"B\"}",
            "{\"code\":\"A\"} {\"code\":\"B\"}",
            "[{\"code\":\"A\"}]",
            "{\"code\":\"A\""
    })
    void anythingElseTakesTheGeneralPath(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(PlainLine.read(bytes, bytes.length, json)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e080af", "eda080", "f4908080", "ff", "e4b8"})
    void bytesThatAreNotWellFormedUtf8TakeTheGeneralPath(String hex) {
        // Jackson's byte parser reads C0 AF as "/": the fast path must not hand that on as text.
        byte[] bytes = ImportRecordsTest.withBytes("{\"code\":\"A\",\"name\":\"a ", hex, " b\"}");
        assertThat(PlainLine.read(bytes, bytes.length, json)).isNull();
    }
}
