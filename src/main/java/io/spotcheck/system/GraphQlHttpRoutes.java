package io.spotcheck.system;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import graphql.schema.idl.SchemaPrinter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GraphQL over HTTP on {@code spring.graphql.http.path}: POST through Spring for GraphQL's handler,
 * GET for queries ({@link GraphQlOverHttpHandler#handleGet}), every other method a 405 with a stable
 * code, and every refusal (unreadable body, wrong media type) in the one error body instead of a
 * framework error page. This router comes before Spring Boot's own GraphQL router, which therefore
 * never sees {@code /graphql} requests; WebSocket upgrades on the same path go to Spring's GraphQL
 * WebSocket handler, whose mapping comes before every router. {@code /graphql/schema} (when the
 * schema printer is on) is answered here too: the SDL with its schema definition for GET and HEAD, 405
 * for the rest.
 */
@Configuration(proxyBeanMethods = false)
public class GraphQlHttpRoutes {

    private static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    /** The handler Spring Boot's GraphQL auto-configuration would otherwise create (it backs off for this bean). */
    @Bean
    GraphQlOverHttpHandler graphQlHttpHandler(WebGraphQlHandler webGraphQlHandler, PersistedQueries persistedQueries,
            LimitsProperties limits) {
        return new GraphQlOverHttpHandler(webGraphQlHandler, new GraphQlRequestConverter(limits.maxBodyBytes()),
                persistedQueries, limits);
    }

    /** Caching headers and the rate-limit state of HTTP answers ({@link HttpCachingInterceptor}). */
    @Bean
    HttpCachingInterceptor httpCachingInterceptor(@Value("${spotcheck.http.public-max-age:60s}") Duration publicMaxAge,
            PublicCaller caller) {
        return new HttpCachingInterceptor(publicMaxAge, caller);
    }

    @Bean
    @Order(-1)
    RouterFunction<ServerResponse> spotcheckGraphQlRouter(GraphQlOverHttpHandler handler, GraphQlSource graphQlSource,
            @Value("${spring.graphql.http.path:/graphql}") String path,
            @Value("${spring.graphql.schema.printer.enabled:false}") boolean printSchema) {
        RouterFunctions.Builder routes = RouterFunctions.route();
        if (printSchema) {
            // Boot's schema route answers GET only (any other method fell through to a 404) and prints
            // no schema definition, so the SDL lacked the schema's description that introspection shows.
            SchemaPrinter printer = new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeSchemaDefinition(true));
            String schemaPath = path + "/schema";
            routes.route(RequestPredicates.path(schemaPath).and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD)),
                            request -> ServerResponse.ok().contentType(TEXT_UTF8).body(printer.print(graphQlSource.schema())))
                    .route(RequestPredicates.path(schemaPath), request -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
                            .header(HttpHeaders.ALLOW, "GET, HEAD").contentType(MediaType.APPLICATION_JSON)
                            .body(HttpErrors.body(ErrorCode.METHOD_NOT_ALLOWED, "the schema is read with GET", Map.of())));
        }
        return routes
                .POST(path, refusals(handler, handler::handleRequest))
                // HEAD runs the query like GET; the container sends the headers only.
                .route(RequestPredicates.path(path).and(RequestPredicates.methods(
                        HttpMethod.GET, HttpMethod.HEAD)),
                        refusals(handler, handler::handleGet))
                .route(RequestPredicates.path(path), request -> handler.fault(request.servletRequest(),
                        new GraphQlRequestFault(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.METHOD_NOT_ALLOWED,
                                "use POST, or GET for queries"), accept(request)))
                .build();
    }

    /** The handler's refusals, each answered with its status and code. */
    private static HandlerFunction<ServerResponse> refusals(GraphQlOverHttpHandler handler, HandlerFunction<ServerResponse> next) {
        return request -> {
            try {
                return next.handle(request);
            } catch (GraphQlRequestFault fault) {
                return handler.fault(request.servletRequest(), fault, accept(request));
            } catch (HttpMediaTypeNotSupportedException | UnsupportedMediaTypeStatusException e) {
                return handler.fault(request.servletRequest(), new GraphQlRequestFault(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the request as Content-Type: application/json (UTF-8)"), accept(request));
            }
        };
    }

    private static MediaType accept(ServerRequest request) {
        return GraphQlOverHttpHandler.responseType(request.headers().firstHeader(HttpHeaders.ACCEPT));
    }
}
