package io.spotcheck.system;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.io.IOException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Turns every exception a resolver throws into a GraphQL error with a classification and a stable
 * {@code extensions.code}. Nothing internal (class names, stack traces, back-end messages) leaks.
 */
@Component
public class GraphQlExceptionResolver extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlExceptionResolver.class);

    public GraphQlExceptionResolver() {
        setThreadLocalContextAware(true);
    }

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        Throwable root = unwrap(ex);
        if (root instanceof SpotcheckException se) {
            Map<String, Object> extensions = new LinkedHashMap<>(se.details());
            return error(env, se.code(), se.getMessage(), extensions);
        }
        if (root instanceof OptimisticLockingFailureException) {
            return error(env, ErrorCode.CONFLICT, "the data was changed by someone else meanwhile; reload and try again", Map.of());
        }
        if (root instanceof AccessDeniedException) {
            return error(env, ErrorCode.FORBIDDEN, "you may not do this", Map.of());
        }
        if (root instanceof AuthenticationException) {
            return error(env, ErrorCode.UNAUTHENTICATED, "a valid bearer token is required", Map.of());
        }
        if (isBackendDown(root)) {
            log.warn("back end unavailable during {}: {}", env.getExecutionStepInfo().getPath(), root.toString());
            return error(env, ErrorCode.BACKEND_UNAVAILABLE,
                    "a back-end service is unavailable; try again shortly", Map.of());
        }
        if (root instanceof ElasticsearchException ese && ese.status() == 429) {
            return error(env, ErrorCode.BACKEND_UNAVAILABLE, "the search cluster is overloaded; try again shortly", Map.of());
        }
        log.error("unexpected failure in {}", env.getExecutionStepInfo().getPath(), root);
        return error(env, ErrorCode.INTERNAL, "internal error", Map.of());
    }

    static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String message, Map<String, Object> extra) {
        Map<String, Object> extensions = new LinkedHashMap<>(extra);
        extensions.put("code", code.name());
        return GraphqlErrorBuilder.newError(env)
                .errorType(code.classification())
                .message(message)
                .extensions(extensions)
                .build();
    }

    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.lang.reflect.UndeclaredThrowableException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A failure to reach Elasticsearch or Redis, however deep the client wrapped it. */
    public static boolean isBackendDown(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof RedisConnectionFailureException
                    || t instanceof DataAccessResourceFailureException || t instanceof TimeoutException
                    || t instanceof io.lettuce.core.RedisConnectionException
                    || t instanceof io.lettuce.core.RedisCommandTimeoutException
                    || t instanceof BackendUnavailableException) {
                return true;
            }
            if (t instanceof IOException && !(t instanceof com.fasterxml.jackson.core.JsonProcessingException)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
