package io.spotcheck.api;

import java.util.List;

/** The GraphQL {@code UserError}: an expected business refusal, returned as data in a mutation payload. */
public record UserError(String code, String message, List<String> field) {

    public static UserError of(String code, String message, String... field) {
        return new UserError(code, message, List.of(field));
    }
}
