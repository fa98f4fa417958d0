package io.spotcheck.audit;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import io.spotcheck.security.Caller;
import io.spotcheck.security.CallerArgumentResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Safety net: every mutation field that ended in an error is on record, whatever its resolver
 * did, with outcome FORBIDDEN for refusals and ERROR otherwise, so refused attempts can be
 * traced even in features that only audit their successes.
 */
@Component
@Order(100)
public class MutationAuditInstrumentation extends SimplePerformantInstrumentation {

    private static final Logger log = LoggerFactory.getLogger(MutationAuditInstrumentation.class);

    private final AuditLog audit;

    public MutationAuditInstrumentation(AuditLog audit) {
        this.audit = audit;
    }

    static final class State implements InstrumentationState {
        volatile Caller caller;
        volatile boolean mutation;
        /** Result key (alias) → field name, so an alias cannot disguise the action on record. */
        volatile Map<String, String> fieldNames = Map.of();
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new State();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        if (!(state instanceof State s)
                || parameters.getExecutionContext().getOperationDefinition().getOperation() != OperationDefinition.Operation.MUTATION) {
            return null;
        }
        s.mutation = true;
        // Captured here, on the request thread, where the security context is certain to be set.
        s.caller = CallerArgumentResolver.current();
        Map<String, String> names = new LinkedHashMap<>();
        parameters.getExecutionContext().getOperationDefinition().getSelectionSet().getSelectionsOfType(graphql.language.Field.class)
                .forEach(f -> names.put(f.getResultKey(), f.getName()));
        s.fieldNames = names;
        return SimpleInstrumentationContext.whenCompleted((result, failure) -> {
            if (result != null) {
                record(s.caller, s.fieldNames, result.getErrors());
            }
        });
    }

    private void record(Caller caller, Map<String, String> fieldNames, List<GraphQLError> errors) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (GraphQLError error : errors) {
            if (error.getPath() == null || error.getPath().isEmpty()) {
                continue;
            }
            String key = String.valueOf(error.getPath().get(0));
            String field = fieldNames.getOrDefault(key, key);
            Object code = error.getExtensions() == null ? null : error.getExtensions().get("code");
            String outcome = "FORBIDDEN".equals(code) || String.valueOf(error.getErrorType()).equals("FORBIDDEN") ? "FORBIDDEN" : "ERROR";
            fields.merge(field, outcome, (a, b) -> a.equals("FORBIDDEN") ? a : b);
        }
        fields.forEach((field, outcome) -> {
            try {
                audit.record(caller, "mutation." + field, field, outcome, Map.of("field", field, "outcome", outcome));
            } catch (RuntimeException e) {
                log.warn("could not audit the failed mutation {}: {}", field, e.toString());
            }
        });
    }
}
