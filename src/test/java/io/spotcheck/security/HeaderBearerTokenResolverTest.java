package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class HeaderBearerTokenResolverTest {

    private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();

    @Test
    void readsTheTokenOfABearerHeader() {
        assertThat(resolver.resolve(request("Bearer eyJhbGciOi.eyJzdWIi.c2ln"))).isEqualTo("eyJhbGciOi.eyJzdWIi.c2ln");
    }

    @Test
    void acceptsTheSchemeInAnyCase() {
        assertThat(resolver.resolve(request("bEARER abc-._~+/=="))).isEqualTo("abc-._~+/==");
    }

    @Test
    void ignoresRequestsWithoutABearerHeader() {
        assertThat(resolver.resolve(new MockHttpServletRequest())).isNull();
        assertThat(resolver.resolve(request("ApiKey k1.secret"))).isNull();
        assertThat(resolver.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
    }

    @Test
    void neverReadsTokensFromTheQueryString() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/graphql");
        request.setParameter("access_token", "abc");
        assertThat(resolver.resolve(request)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer abc=d", "Bearerabc", "Bearer ab\u00e7",
            "Bearer =", "Bearer abc ", "Bearer\tabc"})
    void rejectsMalformedBearerHeadersAsInvalidTokens(String header) {
        assertThatThrownBy(() -> resolver.resolve(request(header)))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .satisfies(e -> assertThat(((OAuth2AuthenticationException) e).getError().getErrorCode()).isEqualTo("invalid_token"));
    }

    /** The hand-written check must accept and refuse exactly what Spring Security's regular expression does. */
    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "bearer abc", "BEARER a.b.c", "Bearer abc==", "Bearer abc=d", "Bearer", "Bearer ",
            "Bearer  abc", "Bearer abc def", "Bearerabc", "Bearer =", "Bearer a~b+c/d_e-f", "Bearer abc\n", "Token abc",
            "ApiKey a.b", "Bearer ab\u00e7", "bearer\u00a0abc", "Bearer abc==="})
    void agreesWithSpringSecuritysDefaultResolver(String header) {
        DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();
        Object expected = outcome(() -> reference.resolve(request(header)));
        Object actual = outcome(() -> resolver.resolve(request(header)));
        assertThat(actual).isEqualTo(expected);
    }

    private static Object outcome(java.util.function.Supplier<String> resolution) {
        try {
            String token = resolution.get();
            return token == null ? "no token" : "token " + token;
        } catch (OAuth2AuthenticationException e) {
            return "error " + e.getError().getErrorCode() + ": " + e.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/graphql");
        request.addHeader("Authorization", authorization);
        return request;
    }
}
