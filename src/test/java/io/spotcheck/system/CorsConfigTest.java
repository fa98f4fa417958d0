package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;

/** What the CORS filter does with no origin configured (the default outside the dev profile) and with some. */
class CorsConfigTest {

    private static MockHttpServletResponse run(String origins, String method, String origin, boolean preflight) throws Exception {
        CorsConfig config = new CorsConfig();
        CorsFilter filter = config.corsFilter(config.corsConfigurationSource(origins));
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/graphql");
        request.addHeader("Origin", origin);
        if (preflight) {
            request.addHeader("Access-Control-Request-Method", "POST");
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(299); // marks "passed on to the endpoint"
        }
        return response;
    }

    @Test
    void withNoOriginConfiguredEveryPreflightIsRefusedAndActualRequestsPassWithoutAllowOrigin() throws Exception {
        MockHttpServletResponse preflight = run("", "OPTIONS", "http://evil.example", true);
        assertThat(preflight.getStatus()).isEqualTo(403);
        assertThat(preflight.getContentAsString()).contains("\"code\":\"ORIGIN_NOT_ALLOWED\"").contains("\"classification\":\"FORBIDDEN\"");
        MockHttpServletResponse actual = run("", "POST", "http://evil.example", false);
        assertThat(actual.getStatus()).isEqualTo(299);
        assertThat(actual.getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void withOriginsConfiguredAnotherOriginIsRefusedInTheOneErrorBody() throws Exception {
        for (boolean preflight : new boolean[] {true, false}) {
            MockHttpServletResponse response = run("http://localhost:5173", preflight ? "OPTIONS" : "GET", "http://evil.example", preflight);
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentType()).startsWith("application/json");
            assertThat(response.getContentAsString()).contains("\"code\":\"ORIGIN_NOT_ALLOWED\"");
            assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
        }
        assertThat(run("http://localhost:5173", "POST", "http://localhost:5173", false).getHeader("Access-Control-Allow-Origin"))
                .isEqualTo("http://localhost:5173");
    }
}
