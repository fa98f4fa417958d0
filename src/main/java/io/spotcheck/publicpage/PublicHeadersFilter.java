package io.spotcheck.publicpage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caching of the public page's own files ({@code /public/**}): browsers and intranet proxies may keep
 * them for a short while. The page's GraphQL GET queries are marked by the GraphQL endpoint itself
 * (public answers cacheable, nothing a signed-in caller receives); its Content-Security-Policy is
 * set with the others in SecurityConfig.
 */
@Component
public class PublicHeadersFilter extends OncePerRequestFilter {

    static final String PUBLIC = "public, max-age=30";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = io.spotcheck.system.RequestPaths.path(request);
        return !"GET".equals(request.getMethod()) || !(path.equals("/public") || path.startsWith("/public/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", PUBLIC);
        chain.doFilter(request, response);
    }
}
