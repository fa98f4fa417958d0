package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LeanChainedInstrumentationTest {

    private static final GraphQL.Builder ENGINE = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse("type Query { items: [Item!]! } type Item { name: String! size: Int! }"),
            RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("items",
                    env -> List.of(Map.of("name", "a", "size", 1), Map.of("name", "b", "size", 2)))).build()));

    /** Records field completions and every data fetcher it is asked to instrument. */
    static final class CompletionRecorder extends SimplePerformantInstrumentation {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final List<String> fetchers = new CopyOnWriteArrayList<>();

        @Override
        public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
                                                                   InstrumentationState state) {
            completed.add(parameters.getExecutionStepInfo().getPath().toString());
            return SimpleInstrumentationContext.noOp();
        }

        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                    InstrumentationState state) {
            fetchers.add(parameters.getEnvironment().getExecutionStepInfo().getPath().toString());
            return dataFetcher;
        }
    }

    /** Sees the operation begin: request-level hooks still reach every instrumentation. */
    static final class OperationCounter extends SimplePerformantInstrumentation {
        int operations;

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                             InstrumentationState state) {
            operations++;
            return null;
        }
    }

    @Test
    void aPerFieldHookThatOneInstrumentationImplementsStillReachesItForEveryField() {
        CompletionRecorder recorder = new CompletionRecorder();
        OperationCounter counter = new OperationCounter();
        ExecutionResult result = ENGINE.instrumentation(new LeanChainedInstrumentation(List.of(counter, recorder))).build()
                .execute("{ items { name size } }");

        assertThat(result.getErrors()).isEmpty();
        assertThat(result.<Map<String, Object>>getData()).isEqualTo(Map.of("items",
                List.of(Map.of("name", "a", "size", 1), Map.of("name", "b", "size", 2))));
        assertThat(recorder.completed).contains("/items", "/items[0]/name", "/items[1]/size");
        assertThat(recorder.fetchers).contains("/items", "/items[0]/name", "/items[1]/size");
        assertThat(counter.operations).isEqualTo(1);
    }

    @Test
    void hooksNoInstrumentationImplementsAreSkippedAndTheOthersChained() {
        var lean = new LeanChainedInstrumentation(List.of(new OperationCounter(), new CompletionRecorder()));
        // fieldExecution, fieldFetching, fieldCompletion, fieldListCompletion, executeObject, executionStrategy
        assertThat(lean.chainedHooks()).containsExactly(false, false, true, false, false, false);
    }

    @Test
    void beginFieldFetchAloneCountsAsAFetchingHookBecauseTheDefaultAdaptsIt() {
        Instrumentation legacy = new SimplePerformantInstrumentation() {
            @Override
            @SuppressWarnings("deprecation")
            public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
                return SimpleInstrumentationContext.noOp();
            }
        };
        assertThat(new LeanChainedInstrumentation(List.of(legacy)).chainedHooks().get(1)).isTrue();
    }
}
