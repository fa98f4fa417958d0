package io.spotcheck.system;

import graphql.execution.instrumentation.Instrumentation;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * The same instrumentations, in the same order, as Spring Boot hands to the engine (every
     * {@code Instrumentation} bean), chained without the per-field hooks none of them implements.
     * Spring's configurers run after it has set its own chain, so this one replaces it.
     */
    @Bean
    GraphQlSourceBuilderCustomizer leanInstrumentationChain(ObjectProvider<Instrumentation> instrumentations) {
        return builder -> builder.configureGraphQl(graphQl -> {
            List<Instrumentation> all = instrumentations.orderedStream().toList();
            if (all.size() > 1) {
                graphQl.instrumentation(new LeanChainedInstrumentation(all));
            }
        });
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
