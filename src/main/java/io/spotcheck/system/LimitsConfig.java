package io.spotcheck.system;

import org.springframework.boot.autoconfigure.graphql.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Per-request limits as graphql-java instrumentation, which Spring for GraphQL applies to every
 * operation. Order matters: shape and page sizes first (cheap, and they make the later walks
 * safe), then depth, then complexity. Exceeding one aborts the request with QUERY_TOO_COMPLEX
 * (or BAD_USER_INPUT for a page size) before any resolver runs.
 */
@Configuration(proxyBeanMethods = false)
public class LimitsConfig {

    /** Accepted documents are parsed and validated once (see {@link ParsedDocumentCache}); Apollo APQ in front ({@link PersistedQueries}). */
    @Bean
    GraphQlSourceBuilderCustomizer parsedDocumentCache(PersistedQueries persistedQueries) {
        ParsedDocumentCache cache = new ParsedDocumentCache(1_000);
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(persistedQueries.in(cache)));
    }

    @Bean
    @Order(10)
    LimitsInstrumentation limitsInstrumentation(LimitsProperties limits) {
        return new LimitsInstrumentation(limits);
    }

    @Bean
    @Order(20)
    OncePerShape maxQueryDepthInstrumentation(LimitsProperties limits) {
        return new OncePerShape(new DepthLimit(limits.maxDepth()));
    }

    @Bean
    @Order(30)
    ComplexityLimit maxQueryComplexityInstrumentation(LimitsProperties limits) {
        return new ComplexityLimit(limits.maxComplexity(), limits.maxPageSize());
    }
}
