package io.spotcheck.publicpage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets browsers and intranet proxies keep what the public page reads for a short while: an
 * anonymous GET of {@code /graphql} (queries only; every anonymous caller gets the same answer) or
 * of {@code /public/**}. A request carrying credentials is never marked cacheable by others.
 * Spring Security's "no-store" is written only when no Cache-Control is set already.
 */
@Component
public class PublicCacheFilter extends OncePerRequestFilter {

    static final String PUBLIC = "public, max-age=30";

    private final String graphQlPath;

    public PublicCacheFilter(@Value("${spring.graphql.http.path:/graphql}") String graphQlPath) {
        this.graphQlPath = graphQlPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return true;
        }
        String path = request.getRequestURI();
        return !(path.equals(graphQlPath) || path.equals("/public") || path.startsWith("/public/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean anonymous = request.getHeader("Authorization") == null && request.getHeader("X-API-Key") == null;
        response.setHeader("Cache-Control", anonymous ? PUBLIC : "private, no-store");
        chain.doFilter(request, response);
    }
}
