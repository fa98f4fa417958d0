package io.spotcheck.system;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetcher;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Limits graphql-java has no ready instrumentation for: aliases and field selections per document
 * (counted with fragments expanded, without expanding them, so a fragment bomb is refused in
 * linear time before validation or the complexity walk could blow up on it), page sizes on every
 * field that takes {@code first}/{@code last}, and a wall-clock deadline after which no further
 * resolver starts.
 */
public class LimitsInstrumentation extends SimplePerformantInstrumentation {

    private final LimitsProperties limits;
    /** Field and alias counts depend on the document alone; a cached document is the same instance each time. */
    private static final com.github.benmanes.caffeine.cache.Cache<Document, Shape> SHAPES =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().maximumSize(2_000).build();

    public LimitsInstrumentation(LimitsProperties limits) {
        this.limits = limits;
    }

    static final class Deadline implements InstrumentationState {
        final long at;

        Deadline(long at) {
            this.at = at;
        }
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Deadline(System.nanoTime() + limits.timeout().toNanos());
    }

    @Override
    public DocumentAndVariables instrumentDocumentAndVariables(DocumentAndVariables documentAndVariables,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        Shape shape = SHAPES.get(documentAndVariables.getDocument(), Shape::of);
        if (shape.aliases > limits.maxAliases()) {
            throw abort(ErrorCode.QUERY_TOO_COMPLEX, "the document uses " + shape.aliases + " aliases; at most "
                    + limits.maxAliases() + " are allowed");
        }
        if (shape.fields > limits.maxFields()) {
            throw abort(ErrorCode.QUERY_TOO_COMPLEX, "the document selects " + (shape.fields >= Shape.CAP ? "too many" : shape.fields)
                    + " fields; at most " + limits.maxFields() + " are allowed");
        }
        return documentAndVariables;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        return pageSizes.beginExecuteOperation(parameters, state);
    }

    /** Every {@code first}/{@code last} within the page cap; walked once per document shape (see {@link OncePerShape}). */
    private final OncePerShape pageSizes = new OncePerShape(new SimplePerformantInstrumentation() {
        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                InstrumentationState state) {
            ExecutionContext context = parameters.getExecutionContext();
            QueryTraverser.newQueryTraverser()
                    .schema(context.getGraphQLSchema())
                    .document(context.getDocument())
                    .operationName(context.getOperationDefinition().getName())
                    .coercedVariables(context.getCoercedVariables())
                    .build()
                    .visitPreOrder(new QueryVisitorStub() {
                        @Override
                        public void visitField(QueryVisitorFieldEnvironment env) {
                            int max = limits.maxPageSize(env.getFieldDefinition().getName());
                            checkPageSize(env.getArguments(), "first", env.getField().getResultKey(), max);
                            checkPageSize(env.getArguments(), "last", env.getField().getResultKey(), max);
                        }
                    });
            return null;
        }
    });

    private void checkPageSize(Map<String, Object> arguments, String name, String field, int max) {
        if (arguments.get(name) instanceof Number n) {
            long size = n.longValue();
            if (size < 0 || size > max) {
                throw abort(ErrorCode.BAD_USER_INPUT, "`" + name + "` of `" + field + "` must be between 0 and "
                        + max + ", was " + size, Map.of("field", name));
            }
        }
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (!(state instanceof Deadline deadline) || parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        return environment -> {
            if (System.nanoTime() > deadline.at) {
                throw new SpotcheckException(ErrorCode.TIMEOUT,
                        "the request ran longer than " + limits.timeout().toSeconds() + " s and was stopped");
            }
            return dataFetcher.get(environment);
        };
    }

    static AbortExecutionException abort(ErrorCode code, String message) {
        return abort(code, message, Map.of());
    }

    static AbortExecutionException abort(ErrorCode code, String message, Map<String, Object> extra) {
        Map<String, Object> extensions = new HashMap<>(extra);
        extensions.put("code", code.name());
        GraphQLError error = GraphqlErrorBuilder.newError().message(message).errorType(code.classification())
                .extensions(extensions).build();
        return new AbortExecutionException(List.of(error));
    }

    /** Field and alias counts of a document as if every fragment were written out in place. */
    record Shape(long fields, long aliases) {

        static final long CAP = 1_000_000_000L;

        static Shape of(Document document) {
            Map<String, FragmentDefinition> fragments = new HashMap<>();
            document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
            Counter counter = new Counter(fragments);
            long fields = 0;
            long aliases = 0;
            for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
                long[] count = counter.count(operation.getSelectionSet());
                fields = Math.max(fields, count[0]);
                aliases = Math.max(aliases, count[1]);
            }
            return new Shape(fields, aliases);
        }

        private static final class Counter {
            private final Map<String, FragmentDefinition> fragments;
            private final Map<String, long[]> memo = new HashMap<>();
            private final Set<String> inProgress = new HashSet<>();

            Counter(Map<String, FragmentDefinition> fragments) {
                this.fragments = fragments;
            }

            long[] count(SelectionSet set) {
                long[] total = {0, 0};
                if (set == null) {
                    return total;
                }
                for (Selection<?> selection : set.getSelections()) {
                    long[] part;
                    if (selection instanceof Field field) {
                        long[] inner = count(field.getSelectionSet());
                        part = new long[] {1 + inner[0], (field.getAlias() != null ? 1 : 0) + inner[1]};
                    } else if (selection instanceof InlineFragment inline) {
                        part = count(inline.getSelectionSet());
                    } else if (selection instanceof FragmentSpread spread) {
                        part = fragment(spread.getName());
                    } else {
                        part = new long[] {0, 0};
                    }
                    total[0] = Math.min(CAP, total[0] + part[0]);
                    total[1] = Math.min(CAP, total[1] + part[1]);
                }
                return total;
            }

            private long[] fragment(String name) {
                long[] known = memo.get(name);
                if (known != null) {
                    return known;
                }
                FragmentDefinition definition = fragments.get(name);
                // Unknown or cyclic: validation refuses the document; count nothing here.
                if (definition == null || !inProgress.add(name)) {
                    return new long[] {0, 0};
                }
                long[] result = count(definition.getSelectionSet());
                inProgress.remove(name);
                memo.put(name, result);
                return result;
            }
        }
    }
}
