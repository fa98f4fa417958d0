package io.spotcheck.system;

import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.ExecutionStrategyInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * graphql-java's {@link ChainedInstrumentation}, minus the per-field hooks nobody in the chain
 * implements. The chain calls every instrumentation's {@code beginFieldExecution},
 * {@code beginFieldFetching}, {@code beginFieldCompletion}, {@code beginExecuteObject}, ... for
 * every field and object of every response, allocating a list and a context each time, although
 * none of the server's instrumentations implements them: that was a tenth of a review-queue
 * request's CPU in a profile. A hook that some instrumentation does implement goes through the
 * chain exactly as before; request-level hooks always do.
 */
public final class LeanChainedInstrumentation extends ChainedInstrumentation {

    /** The classes whose hook bodies do nothing (or only adapt to another hook). */
    private static final Set<Class<?>> NO_OP_BASES = Set.of(Instrumentation.class, SimplePerformantInstrumentation.class,
            graphql.execution.instrumentation.SimpleInstrumentation.class);

    private final boolean fieldExecution;
    private final boolean fieldFetching;
    private final boolean fieldCompletion;
    private final boolean fieldListCompletion;
    private final boolean executeObject;
    private final boolean executionStrategy;

    public LeanChainedInstrumentation(List<Instrumentation> instrumentations) {
        super(instrumentations);
        this.fieldExecution = anyImplements(instrumentations, "beginFieldExecution", InstrumentationFieldParameters.class);
        // beginFieldFetching's default adapts beginFieldFetch, so either one counts.
        this.fieldFetching = anyImplements(instrumentations, "beginFieldFetching", InstrumentationFieldFetchParameters.class)
                || anyImplements(instrumentations, "beginFieldFetch", InstrumentationFieldFetchParameters.class);
        this.fieldCompletion = anyImplements(instrumentations, "beginFieldCompletion", InstrumentationFieldCompleteParameters.class);
        this.fieldListCompletion = anyImplements(instrumentations, "beginFieldListCompletion", InstrumentationFieldCompleteParameters.class);
        this.executeObject = anyImplements(instrumentations, "beginExecuteObject", InstrumentationExecutionStrategyParameters.class);
        this.executionStrategy = anyImplements(instrumentations, "beginExecutionStrategy", InstrumentationExecutionStrategyParameters.class);
    }

    /** Whether any instrumentation's class (not a no-op base) declares the hook. */
    static boolean anyImplements(List<Instrumentation> instrumentations, String hook, Class<?> parameters) {
        for (Instrumentation instrumentation : instrumentations) {
            if (implementsHook(instrumentation.getClass(), hook, parameters)) {
                return true;
            }
        }
        return false;
    }

    static boolean implementsHook(Class<?> type, String hook, Class<?> parameters) {
        try {
            Method method = type.getMethod(hook, parameters, InstrumentationState.class);
            return !NO_OP_BASES.contains(method.getDeclaringClass());
        } catch (NoSuchMethodException e) {
            // A hook this graphql-java does not have under that signature: assume it is used.
            return true;
        }
    }

    /** Which per-field hooks go through the chain, in declaration order (for tests). */
    List<Boolean> chainedHooks() {
        return Arrays.asList(fieldExecution, fieldFetching, fieldCompletion, fieldListCompletion, executeObject, executionStrategy);
    }

    @Override
    public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters, InstrumentationState state) {
        return fieldExecution ? super.beginFieldExecution(parameters, state) : SimpleInstrumentationContext.noOp();
    }

    @Override
    public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        return fieldFetching ? super.beginFieldFetch(parameters, state) : SimpleInstrumentationContext.noOp();
    }

    @Override
    public FieldFetchingInstrumentationContext beginFieldFetching(InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        return fieldFetching ? super.beginFieldFetching(parameters, state) : FieldFetchingInstrumentationContext.NOOP;
    }

    @Override
    public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters, InstrumentationState state) {
        return fieldCompletion ? super.beginFieldCompletion(parameters, state) : SimpleInstrumentationContext.noOp();
    }

    @Override
    public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
                                                                   InstrumentationState state) {
        return fieldListCompletion ? super.beginFieldListCompletion(parameters, state) : SimpleInstrumentationContext.noOp();
    }

    @Override
    public ExecuteObjectInstrumentationContext beginExecuteObject(InstrumentationExecutionStrategyParameters parameters,
                                                                  InstrumentationState state) {
        return executeObject ? super.beginExecuteObject(parameters, state) : ExecuteObjectInstrumentationContext.NOOP;
    }

    @Override
    public ExecutionStrategyInstrumentationContext beginExecutionStrategy(InstrumentationExecutionStrategyParameters parameters,
                                                                          InstrumentationState state) {
        return executionStrategy ? super.beginExecutionStrategy(parameters, state) : ExecutionStrategyInstrumentationContext.NOOP;
    }
}
