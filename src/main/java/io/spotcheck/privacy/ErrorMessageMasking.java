package io.spotcheck.privacy;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.spotcheck.security.CallerArgumentResolver;
import java.util.List;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Error messages may quote a subject's code. For a caller who may not see persons in clear
 * ({@link PersonAccess#seesPersons}) every resident ID number in a message is masked by
 * {@link PersonMask}, whatever layer raised the error.
 */
@Component
class ErrorMessageMasking implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        boolean clear = PersonAccess.seesPersons(CallerArgumentResolver.current());
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (clear || errors.isEmpty() || errors.stream().noneMatch(ErrorMessageMasking::namesPerson)) {
                return response;
            }
            List<GraphQLError> masked = errors.stream().map(e -> namesPerson(e) ? GraphqlErrorBuilder.newError()
                    .message(PersonMask.scrub(e.getMessage(), null)).locations(e.getLocations()).path(e.getPath())
                    .errorType(e.getErrorType()).extensions(e.getExtensions()).build() : e).toList();
            return response.transform(builder -> builder.errors(masked));
        });
    }

    private static boolean namesPerson(GraphQLError error) {
        String message = error.getMessage();
        return message != null && !message.equals(PersonMask.scrub(message, null));
    }
}
