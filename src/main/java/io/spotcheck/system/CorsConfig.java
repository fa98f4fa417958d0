package io.spotcheck.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Which browser origins may call the API ({@code spotcheck.cors.allowed-origins}, env
 * {@code SPOTCHECK_CORS_ORIGINS}, comma-separated; none by default, the dev profile's local front-end
 * ports). Applied by Spring Security's CORS filter before anything else, so a preflight is answered
 * there for every path, {@code /graphql} included, which is served by a servlet of its own outside
 * Spring MVC (where {@code spring.graphql.cors.*} would apply). No credentials mode: callers send
 * bearer tokens, never cookies. A request from an origin not allowed (actual, preflight or WebSocket
 * upgrade) is refused with 403 and the one error body, code ORIGIN_NOT_ALLOWED.
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfig {

    /** The name Spring Security's {@code http.cors()} looks for. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${spotcheck.cors.allowed-origins:}") String origins) {
        List<String> allowed = Arrays.stream(origins.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (allowed.isEmpty()) {
            return source;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowed);
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-API-Key",
                "apollo-require-preflight", "x-apollo-operation-name"));
        cors.setExposedHeaders(List.of("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
                "RateLimit-Policy", "RateLimit"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /**
     * The filter Spring Security's {@code http.cors()} takes when a bean of this name exists: the
     * configuration above, refusals in the one error body instead of the plain-text default.
     */
    @Bean
    CorsFilter corsFilter(CorsConfigurationSource corsConfigurationSource) {
        CorsFilter filter = new CorsFilter(corsConfigurationSource);
        filter.setCorsProcessor(new JsonCorsProcessor());
        return filter;
    }

    /** Runs in the security chain only, not a second time as a servlet filter of its own. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilterOutsideSecurity(CorsFilter corsFilter) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
        registration.setEnabled(false);
        return registration;
    }

    /** Spring's CORS checks, with its refusal written as the one error body. */
    static final class JsonCorsProcessor extends DefaultCorsProcessor {

        static final String MESSAGE = "requests from this origin are not allowed (spotcheck.cors.allowed-origins)";

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8));
            response.getBody().write(HttpErrors.json(HttpErrors.body(ErrorCode.ORIGIN_NOT_ALLOWED, MESSAGE, Map.of())));
            response.flush();
        }
    }
}
