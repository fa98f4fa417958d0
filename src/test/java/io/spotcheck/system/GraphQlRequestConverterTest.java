package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.server.support.SerializableGraphQlRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.MockHttpInputMessage;

class GraphQlRequestConverterTest {

    final GraphQlRequestConverter converter = new GraphQlRequestConverter(256);

    SerializableGraphQlRequest read(String body, String contentType) throws Exception {
        MockHttpInputMessage input = new MockHttpInputMessage(body.getBytes(StandardCharsets.UTF_8));
        input.getHeaders().setContentType(MediaType.parseMediaType(contentType));
        return (SerializableGraphQlRequest) converter.read(SerializableGraphQlRequest.class, input);
    }

    @Test
    void readsJsonBodiesInUtf8Only() {
        assertThat(converter.canRead(SerializableGraphQlRequest.class, MediaType.APPLICATION_JSON)).isTrue();
        assertThat(converter.canRead(SerializableGraphQlRequest.class, MediaType.parseMediaType("application/json;charset=UTF-8"))).isTrue();
        assertThat(converter.canRead(SerializableGraphQlRequest.class, MediaType.parseMediaType("application/graphql"))).isFalse();
        assertThat(converter.canRead(SerializableGraphQlRequest.class, MediaType.parseMediaType("application/json;charset=ISO-8859-1"))).isFalse();
        assertThat(converter.canRead(SerializableGraphQlRequest.class, MediaType.TEXT_PLAIN)).isFalse();
        assertThat(converter.canRead(SerializableGraphQlRequest.class, null)).isFalse();
    }

    @Test
    void aBodyOverTheLimitIsRefusedEvenWithoutADeclaredLength() {
        // MockHttpInputMessage declares no Content-Length: the cap holds where the body is read.
        assertThatThrownBy(() -> read("{\"query\":\"{ __typename " + "x".repeat(300) + " }\"}", "application/json"))
                .isInstanceOfSatisfying(GraphQlRequestFault.class, f -> {
                    assertThat(f.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
                    assertThat(f.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
                });
    }

    @Test
    void aBatchIsRefusedWithItsOwnCode() {
        assertThatThrownBy(() -> read("[{\"query\":\"{ a }\"}]", "application/json"))
                .isInstanceOfSatisfying(GraphQlRequestFault.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.BATCH_NOT_SUPPORTED));
    }

    @Test
    void aPersistedQueryHashAloneRunsAsAPersistedQuery() throws Exception {
        SerializableGraphQlRequest request = read("{\"extensions\":{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"ab\"}}}",
                "application/json");
        assertThat(request.getQuery()).isEqualTo(graphql.execution.preparsed.persisted.PersistedQuerySupport.PERSISTED_QUERY_MARKER);
    }

    @Test
    void overlongUtf8IsRefused() {
        MockHttpInputMessage input = new MockHttpInputMessage(new byte[] {'{', '"', 'q', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        input.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        assertThatThrownBy(() -> converter.read(SerializableGraphQlRequest.class, input))
                .isInstanceOfSatisfying(GraphQlRequestFault.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}
