package io.spotcheck.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultGraphQlRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * GraphQL over HTTP as the spec (graphql.github.io/graphql-over-http) has it, in place of Spring's
 * POST-only handler: GET for queries (never mutations), {@code application/graphql-response+json}
 * with 4xx for request errors, and a 400 with a stable code for every malformed request instead of
 * a framework error page. Served by {@link GraphQlServlet}, which hands WebSocket upgrades (subscriptions)
 * to Spring's dispatcher.
 */
@Component
public class GraphQlHttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(GraphQlHttpEndpoint.class);
    public static final MediaType GRAPHQL_RESPONSE = MediaType.parseMediaType("application/graphql-response+json");
    private static final MediaType APPLICATION_GRAPHQL = MediaType.parseMediaType("application/graphql");

    private final WebGraphQlHandler handler;
    private final LimitsProperties limits;
    private final ObjectMapper reader = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Not Boot's mapper: its non_null inclusion would drop null fields GraphQL must return.
    private final ObjectMapper writer = new ObjectMapper();

    private final PersistedQueries persistedQueries;
    private final String publicCacheControl;

    public GraphQlHttpEndpoint(WebGraphQlHandler handler, LimitsProperties limits, PersistedQueries persistedQueries,
            @Value("${spotcheck.http.public-max-age:60s}") Duration publicMaxAge) {
        this.handler = handler;
        this.limits = limits;
        this.persistedQueries = persistedQueries;
        this.publicCacheControl = "public, max-age=" + publicMaxAge.toSeconds();
    }

    /**
     * Serves {@code /graphql} from a servlet of its own rather than through Spring MVC's dispatcher: the
     * handler lookup, the request and response wrappers and the message conversion of a router function
     * were a tenth of a small query's CPU (docs/BENCHMARKS.md), and this endpoint needs none of them. The
     * servlet filters (security, observation, size limit) run as before. WebSocket upgrades on the same
     * path (subscriptions) are handed to the dispatcher, where Spring's GraphQL WebSocket handler is mapped.
     */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        ServletRegistrationBean<GraphQlServlet> spotcheckGraphQlServlet(GraphQlHttpEndpoint endpoint,
                @Value("${spring.graphql.http.path:/graphql}") String path) {
            ServletRegistrationBean<GraphQlServlet> registration = new ServletRegistrationBean<>(new GraphQlServlet(endpoint), path);
            registration.setName(RequestPaths.GRAPHQL_SERVLET);
            registration.setLoadOnStartup(1);
            return registration;
        }
    }

    public ResponseEntity<byte[]> post(HttpServletRequest request) {
        MediaType accept = responseType(request);
        try {
            MediaType contentType = contentType(request);
            byte[] body = readBody(request);
            if (body.length == 0) {
                throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "the request body is empty");
            }
            requireUtf8(body);
            Operation operation;
            if (APPLICATION_GRAPHQL.includes(contentType)) {
                operation = new Operation(new String(body, StandardCharsets.UTF_8), null, null, null);
            } else {
                operation = parseJsonBody(body);
            }
            return execute(request, operation, accept);
        } catch (RequestFault fault) {
            return fault(request, fault, accept);
        }
    }

    public ResponseEntity<byte[]> get(HttpServletRequest request) {
        MediaType accept = responseType(request);
        try {
            String query = request.getParameter("query");
            Map<String, Object> extensions = jsonParameter(request, "extensions");
            String persisted = PersistedQueries.hashOf(extensions);
            if ((query == null || query.isBlank()) && persisted == null) {
                throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                        "a GET request needs a `query` parameter");
            }
            Operation operation = new Operation(query == null || query.isBlank() ? PERSISTED_QUERY_MARKER : query,
                    request.getParameter("operationName"), jsonParameter(request, "variables"), extensions);
            // A persisted query is checked by the text its hash names (unknown: nothing runs anyway).
            String text = query == null || query.isBlank() ? persistedQueries.lookup(persisted) : query;
            if (text != null && !isQuery(new Operation(text, operation.operationName(), null, null))) {
                throw new RequestFault(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED,
                        "only queries may be sent with GET; send mutations and subscriptions with POST");
            }
            return execute(request, operation, accept);
        } catch (RequestFault fault) {
            return fault(request, fault, accept);
        }
    }

    public ResponseEntity<byte[]> otherMethods(HttpServletRequest request) {
        return fault(request, new RequestFault(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED,
                "use POST, or GET for queries"), responseType(request));
    }

    private ResponseEntity<byte[]> execute(HttpServletRequest request, Operation operation, MediaType accept) {
        HttpHeaders headers = new HttpHeaders();
        Collections.list(request.getHeaderNames()).forEach(name -> headers.addAll(name, Collections.list(request.getHeaders(name))));
        WebGraphQlRequest graphQlRequest = new WebGraphQlRequest(
                URI.create(request.getRequestURL().toString()), headers, new LinkedMultiValueMap<>(),
                new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()), new LinkedHashMap<>(),
                new DefaultGraphQlRequest(operation.query(), operation.operationName(), operation.variables(), operation.extensions()),
                // An id for logs and observations, not a secret: no SecureRandom per request.
                new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong()).toString(), request.getLocale() == null ? Locale.getDefault() : request.getLocale());
        WebGraphQlResponse response;
        try {
            // The engine runs resolvers on this thread until one goes asynchronous; the budget
            // covers the rest. Resolvers past the deadline are refused by LimitsInstrumentation.
            // block(Duration) waits on the calling thread; timeout() would schedule a timer task per request.
            response = handler.handleRequest(graphQlRequest).block(limits.timeout().plus(Duration.ofSeconds(2)));
        } catch (RuntimeException e) {
            if (reactor.core.Exceptions.unwrap(e) instanceof java.util.concurrent.TimeoutException
                    || e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")) {
                return fault(request, new RequestFault(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT,
                        "the request took longer than " + limits.timeout().toSeconds() + " s"), accept);
            }
            if (GraphQlExceptionResolver.isBackendDown(e)) {
                return fault(request, new RequestFault(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.BACKEND_UNAVAILABLE,
                        "a back-end service is unavailable; try again shortly"), accept);
            }
            log.error("GraphQL request failed outside any resolver", e);
            return fault(request, new RequestFault(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error"), accept);
        }
        if (response == null) {
            return fault(request, new RequestFault(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT, "no response"), accept);
        }
        if (response.getExecutionResult().getData() instanceof org.reactivestreams.Publisher<?>) {
            // A subscription sent over plain HTTP: the engine answers a stream nobody subscribes to,
            // which would otherwise be serialised as the publisher object itself.
            return fault(request, new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                    "subscriptions run over WebSocket (graphql-transport-ws) on this path, not over POST or GET"), accept);
        }
        Map<String, Object> result = withRateLimit(request, response.toMap());
        // application/json: the GraphQL result is always a 200. The newer media type reports a
        // request error (nothing executed, so no data entry) with a 4xx, as the spec asks.
        HttpStatus status = GRAPHQL_RESPONSE.equals(accept) && !result.containsKey("data") ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
        HttpHeaders out = new HttpHeaders();
        out.putAll(response.getResponseHeaders());
        out.setContentType(withUtf8(accept));
        // Public GET queries may be cached briefly by browsers and proxies: the public sees the same
        // answer whoever asks. Nothing a signed-in caller receives is stored anywhere.
        boolean publicAnswer = "GET".equals(request.getMethod()) && status == HttpStatus.OK && !result.containsKey("errors")
                && io.spotcheck.security.CallerArgumentResolver.current().isAnonymous();
        out.setCacheControl(publicAnswer ? publicCacheControl : "no-store");
        out.setVary(VARY);
        return new ResponseEntity<>(write(result), out, status);
    }

    /** The caller's rate-limit state in {@code extensions.rateLimit} (see {@link RateLimitFilter}). */
    private static Map<String, Object> withRateLimit(HttpServletRequest request, Map<String, Object> result) {
        Map<String, Object> state = RateLimitFilter.extension(request);
        if (state == null) {
            return result;
        }
        Map<String, Object> out = new LinkedHashMap<>(result);
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (result.get("extensions") instanceof Map<?, ?> existing) {
            existing.forEach((k, v) -> extensions.put(String.valueOf(k), v));
        }
        extensions.put("rateLimit", state);
        out.put("extensions", extensions);
        return out;
    }

    private ResponseEntity<byte[]> fault(HttpServletRequest request, RequestFault fault, MediaType accept) {
        HttpHeaders out = new HttpHeaders();
        out.setContentType(withUtf8(accept));
        if (fault.status == HttpStatus.METHOD_NOT_ALLOWED) {
            out.set(HttpHeaders.ALLOW, "GET, POST");
        }
        return new ResponseEntity<>(write(withRateLimit(request, HttpErrors.body(fault.code, fault.getMessage(), Map.of()))), out, fault.status);
    }

    private byte[] write(Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            log.error("could not serialise a GraphQL response", e);
            return "{\"errors\":[{\"message\":\"internal error\",\"extensions\":{\"code\":\"INTERNAL\"}}]}"
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final List<String> VARY = List.of(HttpHeaders.ACCEPT, HttpHeaders.AUTHORIZATION, "X-API-Key");
    private static final String PERSISTED_QUERY_MARKER = graphql.execution.preparsed.persisted.PersistedQuerySupport.PERSISTED_QUERY_MARKER;

    private static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);
    private static final MediaType GRAPHQL_RESPONSE_UTF8 = new MediaType(GRAPHQL_RESPONSE, StandardCharsets.UTF_8);

    private static MediaType withUtf8(MediaType type) {
        // responseType answers one of these two; building a MediaType per request was measurable.
        if (type == MediaType.APPLICATION_JSON) {
            return JSON_UTF8;
        }
        return type == GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE_UTF8 : new MediaType(type, StandardCharsets.UTF_8);
    }

    /** The first acceptable of graphql-response+json and json; json when nothing (or junk) is asked for. */
    static MediaType responseType(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.ACCEPT);
        if (header == null || header.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        try {
            List<MediaType> accepted = MediaType.parseMediaTypes(header);
            MediaType.sortByQualityValue(accepted);
            for (MediaType type : accepted) {
                if (type.getQualityValue() <= 0) {
                    continue;
                }
                if (GRAPHQL_RESPONSE.equalsTypeAndSubtype(type)) {
                    return GRAPHQL_RESPONSE;
                }
                if (type.includes(MediaType.APPLICATION_JSON)) {
                    return MediaType.APPLICATION_JSON;
                }
            }
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_JSON;
        }
        return MediaType.APPLICATION_JSON;
    }

    private static MediaType contentType(HttpServletRequest request) {
        String header = request.getContentType();
        if (header == null || header.isBlank()) {
            throw new RequestFault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the request as Content-Type: application/json");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw new RequestFault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type header cannot be parsed");
        }
        if (!MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) && !APPLICATION_GRAPHQL.equalsTypeAndSubtype(type)) {
            throw new RequestFault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "send the request as Content-Type: application/json");
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw new RequestFault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "only UTF-8 request bodies are accepted");
        }
        return type;
    }

    private byte[] readBody(HttpServletRequest request) {
        long max = limits.maxBodyBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        } catch (IOException e) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "the request body could not be read");
        }
    }

    /**
     * Refuses bytes that are not well-formed UTF-8 (overlong forms such as {@code C0 AF} for '/',
     * surrogates, truncated sequences), which the JSON parser would otherwise decode leniently; the
     * subject import refuses the same bytes. Bodies of ASCII only, the usual case, are not decoded twice.
     */
    static void requireUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(body));
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "the request body is not valid UTF-8");
                }
                return;
            }
        }
    }

    static RequestFault tooLarge(long max) {
        return new RequestFault(HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE,
                "the request body is larger than " + max + " bytes");
    }

    /** Read as plain maps, lists and values: a JSON tree converted to maps afterwards cost twice the parsing. */
    private Operation parseJsonBody(byte[] body) {
        if (isBlank(body)) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "the request body is empty");
        }
        Object root;
        try {
            root = reader.readValue(body, Object.class);
        } catch (IOException e) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "the request body is not valid JSON");
        }
        if (root instanceof List<?>) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.BATCH_NOT_SUPPORTED,
                    "batched requests (a JSON array) are not supported; send one operation per request");
        }
        if (!(root instanceof Map<?, ?> fields)) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                    "the request body must be a JSON object with a `query`");
        }
        Object query = fields.get("query");
        if (query == null && fields.get("extensions") instanceof Map<?, ?> ext
                && PersistedQueries.hashOf(objectOrNull(ext, "extensions")) != null) {
            // Apollo APQ: the hash alone; PersistedQueries finds the text or answers PERSISTED_QUERY_NOT_FOUND.
            query = PERSISTED_QUERY_MARKER;
        }
        if (query == null) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "the request has no `query`");
        }
        if (!(query instanceof String text)) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "`query` must be a string");
        }
        if (text.isBlank()) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "`query` is empty");
        }
        Object operationName = fields.get("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "`operationName` must be a string or null");
        }
        return new Operation(text, (String) operationName, objectOrNull(fields.get("variables"), "variables"),
                objectOrNull(fields.get("extensions"), "extensions"));
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
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "`" + name + "` must be a JSON object or null");
        }
        return (Map<String, Object>) value;
    }

    private Map<String, Object> jsonParameter(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return objectOrNull(reader.readValue(value, Object.class), name);
        } catch (IOException e) {
            throw new RequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST, "`" + name + "` is not valid JSON");
        }
    }

    /** True unless the operation that would run is a mutation or subscription. */
    private static boolean isQuery(Operation operation) {
        Document document;
        try {
            document = Parser.parse(operation.query());
        } catch (RuntimeException e) {
            return true; // let the engine report the syntax error in its usual shape
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        for (OperationDefinition definition : operations) {
            boolean selected = operation.operationName() == null
                    ? operations.size() == 1
                    : operation.operationName().equals(definition.getName());
            if (selected && definition.getOperation() != OperationDefinition.Operation.QUERY) {
                return false;
            }
        }
        return true;
    }

    record Operation(String query, String operationName, Map<String, Object> variables, Map<String, Object> extensions) {}

    static final class RequestFault extends RuntimeException {
        final HttpStatus status;
        final ErrorCode code;

        RequestFault(HttpStatus status, ErrorCode code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
