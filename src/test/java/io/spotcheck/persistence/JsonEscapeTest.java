package io.spotcheck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lines escaped straight into a request body read back as the same string, and are the bytes Jackson
 * writes for it but for characters beyond the Basic Multilingual Plane, written as UTF-8 rather than escaped.
 */
class JsonEscapeTest {

    final ObjectMapper json = new ObjectMapper();

    static byte[] bytes(PiecedBody body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.entity().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void anyTextWithTabsLineEndsQuotesControlsAndCharactersBeyondAsciiReadsBackAsItselfAndAsJacksonWritesIt() throws Exception {
        Random random = new Random(3);
        String alphabet = "AZaz09\t\n\r\"\\/\b\f\u0001\u001f\u007f é浙京€";
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(300);
            boolean beyond = round % 2 == 0;
            for (int i = 0; i < length; i++) {
                if (beyond && random.nextInt(20) == 0) {
                    text.appendCodePoint(0x1F600 + random.nextInt(50)); // a pair of surrogates
                } else {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            PiecedBody body = new PiecedBody();

            JsonEscape.quoted(text, body);

            assertThat(json.readValue(bytes(body), String.class)).isEqualTo(text.toString());
            if (!beyond) {
                assertThat(bytes(body)).as(text.toString()).isEqualTo(json.writeValueAsBytes(text.toString()));
            }
        }
    }

    @Test
    void aLoneSurrogateIsWrittenAsItsEscapeAndReadsBackAsItself() throws Exception {
        String text = "a\uD83Db\uDE00";
        PiecedBody body = new PiecedBody();

        JsonEscape.quoted(text, body);

        assertThat(new String(bytes(body), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("\"a\\uD83Db\\uDE00\"");
        assertThat(json.readValue(bytes(body), String.class)).isEqualTo(text);
    }
}
