package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.PiecedBody;
import io.spotcheck.subject.PublicKeys;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.seed.SubjectGenerator;
import io.spotcheck.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The import's own rendering of a subject is the document the Elasticsearch client's mapper (the
 * application's settings, absent fields left out) writes for it: the same bytes for generated
 * directories and for subjects with every field, none, empty and null-holding lists, escapes and
 * instants with and without fractions; the same JSON where Jackson escapes a character beyond the
 * Basic Multilingual Plane that is written here as UTF-8.
 */
@IntegrationTest
class SubjectDocumentIT {

    @Autowired
    ElasticsearchClient client;

    ObjectMapper stored() {
        return ((JacksonJsonpMapper) client._jsonpMapper()).objectMapper();
    }

    static byte[] rendered(Subject subject) throws Exception {
        PiecedBody body = new PiecedBody();
        SubjectDocument.write(subject, body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.entity().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void generatedDirectoriesAreWrittenAsTheClientsMapperWritesThem() throws Exception {
        ObjectMapper mapper = stored();
        SubjectGenerator generator = SubjectGenerator.forDistrict(11, 20_000);
        int withTags = 0;
        while (generator.hasNext()) {
            Subject subject = PublicKeys.withKey(generator.next());
            withTags += subject.tags() == null || subject.tags().isEmpty() ? 0 : 1;
            assertThat(new String(rendered(subject), java.nio.charset.StandardCharsets.UTF_8)).as(subject.code())
                    .isEqualTo(mapper.writeValueAsString(subject));
        }
        assertThat(withTags).isPositive();
    }

    @Test
    void everyFieldNoneAndListsHoldingNullsAreWrittenAsTheClientsMapperWritesThem() throws Exception {
        ObjectMapper mapper = stored();
        Subject full = new Subject("91330106MA2XXXXX1X", "ORGANISATION", "ENTERPRISE", "杭州\"引号\"\\斜杠\t制表\n换行\u0001控制\u007f",
                Arrays.asList("旧名", null, ""), "张三", "西湖区 文三路 1号 / 2F", "91330106MA2OWNER0", "SCJG-XH", "330106001", "片区一",
                "H6210", List.of("H", "H62", "H621", "H6210"), "ACTIVE", LocalDate.of(2001, 2, 3), 1234.5,
                new Subject.Risk("A", null, List.of("WSJK:C"), LocalDate.of(2026, 1, 1)), List.of(), List.of("FOOD_BUSINESS"),
                Arrays.asList(new Subject.LastInspection("SCJG-002", "SCJG", LocalDate.of(2026, 5, 6), "T-1"), null,
                        new Subject.LastInspection(null, "WSJK", null, null)),
                List.of(new Subject.LastResult("SCJG", "T-1", LocalDate.of(2026, 5, 6), List.of("PROBLEM_PENDING", "PROBLEM_PENDING.X"), true),
                        new Subject.LastResult("WSJK", "T-2", null, null, false), new Subject.LastResult("SWJ", null, null, List.of(), null)),
                List.of("SCJG:PROBLEM_PENDING"),
                List.of(new Subject.Tag("SCJG", "餐饮", "RULE", "R-1", "rule", Instant.parse("2026-12-07T01:02:03.123456789Z"), null),
                        new Subject.Tag("SCJG", "重点", "MANUAL", null, "u-1", Instant.parse("2026-12-07T01:02:03Z"), LocalDate.of(2027, 1, 1))),
                List.of("SCJG:餐饮", "SCJG:重点"), Instant.parse("2026-12-07T01:02:03.100Z"), "91330106MA2XXXXX1X");
        Subject none = new Subject("X", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        Subject capitals = new Subject("Y", "ORGANISATION", null, "n", List.of(), null, null, null, null, null, null, null, List.of(), null,
                LocalDate.of(-5, 12, 31), 1.0E7, new Subject.Risk(null, null, null, null), null, null, List.of(), List.of(), null, List.of(),
                List.of(), Instant.EPOCH, null);
        Subject small = new Subject("Z", null, null, null, null, null, null, null, null, null, null, null, null, null, LocalDate.of(12345, 1, 1),
                0.001, null, null, null, null, null, null, null, null, Instant.parse("2026-01-01T00:00:00.000001Z"), null);
        for (Subject subject : List.of(full, none, capitals, small)) {
            assertThat(SubjectDocument.writable(subject)).isTrue();
            assertThat(new String(rendered(subject), java.nio.charset.StandardCharsets.UTF_8)).as(subject.code())
                    .isEqualTo(mapper.writeValueAsString(subject));
        }
    }

    @Test
    void charactersBeyondTheBasicPlaneAreWrittenAsUtf8AndReadBackTheSame() throws Exception {
        ObjectMapper mapper = stored();
        Subject subject = new Subject("E", "ORGANISATION", "ENTERPRISE", "𠀀字 😀 店", List.of("𝒜"), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        byte[] bytes = rendered(subject);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains("𠀀字 😀 店");
        assertThat(mapper.readTree(bytes)).isEqualTo(mapper.readTree(mapper.writeValueAsBytes(subject)));
        assertThat(mapper.readValue(bytes, Subject.class)).isEqualTo(subject);
    }

    @Test
    void aCapitalThatIsNoFiniteNumberIsLeftToTheMapper() {
        Subject subject = new Subject("N", null, null, null, null, null, null, null, null, null, null, null, null, null, null, Double.NaN, null,
                null, null, null, null, null, null, null, null, null);
        assertThat(SubjectDocument.writable(subject)).isFalse();
    }
}
