package io.spotcheck.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The fast date readers answer exactly what Jackson's own deserializers answer, values and refusals alike. */
class StoredDatesTest {

    static final ObjectMapper STANDARD = new ObjectMapper().findAndRegisterModules();
    static final ObjectMapper FAST = STANDARD.copy().registerModule(StoredDates.module());

    static final List<String> EDGE_CASES = List.of(
            "2024-05-06", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "0000-01-01", "9999-12-31",
            "2024-5-06", "2024-05-6", "2024/05/06", "20240506", " 2024-05-06", "2024-05-06 ", "2024-05-06T00:00:00", "+12024-05-06",
            "-2024-05-06", "2024-O5-06", "", " ",
            "2024-05-06T03:04:05Z", "2024-05-06T03:04:05.1Z", "2024-05-06T03:04:05.123Z", "2024-05-06T03:04:05.123456789Z",
            "2024-05-06T03:04:05.1234567890Z", "2024-05-06T03:04:05.Z", "2024-05-06T03:04:05z", "2024-05-06T03:04:05+08:00",
            "2024-05-06T03:04:05.5-05:30", "2024-05-06T03:04:05+18:00", "2024-05-06T03:04:05+18:01", "2024-05-06T03:04:05+19:00",
            "2024-05-06T03:04:05-00:00", "2024-05-06T03:04:05+0800", "2024-05-06T03:04:05+08", "2024-05-06T03:04:05+08:00:00",
            "2024-05-06T24:00:00Z", "2024-05-06T23:60:00Z", "2024-05-06T23:59:60Z", "2024-02-30T01:00:00Z", "2024-05-06t03:04:05Z",
            "2024-05-06T03:04Z", "2024-05-06T03:04:05", "2024-05-06T03:04:05+08:00[Asia/Shanghai]", "2024-05-06T03:04:05.123+08:3O");

    record Dated(LocalDate day, OffsetDateTime at) {}

    @Test
    void edgeCasesAreReadExactlyAsJacksonReadsThem() throws Exception {
        for (String text : EDGE_CASES) {
            assertSameReading(text);
        }
    }

    @Test
    void randomStoredDatesAreReadExactlyAsJacksonReadsThem() throws Exception {
        Random random = new Random(20261203);
        DateTimeFormatter[] formats = {DateTimeFormatter.ISO_OFFSET_DATE_TIME, DateTimeFormatter.ISO_INSTANT,
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")};
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(145) - 72) * 900);
            OffsetDateTime at = OffsetDateTime.of(1990 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000), offset);
            texts.add(formats[random.nextInt(formats.length)].format(at));
            texts.add(at.toLocalDate().toString());
        }
        for (String text : texts) {
            assertSameReading(text);
        }
    }

    @Test
    void theContextTimeZoneAndItsAdjustmentAreHonoured() throws Exception {
        for (boolean adjust : new boolean[] {true, false}) {
            ObjectMapper standard = STANDARD.copy().setTimeZone(TimeZone.getTimeZone("Asia/Shanghai"))
                    .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, adjust);
            ObjectMapper fast = standard.copy().registerModule(StoredDates.module());
            for (String text : List.of("2024-05-06T03:04:05Z", "2024-05-06T03:04:05.5-05:30", "2024-05-06T23:04:05+08:00")) {
                String json = "{\"at\":\"" + text + "\"}";
                Dated expected = standard.readValue(json, Dated.class);
                Dated actual = fast.readValue(json, Dated.class);
                assertThat(actual.at()).as(text + " adjust=" + adjust).isEqualTo(expected.at());
                assertThat(actual.at().getOffset()).isEqualTo(expected.at().getOffset());
            }
        }
    }

    @Test
    void nonStringValuesGoToJacksonsDeserializers() throws Exception {
        for (String json : List.of("{\"day\":[2024,5,6]}", "{\"day\":null,\"at\":null}", "{\"at\":1714964645.123}", "{\"day\":{}}")) {
            assertSameOutcome(json);
        }
    }

    private static void assertSameReading(String text) throws Exception {
        assertSameOutcome("{\"day\":\"" + text + "\"}");
        assertSameOutcome("{\"at\":\"" + text + "\"}");
    }

    private static void assertSameOutcome(String json) {
        Object expected = outcome(STANDARD, json);
        Object actual = outcome(FAST, json);
        assertThat(actual).as(json).isEqualTo(expected);
        if (expected instanceof Dated d && d.at() != null) {
            assertThat(((Dated) actual).at().getOffset()).as(json).isEqualTo(d.at().getOffset());
        }
    }

    /** The value read, or the kind of refusal. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Dated.class);
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
