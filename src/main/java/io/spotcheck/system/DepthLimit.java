package io.spotcheck.system;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import java.util.Map;
import java.util.Set;

/**
 * The depth limit, with introspection under its own rule. The standard introspection query of
 * graphql-js ({@code getIntrospectionQuery()}, which GraphiQL, codegen, graphql-inspector, Postman and
 * Rover send) nests {@value #INTROSPECTION_DEPTH} fields deep, for its nine levels of {@code ofType}:
 * deeper than any ordinary query needs. An operation that selects nothing but {@code __schema},
 * {@code __type} and {@code __typename} is therefore held to {@value #INTROSPECTION_DEPTH} instead
 * of the ordinary limit, and to graphql-java's good-faith introspection check (each of
 * {@code __schema}, {@code __type} and the {@code __Type} fields {@code fields}, {@code inputFields},
 * {@code interfaces}, {@code possibleTypes} at most once), which keeps it from walking the schema's
 * cycles. An operation mixing introspection with ordinary fields gets the ordinary limit.
 */
public final class DepthLimit extends SimplePerformantInstrumentation {

    /** The depth of graphql-js's standard introspection query (16.x, every option on). */
    public static final int INTROSPECTION_DEPTH = 15;

    private static final Set<String> INTROSPECTION_ROOTS = Set.of("__schema", "__type", "__typename");

    private final MaxQueryDepthInstrumentation ordinary;
    private final MaxQueryDepthInstrumentation introspection;

    public DepthLimit(int maxDepth) {
        this.ordinary = new Limit(maxDepth, "");
        this.introspection = new Limit(INTROSPECTION_DEPTH, " for an introspection query");
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        boolean introspecting = isIntrospectionOnly(parameters.getExecutionContext().getOperationDefinition());
        return (introspecting ? introspection : ordinary).beginExecuteOperation(parameters, state);
    }

    /** True when every root selection is an introspection field (fragments on the root type count as ordinary). */
    static boolean isIntrospectionOnly(OperationDefinition operation) {
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            return false;
        }
        for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field) || !INTROSPECTION_ROOTS.contains(field.getName())) {
                return false;
            }
        }
        return true;
    }

    private static final class Limit extends MaxQueryDepthInstrumentation {
        private final int max;
        private final String what;

        Limit(int max, String what) {
            super(max);
            this.max = max;
            this.what = what;
        }

        @Override
        protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
            return LimitsInstrumentation.abort(ErrorCode.QUERY_TOO_COMPLEX, "the query nests fields " + depth
                    + " deep; at most " + max + " are allowed" + what, Map.of("depth", depth, "limit", max));
        }
    }
}
