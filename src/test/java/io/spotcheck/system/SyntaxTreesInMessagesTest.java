package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntaxTreesInMessagesTest {

    @Test
    void aValidationMessageNamesTheValueWithoutPrintingItsSyntaxTree() {
        String message = "Validation error (WrongType@[auditLog]) : argument 'filter' with value "
                + "'ObjectValue{objectFields=[ObjectField{name='nope', value=IntValue{value=1}}]}' contains a field not in 'AuditFilter': 'nope'";
        assertThat(ErrorCodeInterceptor.withoutSyntaxTrees(message)).isEqualTo(
                "Validation error (WrongType@[auditLog]) : argument 'filter' with the given value contains a field not in 'AuditFilter': 'nope'");
    }

    @Test
    void messagesWithoutSyntaxTreesAreLeftAlone() {
        String message = "Field 'x' in type 'Query' is undefined";
        assertThat(ErrorCodeInterceptor.withoutSyntaxTrees(message)).isEqualTo(message);
    }
}
