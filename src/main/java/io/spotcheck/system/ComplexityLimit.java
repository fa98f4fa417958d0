package io.spotcheck.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.analysis.QueryComplexityCalculator;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The complexity limit ({@link ComplexityCalculator} says what a field costs), with two things
 * graphql-java's {@code MaxQueryComplexityInstrumentation} does not give: a refusal that names the
 * cost, the limit and the pages that multiply it, and the cost of every executed operation in the
 * response's {@code extensions.cost} ({@code requested}, {@code limit}), so a client sees how close it
 * is before it is refused. The cost depends on the document shape alone and is computed once per
 * shape (see {@link OncePerShape.Shape}).
 */
public final class ComplexityLimit extends SimplePerformantInstrumentation {

    private final int limit;
    private final ComplexityCalculator calculator;
    private final Cache<OncePerShape.Shape, Integer> costs = Caffeine.newBuilder().maximumSize(10_000).build();

    public ComplexityLimit(int limit, int maxPageSize) {
        this.limit = limit;
        this.calculator = new ComplexityCalculator(maxPageSize);
    }

    /** The cost of the operation this request ran; null until one is analysed. */
    static final class Cost implements InstrumentationState {
        volatile Integer requested;
    }

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return CompletableFuture.completedFuture(new Cost());
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        int cost = costs.get(OncePerShape.Shape.of(context), shape -> calculate(context));
        if (state instanceof Cost c) {
            c.requested = cost;
        }
        if (cost > limit) {
            List<Map<String, Object>> multipliers = multipliers(context);
            throw LimitsInstrumentation.abort(ErrorCode.QUERY_TOO_COMPLEX, message(cost, limit, multipliers),
                    Map.of("cost", cost, "limit", limit, "multipliers", multipliers));
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        Integer requested = state instanceof Cost c ? c.requested : null;
        if (requested == null) {
            // Nothing was analysed (a syntax or validation error): nothing ran, so nothing was spent.
            requested = 0;
        }
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requested", requested);
        cost.put("limit", limit);
        return CompletableFuture.completedFuture(result.transform(b -> b.addExtension("cost", cost)));
    }

    private int calculate(ExecutionContext context) {
        return QueryComplexityCalculator.newCalculator()
                .fieldComplexityCalculator(calculator)
                .schema(context.getGraphQLSchema())
                .document(context.getDocument())
                .operationName(context.getOperationDefinition().getName())
                .variables(context.getCoercedVariables())
                .build()
                .calculate();
    }

    /** Every field with a page size, outermost first, with its path and the product of the pages around it. */
    static List<Map<String, Object>> multipliers(ExecutionContext context) {
        List<Map<String, Object>> found = new ArrayList<>();
        QueryTraverser.newQueryTraverser()
                .schema(context.getGraphQLSchema())
                .document(context.getDocument())
                .operationName(context.getOperationDefinition().getName())
                .coercedVariables(context.getCoercedVariables())
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment env) {
                        long size = ComplexityCalculator.multiplier(env.getArguments());
                        if (size <= 1) {
                            return;
                        }
                        List<String> path = new ArrayList<>();
                        long outer = 1;
                        for (QueryVisitorFieldEnvironment e = env; e != null; e = e.getParentEnvironment()) {
                            path.add(0, e.getField().getResultKey());
                            if (e != env) {
                                outer *= Math.max(1, ComplexityCalculator.multiplier(e.getArguments()));
                            }
                        }
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("path", String.join(".", path));
                        entry.put("pageSize", size);
                        entry.put("times", Math.min(Integer.MAX_VALUE, outer * size));
                        found.add(entry);
                    }
                });
        return found;
    }

    static String message(int cost, int limit, List<Map<String, Object>> multipliers) {
        StringBuilder text = new StringBuilder("the query costs ").append(cost).append(", more than the limit of ").append(limit)
                .append(". Every field that returns an object costs 1 (scalar and enum fields cost nothing), and a page multiplies what it selects by its size");
        if (!multipliers.isEmpty()) {
            text.append(": ");
            for (int i = 0; i < multipliers.size(); i++) {
                Map<String, Object> m = multipliers.get(i);
                text.append(i == 0 ? "" : ", ").append('`').append(m.get("path")).append("` (page of ").append(m.get("pageSize"))
                        .append(", objects under it counted ").append(m.get("times")).append(" times)");
            }
            text.append(". Ask for smaller pages or fewer nested objects");
        } else {
            text.append(". Select fewer nested objects");
        }
        return text.append('.').toString();
    }
}
