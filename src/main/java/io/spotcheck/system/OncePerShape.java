package io.spotcheck.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.VariableReference;
import graphql.validation.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a document-shape check (depth, complexity, page sizes) once per shape instead of on every
 * request: each walks the whole query with its arguments coerced, and graphql-java's instrumentations
 * ({@code MaxQueryDepthInstrumentation}, {@code MaxQueryComplexityInstrumentation}) have no memory of a
 * shape they have already accepted, so a client repeating one query would pay the walks every time. A shape is the parsed document (one instance per text,
 * see {@link ParsedDocumentCache}), the operation, and the values of the only variables these checks
 * read — those given to {@code first}/{@code last} and to directives ({@code @skip}/{@code @include}).
 * A shape that passed once passes again; one that failed is checked (and refused) every time.
 */
public final class OncePerShape extends SimplePerformantInstrumentation {

    private final Instrumentation check;
    private final Cache<Shape, Boolean> passed = Caffeine.newBuilder().maximumSize(10_000).build();
    private static final Cache<Document, List<String>> SHAPE_VARIABLES = Caffeine.newBuilder().weakKeys().maximumSize(2_000).build();

    public OncePerShape(Instrumentation check) {
        this.check = check;
    }

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return check.createStateAsync(parameters);
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        return check.beginValidation(parameters, state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        Shape shape = Shape.of(parameters.getExecutionContext());
        if (passed.getIfPresent(shape) != null) {
            return SimpleInstrumentationContext.noOp();
        }
        InstrumentationContext<ExecutionResult> context = check.beginExecuteOperation(parameters, state);
        passed.put(shape, Boolean.TRUE);
        return context;
    }

    /** The document (by identity), the operation and the shape variables' values. */
    static final class Shape {
        private final Document document;
        private final String operation;
        private final List<Object> values;

        private Shape(Document document, String operation, List<Object> values) {
            this.document = document;
            this.operation = operation;
            this.values = values;
        }

        static Shape of(ExecutionContext context) {
            Document document = context.getDocument();
            List<String> names = SHAPE_VARIABLES.get(document, OncePerShape::shapeVariables);
            List<Object> values = new ArrayList<>(names.size());
            var variables = context.getCoercedVariables();
            for (String name : names) {
                values.add(variables.containsKey(name) ? String.valueOf(variables.get(name)) : null);
            }
            return new Shape(document, context.getOperationDefinition().getName(), values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && s.document == document && Objects.equals(s.operation, operation) && s.values.equals(values);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * System.identityHashCode(document) + Objects.hashCode(operation)) + values.hashCode();
        }
    }

    /** Variables given to an argument named first or last, or to a directive, anywhere in the document. */
    static List<String> shapeVariables(Document document) {
        Set<String> names = new TreeSet<>();
        collect(document, false, names);
        return List.copyOf(names);
    }

    private static void collect(Node<?> node, boolean counts, Set<String> names) {
        boolean here = counts || node instanceof Directive
                || (node instanceof Argument a && ("first".equals(a.getName()) || "last".equals(a.getName())));
        if (here && node instanceof VariableReference v) {
            names.add(v.getName());
        }
        for (Node<?> child : node.getChildren()) {
            collect(child, here, names);
        }
    }
}
