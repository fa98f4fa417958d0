package io.spotcheck.system;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one way a filter decides which endpoint a request is for: by what the container routed it to,
 * never by the raw request URI. Tomcat decodes ({@code /%67raphql}), drops path parameters
 * ({@code ;x=1}) and normalises dot segments before it picks a servlet, so a filter matching the raw
 * URI can be dodged by any of these spellings.
 */
public final class RequestPaths {

    private RequestPaths() {}

    /** The decoded, normalised path the container routed: servlet path plus path info. */
    public static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }
}
