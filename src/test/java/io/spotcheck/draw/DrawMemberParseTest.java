package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import io.spotcheck.scope.DrawMember;

/** Snapshot lines read straight from the bytes of a JSON answer give what the decoded string gives. */
class DrawMemberParseTest {

    final ObjectMapper json = new ObjectMapper();

    /** The chunk document as Elasticsearch returns its source, and the offset of the lines' opening quote. */
    record Answer(byte[] bytes, int at) {}

    Answer answer(String lines) throws Exception {
        byte[] bytes = json.writeValueAsBytes(Map.of("scope", "S-1 \"lines\":\"x", "chunk", 3, "lines", lines));
        try (JsonParser parser = json.getFactory().createParser(bytes)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "lines".equals(parser.currentName())) {
                    parser.nextToken();
                    return new Answer(bytes, (int) parser.currentTokenLocation().getByteOffset());
                }
            }
        }
        throw new AssertionError("no lines");
    }

    @Test
    void aChunkOfGeneratedLinesParsesAsTheDecodedStringDoes() throws Exception {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            text.append(String.format("91330109MA%08dX", random.nextInt(100_000_000))).append('\t')
                    .append(List.of("A", "B", "C", "D", "UNRATED").get(random.nextInt(5))).append('\t')
                    .append(random.nextInt(10) == 0 ? "" : "3301090" + random.nextInt(300)).append('\t')
                    .append(random.nextBoolean() ? "ACTIVE" : "MOVED_OUT").append('\t').append("ENTERPRISE").append('\n');
        }
        Answer answer = answer(text.toString());

        List<DrawMember> fromBytes = DrawMember.parseAllJsonString(answer.bytes(), answer.at());

        assertThat(fromBytes).hasSize(5_000).isEqualTo(DrawMember.parseAll(text.toString()));
    }

    @Test
    void emptyLinesAndAMissingLastNewlineAreReadAsByTheStringParser() throws Exception {
        String text = "\nC1\tA\t330109001\tACTIVE\tENTERPRISE\n\nC2\tB\t\tACTIVE\tNATURAL_PERSON";
        Answer answer = answer(text);

        assertThat(DrawMember.parseAllJsonString(answer.bytes(), answer.at())).isEqualTo(DrawMember.parseAll(text)).hasSize(2);
        assertThat(DrawMember.parseAllJsonString(answer("").bytes(), answer("").at())).isEmpty();
    }

    @Test
    void anythingButPlainAsciiWithTabsAndNewlinesIsLeftToTheJsonDecoder() throws Exception {
        for (String text : List.of("C1\tA\t杭州\tACTIVE\tENTERPRISE\n", "C1\tA\t33\"01\tACTIVE\tENTERPRISE\n", "C1\tA\t33\\01\tACTIVE\tENTERPRISE\n",
                "C1\tA\t\r\tACTIVE\tENTERPRISE\n")) {
            Answer answer = answer(text);
            assertThat(DrawMember.parseAllJsonString(answer.bytes(), answer.at())).as(text).isNull();
        }
    }

    @Test
    void aMalformedLineIsNotParsedFromTheBytes() throws Exception {
        for (String text : List.of("C1\tA\t330109001\tACTIVE\n", "C1\tA\t330109001\tACTIVE\tENTERPRISE\textra\n", "\tA\t1\tACTIVE\tENTERPRISE\n")) {
            Answer answer = answer(text);
            assertThat(DrawMember.parseAllJsonString(answer.bytes(), answer.at())).as(text).isNull();
        }
    }

    @Test
    void anOffsetThatIsNotAStringIsRefused() {
        byte[] bytes = "{\"lines\":12}".getBytes(StandardCharsets.UTF_8);
        assertThat(DrawMember.parseAllJsonString(bytes, 9)).isNull();
        assertThat(DrawMember.parseAllJsonString(bytes, -1)).isNull();
    }
}
