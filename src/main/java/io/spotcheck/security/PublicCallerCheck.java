package io.spotcheck.security;

import io.spotcheck.system.PublicCaller;
import org.springframework.stereotype.Component;

/** {@link PublicCaller} from the caller the security chain resolved for this request. */
@Component
class PublicCallerCheck implements PublicCaller {

    @Override
    public boolean isPublic() {
        return CallerArgumentResolver.current().isAnonymous();
    }
}
