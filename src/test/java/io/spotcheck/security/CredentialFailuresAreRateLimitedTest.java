package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.system.LimitsProperties;
import io.spotcheck.system.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Refused credentials cost the client address a token; past its limit the answer is 429, not another 401. */
class CredentialFailuresAreRateLimitedTest {

    static final class FixedLimiter extends RateLimiter {
        final boolean allow;
        final List<String> charged = new ArrayList<>();

        FixedLimiter(boolean allow) {
            super(new LimitsProperties(null, null, null, null, null, null, null, null, null, null), "test:", "redis://unused:1");
            this.allow = allow;
        }

        @Override
        public Decision consume(String principal) {
            charged.add(principal);
            return new Decision(allow, 3, allow ? 2 : 0, 20, allow ? 0 : 20);
        }
    }

    @Test
    void anUnknownSchemeIsChargedToTheAddressAnd401WhileUnderTheLimit() throws Exception {
        FixedLimiter limiter = new FixedLimiter(true);
        MockHttpServletResponse response = send(limiter, "Basic YTpi");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("UNAUTHENTICATED");
        assertThat(response.getHeader("RateLimit-Remaining")).isEqualTo("2");
        assertThat(limiter.charged).containsExactly("ip:10.1.2.3");
    }

    @Test
    void overTheLimitARefusedCredentialGets429() throws Exception {
        MockHttpServletResponse response = send(new FixedLimiter(false), "Digest x");
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentAsString()).contains("RATE_LIMITED");
        assertThat(response.getHeader("Retry-After")).isEqualTo("20");
    }

    @Test
    void anEmptyApiKeyIsRefusedAndCharged() throws Exception {
        FixedLimiter limiter = new FixedLimiter(true);
        MockHttpServletResponse response = send(limiter, "ApiKey ");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(limiter.charged).hasSize(1);
    }

    private static MockHttpServletResponse send(RateLimiter limiter, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/graphql");
        request.setRemoteAddr("10.1.2.3");
        request.addHeader("Authorization", authorization);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new ApiKeyFilter(null, limiter).doFilter(request, response, new MockFilterChain());
        return response;
    }
}
