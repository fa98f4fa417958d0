package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParsedDocumentCacheTest {

    /** Counts how often graphql-java really parses and validates, around the cache under test. */
    static final class Counting implements PreparsedDocumentProvider {
        final ParsedDocumentCache cache = new ParsedDocumentCache(10);
        final AtomicInteger parses = new AtomicInteger();

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
                Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            return cache.getDocumentAsync(input, in -> {
                parses.incrementAndGet();
                return parseAndValidate.apply(in);
            });
        }
    }

    final Counting counting = new Counting();
    final GraphQL graphQl = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(
                    new SchemaParser().parse("type Query { hello(name: String): String }"),
                    RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("hello", env -> "hi " + env.getArgument("name"))).build()))
            .preparsedDocumentProvider(counting).build();

    @Test
    void anAcceptedDocumentIsParsedOnceAndStillExecutedWithEachRequestsVariables() {
        String query = "query($n: String) { hello(name: $n) }";
        Object first = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(java.util.Map.of("n", "a"))).getData();
        Object second = graphQl.execute(ExecutionInput.newExecutionInput(query).variables(java.util.Map.of("n", "b"))).getData();
        assertThat(first).hasToString("{hello=hi a}");
        assertThat(second).hasToString("{hello=hi b}");
        assertThat(counting.parses).hasValue(1);
        assertThat(counting.cache.size()).isEqualTo(1);
    }

    @Test
    void aDocumentThatFailsValidationIsNeverKept() {
        for (int i = 0; i < 3; i++) {
            assertThat(graphQl.execute("{ goodbye }").getErrors()).isNotEmpty();
        }
        assertThat(counting.parses).hasValue(3);
        assertThat(counting.cache.size()).isZero();
    }
}
