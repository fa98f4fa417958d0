package io.spotcheck.system;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives the errors graphql-java raises itself (syntax, validation, coercion of variables) the same
 * stable {@code extensions.code} our resolvers give theirs, so a client has one thing to switch on.
 * What graphql-java reports as the server's fault (a null in a non-null field) is INTERNAL, never
 * the client's; classifications of the client's request this class does not know stay BAD_USER_INPUT.
 */
@Component
public class ErrorCodeInterceptor implements WebGraphQlInterceptor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ErrorCodeInterceptor.class);

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (errors.isEmpty() || errors.stream().allMatch(ErrorCodeInterceptor::hasCode)) {
                return response;
            }
            List<GraphQLError> coded = errors.stream().map(ErrorCodeInterceptor::withCode).toList();
            return response.transform(builder -> builder.errors(coded));
        });
    }

    private static boolean hasCode(GraphQLError error) {
        return error.getExtensions() != null && error.getExtensions().containsKey("code");
    }

    static GraphQLError withCode(GraphQLError error) {
        if (hasCode(error)) {
            return error;
        }
        ErrorCode code = codeFor(error.getErrorType());
        if (code == ErrorCode.INTERNAL) {
            log.error("server fault reported to the client: {} at {}", error.getMessage(), error.getPath());
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error.getExtensions() != null) {
            extensions.putAll(error.getExtensions());
        }
        extensions.put("code", code.name());
        return GraphqlErrorBuilder.newError()
                .message(withoutSyntaxTrees(error.getMessage()))
                .locations(error.getLocations())
                .path(error.getPath())
                .errorType(error.getErrorType() instanceof ErrorType ? code.classification() : error.getErrorType())
                .extensions(extensions)
                .build();
    }

    private static final java.util.regex.Pattern AST_NODE = java.util.regex.Pattern.compile("[A-Z][A-Za-z]*(?:Value|Field|Argument)\\{");

    /**
     * graphql-java's validation messages print the offending literal as its syntax tree
     * ({@code ObjectValue{objectFields=[ObjectField{name='x', …}]}}): an internal representation,
     * long and no help to a client. Each such dump becomes "the given value".
     */
    static String withoutSyntaxTrees(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher node = AST_NODE.matcher(message);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (node.find(from)) {
            int depth = 0;
            int end = node.end() - 1;
            for (; end < message.length(); end++) {
                char c = message.charAt(end);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String before = message.substring(from, node.start());
            boolean quoted = before.endsWith("value '") && end + 1 < message.length() && message.charAt(end + 1) == '\'';
            out.append(quoted ? before.substring(0, before.length() - "value '".length()) : before).append("the given value");
            from = Math.min(message.length(), end + 1 + (quoted ? 1 : 0));
        }
        return out.append(message.substring(from)).toString();
    }

    static ErrorCode codeFor(ErrorClassification type) {
        if (type == ErrorType.InvalidSyntax) {
            return ErrorCode.GRAPHQL_PARSE_FAILED;
        }
        if (type == ErrorType.ValidationError) {
            return ErrorCode.GRAPHQL_VALIDATION_FAILED;
        }
        if (type == ErrorType.OperationNotSupported) {
            return ErrorCode.BAD_USER_INPUT;
        }
        if (type == ErrorType.ExecutionAborted) {
            return ErrorCode.QUERY_TOO_COMPLEX;
        }
        if (type == ErrorType.NullValueInNonNullableField || type == ErrorType.DataFetchingException) {
            // the server's own fault (a resolver answered null where the schema promises a value, or
            // failed outside the exception resolver): nothing the client could change in its request
            return ErrorCode.INTERNAL;
        }
        if (type instanceof org.springframework.graphql.execution.ErrorType springType) {
            return switch (springType) {
                case BAD_REQUEST -> ErrorCode.BAD_USER_INPUT;
                case UNAUTHORIZED -> ErrorCode.UNAUTHENTICATED;
                case FORBIDDEN -> ErrorCode.FORBIDDEN;
                case NOT_FOUND -> ErrorCode.NOT_FOUND;
                case INTERNAL_ERROR -> ErrorCode.INTERNAL;
            };
        }
        return ErrorCode.BAD_USER_INPUT;
    }
}
