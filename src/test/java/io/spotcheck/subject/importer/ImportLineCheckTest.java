package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.CreditCode;
import io.spotcheck.subject.write.SubjectValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the import's checker makes of a line read from the body: every problem at once. */
class ImportLineCheckTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final String CODE = "91330109MA2AUDB04" + CreditCode.checkCharacter("91330109MA2AUDB04");
    final SubjectValidator validator = new SubjectValidator(Set.of("330109004"), CLOCK);
    final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    final Caller operator = new Caller("op", "op", "SCJG", "SCJG-BUREAU", Set.of(Role.DEPT_OPERATOR), Set.of());

    List<String> problems(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ImportRecords.Line checked = SubjectImporter.check(validator, ImportRecords.parseJsonLine(1, bytes, bytes.length, json), operator,
                List.of());
        return ImportRecordsTest.problems(checked);
    }

    @Test
    void aDateThatIsNoDateIsReportedTogetherWithAnEmptyNameAndAnUnknownStatus() {
        assertThat(problems("{\"code\":\"" + CODE + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"establishedOn\":\"2026-02-30\","
                + "\"name\":\"\",\"status\":\"BAD\",\"regionCode\":\"330109004\"}"))
                .containsExactlyInAnyOrder("INVALID_DATE:establishedOn", "REQUIRED:name", "INVALID_VALUE:status");
    }

    @Test
    void everyMissingRequiredFieldIsReportedBesideAFieldThatCannotBeRead() {
        assertThat(problems("{\"code\":\"" + CODE + "\",\"kind\":\"ORGANISATION\",\"registeredCapital\":\"lots\",\"colour\":\"red\"}"))
                .containsExactlyInAnyOrder("WRONG_TYPE:registeredCapital", "UNKNOWN_FIELD:colour", "REQUIRED:name", "REQUIRED:type",
                        "REQUIRED:status", "REQUIRED:regionCode");
    }

    @Test
    void aFieldThatCannotBeReadIsNotAlsoReportedMissing() {
        assertThat(problems("{\"code\":\"" + CODE + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"name\":{\"a\":1},"
                + "\"status\":\"ACTIVE\",\"regionCode\":\"330109004\"}"))
                .containsExactly("WRONG_TYPE:name");
    }

    @Test
    void aValidLineHasNoProblems() {
        assertThat(problems("{\"code\":\"" + CODE + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"name\":\"甲\","
                + "\"status\":\"ACTIVE\",\"regionCode\":\"330109004\"}")).isEmpty();
    }
}
