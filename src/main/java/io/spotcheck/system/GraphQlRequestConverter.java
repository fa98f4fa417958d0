package io.spotcheck.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.server.support.SerializableGraphQlRequest;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.lang.Nullable;

/**
 * The message converter Spring for GraphQL's {@code GraphQlHttpHandler} reads requests and writes
 * answers with. Reading is stricter than the handler's default binding, as GraphQL over HTTP asks: a
 * body that is not a JSON object with a non-blank string {@code query} (or an APQ hash), duplicate keys,
 * trailing tokens, bytes that are not well-formed UTF-8 (overlong forms, surrogates), a batch (a JSON
 * array) or a body over the size limit are each refused with a stable code ({@link GraphQlRequestFault})
 * instead of being coerced or bound leniently. Only JSON bodies are read: {@code application/graphql}
 * (which GraphQL over HTTP leaves optional) is refused with 415 like any other type. Writing keeps null fields, which GraphQL must return (Boot's mapper drops them).
 */
public final class GraphQlRequestConverter extends MappingJackson2HttpMessageConverter {

    private static final String PERSISTED_QUERY_MARKER = graphql.execution.preparsed.persisted.PersistedQuerySupport.PERSISTED_QUERY_MARKER;

    private final ObjectMapper reader = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final long maxBodyBytes;

    public GraphQlRequestConverter(long maxBodyBytes) {
        super(new ObjectMapper());
        this.maxBodyBytes = maxBodyBytes;
        setSupportedMediaTypes(List.of(MediaType.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON));
    }

    /** JSON in UTF-8 (the only charset GraphQL over HTTP allows). */
    @Override
    public boolean canRead(Class<?> clazz, @Nullable MediaType mediaType) {
        if (clazz != SerializableGraphQlRequest.class) {
            return super.canRead(clazz, mediaType);
        }
        if (mediaType == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(mediaType)) {
            return false;
        }
        String charset = mediaType.getParameter("charset");
        return charset == null || charset.replace("\"", "").equalsIgnoreCase("utf-8");
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) throws IOException {
        if (clazz != SerializableGraphQlRequest.class) {
            return super.readInternal(clazz, input);
        }
        byte[] body = readCapped(input.getBody(), input.getHeaders().getContentLength());
        if (isBlank(body)) {
            throw GraphQlRequestFault.invalid("the request body is empty");
        }
        requireUtf8(body);
        return parseJson(body);
    }

    /** A request as the handler binds it, from its parts. */
    public static SerializableGraphQlRequest request(String query, @Nullable String operationName,
            @Nullable Map<String, Object> variables, @Nullable Map<String, Object> extensions) {
        SerializableGraphQlRequest request = new SerializableGraphQlRequest();
        request.setQuery(query);
        request.setOperationName(operationName);
        request.setVariables(variables);
        request.setExtensions(extensions);
        return request;
    }

    private byte[] readCapped(InputStream in, long declared) throws IOException {
        // Declared lengths are refused earlier (RequestSizeFilter); chunked bodies are capped here.
        if (declared > maxBodyBytes) {
            throw GraphQlRequestFault.tooLarge(maxBodyBytes);
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            throw GraphQlRequestFault.tooLarge(maxBodyBytes);
        }
        return body;
    }

    /**
     * Refuses bytes that are not well-formed UTF-8, which Jackson would otherwise decode leniently;
     * the subject import refuses the same bytes. Bodies of ASCII only, the usual case, are not decoded twice.
     */
    static void requireUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(body));
                } catch (CharacterCodingException e) {
                    throw GraphQlRequestFault.invalid("the request body is not valid UTF-8");
                }
                return;
            }
        }
    }

    /** Read as plain maps, lists and values, then checked field by field. */
    private SerializableGraphQlRequest parseJson(byte[] body) {
        Object root;
        try {
            root = reader.readValue(body, Object.class);
        } catch (IOException e) {
            throw GraphQlRequestFault.invalid("the request body is not valid JSON");
        }
        if (root instanceof List<?>) {
            throw new GraphQlRequestFault(HttpStatus.BAD_REQUEST, ErrorCode.BATCH_NOT_SUPPORTED,
                    "batched requests (a JSON array) are not supported; send one operation per request");
        }
        if (!(root instanceof Map<?, ?> fields)) {
            throw GraphQlRequestFault.invalid("the request body must be a JSON object with a `query`");
        }
        Map<String, Object> extensions = objectOrNull(fields.get("extensions"), "extensions");
        Object query = fields.get("query");
        if (query == null && PersistedQueries.hashOf(extensions) != null) {
            // Apollo APQ: the hash alone; PersistedQueries finds the text or answers PERSISTED_QUERY_NOT_FOUND.
            query = PERSISTED_QUERY_MARKER;
        }
        if (query == null) {
            throw GraphQlRequestFault.invalid("the request has no `query`");
        }
        if (!(query instanceof String text)) {
            throw GraphQlRequestFault.invalid("`query` must be a string");
        }
        if (text.isBlank()) {
            throw GraphQlRequestFault.invalid("`query` is empty");
        }
        Object operationName = fields.get("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            throw GraphQlRequestFault.invalid("`operationName` must be a string or null");
        }
        return request(text, (String) operationName, objectOrNull(fields.get("variables"), "variables"), extensions);
    }

    /** A JSON object given as a GET parameter ({@code variables}, {@code extensions}), or null. */
    Map<String, Object> jsonParameter(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return objectOrNull(reader.readValue(value, Object.class), name);
        } catch (IOException e) {
            throw GraphQlRequestFault.invalid("`" + name + "` is not valid JSON");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> objectOrNull(Object value, String name) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw GraphQlRequestFault.invalid("`" + name + "` must be a JSON object or null");
        }
        return (Map<String, Object>) value;
    }
}
