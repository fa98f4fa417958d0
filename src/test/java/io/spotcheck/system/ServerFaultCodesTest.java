package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import org.junit.jupiter.api.Test;

/** graphql-java's errors about the server's own failures are INTERNAL, never blamed on the client's input. */
class ServerFaultCodesTest {

    @Test
    void aNullInANonNullFieldIsInternalNotBadUserInput() {
        GraphQLError error = GraphqlErrorBuilder.newError()
                .errorType(ErrorType.NullValueInNonNullableField)
                .path(ResultPath.parse("/viewer/id"))
                .message("The field at path '/viewer/id' was declared as a non null type, but the code involved in retrieving "
                        + "data has wrongly returned a null value.")
                .build();
        GraphQLError coded = ErrorCodeInterceptor.withCode(error);
        assertThat(coded.getExtensions()).containsEntry("code", "INTERNAL");
        assertThat(coded.getErrorType()).isEqualTo(org.springframework.graphql.execution.ErrorType.INTERNAL_ERROR);
        assertThat(coded.getMessage()).isEqualTo(error.getMessage());
        assertThat(coded.getPath()).isEqualTo(error.getPath());
    }

    @Test
    void aFetchFailureOutsideTheExceptionResolverIsInternal() {
        assertThat(ErrorCodeInterceptor.codeFor(ErrorType.DataFetchingException)).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void theClientsOwnMistakesKeepTheirCodes() {
        assertThat(ErrorCodeInterceptor.codeFor(ErrorType.ValidationError)).isEqualTo(ErrorCode.GRAPHQL_VALIDATION_FAILED);
        assertThat(ErrorCodeInterceptor.codeFor(ErrorType.InvalidSyntax)).isEqualTo(ErrorCode.GRAPHQL_PARSE_FAILED);
        assertThat(ErrorCodeInterceptor.codeFor(ErrorType.OperationNotSupported)).isEqualTo(ErrorCode.BAD_USER_INPUT);
    }
}
