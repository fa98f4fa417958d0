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
 * Headers of what the public page reads. Caching: browsers and intranet proxies may keep an
 * anonymous GET of {@code /graphql} (queries only; every anonymous caller gets the same answer) or
 * of {@code /public/**} for a short while; a request carrying credentials is never marked cacheable
 * by others. Content-Security-Policy of the page's document ({@link #PAGE_DOCUMENTS}): everything
 * from this server only, nothing inline, never framed — the page needs its own scripts, styles and
 * same-origin fetches, where an API answer needs nothing at all. Spring Security's header writers
 * leave a header alone when it is set already, so these stand.
 */
@Component
public class PublicHeadersFilter extends OncePerRequestFilter {

    static final String PUBLIC = "public, max-age=30";
    static final String PAGE_POLICY = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    static final java.util.Set<String> PAGE_DOCUMENTS = java.util.Set.of("/public", "/public/", "/public/index.html");

    private final String graphQlPath;

    public PublicHeadersFilter(@Value("${spring.graphql.http.path:/graphql}") String graphQlPath) {
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
        if (PAGE_DOCUMENTS.contains(request.getRequestURI())) {
            response.setHeader("Content-Security-Policy", PAGE_POLICY);
        }
        chain.doFilter(request, response);
    }
}
