package io.spotcheck.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * Errors raised before GraphQL runs (filters, the HTTP endpoint) still answer in the GraphQL
 * response shape, {@code {"errors":[{"message","extensions":{"code","classification"}}]}}, so a
 * client has one way to read every failure.
 */
public final class HttpErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrors() {}

    public static Map<String, Object> body(ErrorCode code, String message, Map<String, Object> extra) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.put("classification", code.classification().name());
        extensions.putAll(extra);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", extensions);
        return Map.of("errors", List.of(error));
    }

    /** The body as UTF-8 JSON bytes. */
    public static byte[] json(Map<String, Object> body) throws IOException {
        return JSON.writeValueAsBytes(body);
    }

    public static void write(HttpServletResponse response, int status, ErrorCode code, String message) throws IOException {
        write(response, status, code, message, Map.of());
    }

    public static void write(HttpServletResponse response, int status, ErrorCode code, String message,
                             Map<String, Object> extra) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        JSON.writeValue(response.getOutputStream(), body(code, message, extra));
    }
}
