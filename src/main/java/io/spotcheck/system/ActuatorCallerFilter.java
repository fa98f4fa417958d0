package io.spotcheck.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the actuator see who is calling. Spring Boot decides whether {@code /actuator/health} shows
 * details ({@code show-details: when-authorized}, role PLATFORM_ADMIN) from the servlet request's
 * principal and roles, which the security chain does not set (its servlet-API integration is off for
 * every other request: see SecurityConfig). This filter wraps actuator requests only.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorCallerFilter {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> actuatorCaller() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(new SecurityContextHolderAwareRequestWrapper(request, "ROLE_"), response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/actuator/*");
        // after Spring Security's chain (which has put the caller in the security context)
        registration.setOrder(0);
        return registration;
    }
}
