package io.spotcheck.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.system.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * Bearer JWTs identify people and scripts; without a token the caller is the public. HTTP-level
 * rules only separate "may reach the endpoint"; what a caller may do is decided per resolver with
 * its {@link Caller}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** Content-Security-Policy of every answer but the GraphiQL page: nothing may be loaded, run or framed. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** GraphiQL's page (dev profile) runs its bundled scripts from this server and talks to this server only. */
    static final String GRAPHIQL_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final RequestMatcher GRAPHIQL = new org.springframework.security.web.util.matcher.OrRequestMatcher(
            path("/graphiql"), path("/graphiql/**"));
    /** The public page (/public) loads its own scripts and styles and reads this server only; nothing inline, never framed. */
    public static final String PUBLIC_PAGE_POLICY = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final RequestMatcher PUBLIC_PAGE = new org.springframework.security.web.util.matcher.OrRequestMatcher(
            path("/public"), path("/public/**"));

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder decoder, ObjectMapper json, ApiKeyAuthenticator apiKeys,
            io.spotcheck.system.RateLimiter rateLimiter, io.spotcheck.security.ScrapeAccess scrapeAccess,
            @org.springframework.beans.factory.annotation.Value("${spring.graphql.http.path:/graphql}") String graphQlPath,
            @org.springframework.beans.factory.annotation.Value("${spotcheck.graphiql.enabled:false}") boolean graphiql)
            throws Exception {
        return http
                // API keys are read before bearer tokens; rate limits apply once the caller is known.
                .addFilterBefore(new ApiKeyFilter(apiKeys, rateLimiter),
                        org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new io.spotcheck.security.RateLimitFilter(rateLimiter),
                        org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter.class)
                .cors(org.springframework.security.config.Customizer.withDefaults()) // system/CorsConfig
                // An API answers JSON: no page may load anything or frame it. GraphiQL (dev profile
                // only) is a page, loading its bundled scripts and styles from this server.
                .headers(h -> h
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(
                                new org.springframework.security.web.util.matcher.OrRequestMatcher(GRAPHIQL, PUBLIC_PAGE)),
                                new StaticHeadersWriter("Content-Security-Policy", API_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(PUBLIC_PAGE,
                                new StaticHeadersWriter("Content-Security-Policy", PUBLIC_PAGE_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(GRAPHIQL,
                                new StaticHeadersWriter("Content-Security-Policy", GRAPHIQL_POLICY))))
                .addFilterAfter(actuatorServletApi(),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A stateless API has no login page to return to, no logout and no servlet
                // login/logout API to offer: each of these filters would only cost time per request.
                .requestCache(c -> c.disable())
                .logout(l -> l.disable())
                .servletApi(s -> s.disable())
                .anonymous(a -> a.principal(Caller.ANONYMOUS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(path("/actuator/health"), path("/actuator/health/**")).permitAll()
                        .requestMatchers(path("/actuator/prometheus")).access(scrapeAccess)
                        .requestMatchers(path("/actuator/**")).hasRole(Role.PLATFORM_ADMIN.name())
                        // GraphiQL is a page for people trying the API: served in the dev profile only.
                        .requestMatchers(GRAPHIQL).access((auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(graphiql))
                        // Uploads are refused to the public here, before anything reads their bodies.
                        .requestMatchers(PATHS.matcher(org.springframework.http.HttpMethod.POST, "/api/subjects/import"),
                                PATHS.matcher(org.springframework.http.HttpMethod.POST, "/scopes/*/codes")).authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(new org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver())
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(new JwtCallerConverter()))
                        .authenticationEntryPoint((request, response, e) -> {
                            if (io.spotcheck.security.RateLimitFilter.chargeUnauthenticated(rateLimiter, request, response)) {
                                writeError(json, response, HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHENTICATED,
                                        "the bearer token is missing, malformed, expired or not meant for this service");
                            }
                        })
                        .accessDeniedHandler((request, response, e) ->
                                writeError(json, response, HttpServletResponse.SC_FORBIDDEN, ErrorCode.FORBIDDEN, "you may not do this")))
                .build();
    }

    /**
     * The servlet API integration is off for every request (see {@code servletApi}), but Spring Boot's
     * actuator decides with {@code isUserInRole} whether the caller may see health's components and
     * details. Actuator requests alone get the request wrapper that answers it from the authentication.
     */
    private static jakarta.servlet.Filter actuatorServletApi() {
        return new org.springframework.web.filter.OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(jakarta.servlet.http.HttpServletRequest request) {
                return !io.spotcheck.system.RequestPaths.path(request).startsWith("/actuator/");
            }

            @Override
            protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response,
                    jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, IOException {
                chain.doFilter(new org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestWrapper(
                        request, new org.springframework.security.authentication.AuthenticationTrustResolverImpl(), "ROLE_"), response);
            }
        };
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (StringUtils.hasText(properties.jwkSetUri())) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        } else if (StringUtils.hasText(properties.devSigningKey())) {
            decoder = NimbusJwtDecoder
                    .withSecretKey(new SecretKeySpec(properties.devSigningKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        } else {
            throw new IllegalStateException(
                    "no token verification configured: set spotcheck.security.jwk-set-uri (production) or run with the dev profile");
        }
        OAuth2TokenValidator<Jwt> issuer = StringUtils.hasText(properties.issuer())
                ? JwtValidators.createDefaultWithIssuer(properties.issuer())
                : JwtValidators.createDefault();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(issuer, audience(properties.audience()),
                expiring(), new CallerClaimsValidator());
        decoder.setJwtValidator(validator);
        return new CachingJwtDecoder(decoder, validator, 10_000, Duration.ofMinutes(5));
    }

    /**
     * No observation spans around each of Spring Security's filters and its authentication: nobody
     * collects traces here, and each wrapper is work on every request for nothing. The HTTP server
     * metrics stay.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Path patterns matched on the request path alone. Spring Security's default for string
     * patterns asks Spring MVC's handler mappings which handler would serve the request, which
     * costs a full handler lookup per rule and request.
     */
    private static RequestMatcher path(String pattern) {
        return PATHS.matcher(pattern);
    }

    private static OAuth2TokenValidator<Jwt> audience(String expected) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(expected)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is for another audience", null));
    }

    /**
     * Spring's default validators check {@code exp} only when it is there; a token without it would
     * never expire, so it is refused.
     */
    private static OAuth2TokenValidator<Jwt> expiring() {
        return jwt -> jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry (exp)", null));
    }

    static void writeError(ObjectMapper json, HttpServletResponse response, int status, ErrorCode code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        json.writeValue(response.getOutputStream(), Map.of("errors", List.of(Map.of(
                "message", message,
                "extensions", Map.of("code", code.name(), "classification", code.classification().name())))));
    }
}
