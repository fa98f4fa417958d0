package io.spotcheck.system;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Errors a subscription's stream ends with get the same {@code extensions.code} as errors of queries
 * ({@link GraphQlExceptionResolver}); without this, Spring sends "Subscription error" with no code.
 */
@Component
public class SubscriptionErrors extends SubscriptionExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionErrors.class);

    public SubscriptionErrors() {
        setThreadLocalContextAware(true);
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable exception) {
        Throwable root = exception;
        while (root instanceof java.util.concurrent.CompletionException && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof SpotcheckException se) {
            return error(se.code(), se.getMessage(), se.details());
        }
        if (root instanceof AccessDeniedException) {
            return error(ErrorCode.FORBIDDEN, "you may not do this", Map.of());
        }
        if (root instanceof AuthenticationException) {
            return error(ErrorCode.UNAUTHENTICATED, "a valid bearer token is required", Map.of());
        }
        if (GraphQlExceptionResolver.isBackendDown(root)) {
            return error(ErrorCode.BACKEND_UNAVAILABLE, "a back-end service is unavailable; try again shortly", Map.of());
        }
        log.error("unexpected failure in a subscription", root);
        return error(ErrorCode.INTERNAL, "internal error", Map.of());
    }

    private static GraphQLError error(ErrorCode code, String message, Map<String, Object> extra) {
        Map<String, Object> extensions = new LinkedHashMap<>(extra);
        extensions.put("code", code.name());
        return GraphqlErrorBuilder.newError().errorType(code.classification()).message(message).extensions(extensions).build();
    }
}
