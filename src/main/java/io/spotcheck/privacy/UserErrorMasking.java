package io.spotcheck.privacy;

import io.spotcheck.api.UserError;
import io.spotcheck.security.Caller;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * A mutation's {@code UserError} messages are data, which {@link ErrorMessageMasking} does not see,
 * and they quote subject codes as the caller sent them (NOT_ASSIGNED, NOT_FOUND…). For a caller who
 * may not see persons in clear every resident ID number in one is masked by {@link PersonMask#scrub},
 * as in an error message, whichever mutation answered.
 */
@Controller
class UserErrorMasking {

    @SchemaMapping(typeName = "UserError", field = "message")
    String message(UserError error, Caller caller) {
        return PersonAccess.seesPersons(caller) ? error.message() : PersonMask.scrub(error.message(), null);
    }
}
