package io.spotcheck.system;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Which browser origins may call the API ({@code spotcheck.cors.allowed-origins}, env
 * {@code SPOTCHECK_CORS_ORIGINS}, comma-separated; none by default, the dev profile's local front-end
 * ports). Applied by Spring Security's CORS filter before anything else, so a preflight is answered
 * there for every path, {@code /graphql} included, which is served by a servlet of its own outside
 * Spring MVC (where {@code spring.graphql.cors.*} would apply). No credentials mode: callers send
 * bearer tokens, never cookies.
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
}
