package io.spotcheck.system;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Spring for GraphQL's {@link GraphQlHttpHandler} with what GraphQL over HTTP
 * (graphql.github.io/graphql-over-http) asks beyond it, through its extension points:
 * <ul>
 * <li>{@link #handleGet}: queries (never mutations, 405) sent with GET, which the handler of this
 *   version does not take; they run through the same {@link WebGraphQlHandler} and interceptors;</li>
 * <li>{@link #prepareResponse}: the response media type chosen by the Accept header's quality values,
 *   always with {@code charset=utf-8}; with {@code application/graphql-response+json} a request error
 *   (nothing executed, so no {@code data}) is a 400; a subscription sent over HTTP, a timeout, a back end
 *   that is down or an unexpected failure each get their status and stable code.</li>
 * </ul>
 * Reading the body is {@link GraphQlRequestConverter}'s; refusals are answered by {@link GraphQlHttpRoutes}.
 */
public class GraphQlOverHttpHandler extends GraphQlHttpHandler {

    private static final Logger log = LoggerFactory.getLogger(GraphQlOverHttpHandler.class);
    public static final MediaType GRAPHQL_RESPONSE = MediaType.APPLICATION_GRAPHQL_RESPONSE;
    private static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);
    private static final MediaType GRAPHQL_RESPONSE_UTF8 = new MediaType(GRAPHQL_RESPONSE, StandardCharsets.UTF_8);
    private static final String PERSISTED_QUERY_MARKER = graphql.execution.preparsed.persisted.PersistedQuerySupport.PERSISTED_QUERY_MARKER;
    /** Request attribute marking a query sent with GET (see {@link HttpCachingInterceptor}). */
    static final String GET_QUERY = GraphQlOverHttpHandler.class.getName() + ".get";

    private final WebGraphQlHandler graphQl;
    private final GraphQlRequestConverter converter;
    private final PersistedQueries persistedQueries;
    private final Duration limit;
    private final Duration timeout;

    public GraphQlOverHttpHandler(WebGraphQlHandler graphQl, GraphQlRequestConverter converter,
            PersistedQueries persistedQueries, LimitsProperties limits) {
        super(graphQl, converter);
        this.graphQl = graphQl;
        this.converter = converter;
        this.persistedQueries = persistedQueries;
        // Resolvers past the deadline are refused by LimitsInstrumentation; this is the backstop for the rest.
        this.limit = limits.timeout();
        this.timeout = limit.plus(Duration.ofSeconds(2));
    }

    /** A query sent with GET: {@code query} (or an APQ hash in {@code extensions}), {@code operationName}, {@code variables}. */
    public ServerResponse handleGet(ServerRequest request) {
        String query = request.param("query").orElse(null);
        Map<String, Object> extensions = converter.jsonParameter(request.param("extensions").orElse(null), "extensions");
        String persisted = PersistedQueries.hashOf(extensions);
        boolean hashOnly = query == null || query.isBlank();
        if (hashOnly && persisted == null) {
            throw GraphQlRequestFault.invalid("a GET request needs a `query` parameter");
        }
        String operationName = request.param("operationName").orElse(null);
        Map<String, Object> variables = converter.jsonParameter(request.param("variables").orElse(null), "variables");
        // A persisted query is checked by the text its hash names (unknown: nothing runs anyway).
        String text = hashOnly ? persistedQueries.lookup(persisted) : query;
        if (text != null && !isQuery(text, operationName)) {
            throw new GraphQlRequestFault(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED,
                    "only queries may be sent with GET; send mutations and subscriptions with POST");
        }
        request.attributes().put(GET_QUERY, Boolean.TRUE);
        WebGraphQlRequest graphQlRequest = new WebGraphQlRequest(request.uri(), request.headers().asHttpHeaders(),
                new LinkedMultiValueMap<>(), request.remoteAddress().orElse(null), request.attributes(),
                GraphQlRequestConverter.request(hashOnly ? PERSISTED_QUERY_MARKER : query, operationName, variables, extensions),
                // An id for logs and observations, not a secret: no SecureRandom per request.
                new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong()).toString(),
                LocaleContextHolder.getLocale());
        return prepareResponse(request, graphQl.handleRequest(graphQlRequest));
    }

    @Override
    protected ServerResponse prepareResponse(ServerRequest request, Mono<WebGraphQlResponse> responseMono) {
        MediaType accept = responseType(request.headers().firstHeader(HttpHeaders.ACCEPT));
        HttpServletRequest servlet = request.servletRequest();
        CompletableFuture<ServerResponse> future = responseMono
                .map(response -> respond(servlet, response, accept))
                .onErrorResume(failure -> Mono.just(failed(servlet, failure, accept)))
                .switchIfEmpty(Mono.fromSupplier(() -> failed(servlet, new TimeoutException("no response"), accept)))
                .toFuture();
        if (future.isDone()) {
            // The engine ran every resolver on this thread: answer without an asynchronous dispatch.
            return future.join();
        }
        return ServerResponse.async(future.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(failure -> failed(servlet, failure, accept)));
    }

    private ServerResponse respond(HttpServletRequest servlet, WebGraphQlResponse response, MediaType accept) {
        if (response.getExecutionResult().getData() instanceof Publisher<?>) {
            // A subscription sent over plain HTTP: the engine answers a stream nobody subscribes to.
            return fault(servlet, new GraphQlRequestFault(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                    "subscriptions run over WebSocket (graphql-transport-ws) on this path, not over POST or GET"), accept);
        }
        Map<String, Object> result = response.toMap();
        // application/json: the GraphQL result is always a 200. The newer media type reports a
        // request error (nothing executed, so no data entry) with a 4xx, as the spec asks.
        HttpStatus status = accept == GRAPHQL_RESPONSE && !result.containsKey("data") ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
        MediaType contentType = withUtf8(accept);
        return ServerResponse.status(status)
                .headers(headers -> headers.putAll(response.getResponseHeaders()))
                .contentType(contentType)
                .build(getWriteFunction(result, contentType));
    }

    private ServerResponse failed(HttpServletRequest servlet, Throwable failure, MediaType accept) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return fault(servlet, new GraphQlRequestFault(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT,
                    "the request took longer than " + limit.toSeconds() + " s"), accept);
        }
        if (cause instanceof GraphQlRequestFault refused) {
            return fault(servlet, refused, accept);
        }
        if (GraphQlExceptionResolver.isBackendDown(cause)) {
            return fault(servlet, new GraphQlRequestFault(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.BACKEND_UNAVAILABLE,
                    "a back-end service is unavailable; try again shortly"), accept);
        }
        log.error("GraphQL request failed outside any resolver", cause);
        return fault(servlet, new GraphQlRequestFault(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error"), accept);
    }

    /** A refusal in the one error body, with the caller's rate-limit state, in the negotiated media type. */
    ServerResponse fault(HttpServletRequest servlet, GraphQlRequestFault fault, MediaType accept) {
        MediaType contentType = withUtf8(accept);
        ServerResponse.BodyBuilder builder = ServerResponse.status(fault.status()).contentType(contentType);
        if (fault.status() == HttpStatus.METHOD_NOT_ALLOWED) {
            builder.header(HttpHeaders.ALLOW, "GET, POST");
        }
        return builder.build(getWriteFunction(withRateLimit(servlet, HttpErrors.body(fault.code(), fault.getMessage(), Map.of())), contentType));
    }

    /** The caller's rate-limit state in {@code extensions.rateLimit} (see {@link RateLimiter}). */
    static Map<String, Object> withRateLimit(HttpServletRequest request, Map<String, Object> result) {
        Map<String, Object> state = RateLimiter.extension(request);
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

    static MediaType withUtf8(MediaType type) {
        return type == GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE_UTF8 : JSON_UTF8;
    }

    /**
     * The first acceptable of graphql-response+json and json by quality value; json when nothing (or
     * junk) is asked for. The handler's own choice takes exact matches in header order only.
     */
    static MediaType responseType(String header) {
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

    /** True unless the operation that would run is a mutation or subscription. */
    static boolean isQuery(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException e) {
            return true; // let the engine report the syntax error in its usual shape
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        for (OperationDefinition definition : operations) {
            boolean selected = operationName == null ? operations.size() == 1 : operationName.equals(definition.getName());
            if (selected && definition.getOperation() != OperationDefinition.Operation.QUERY) {
                return false;
            }
        }
        return true;
    }
}
