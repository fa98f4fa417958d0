package io.spotcheck.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * One error body, {@code {"errors":[{"message","extensions":{"code","classification"}}]}} (see
 * {@link HttpErrors}), for every failure outside GraphQL, whichever layer raises it: Spring MVC
 * (unknown path 404, wrong method 405, wrong media type 415, missing parameters), Spring Security's
 * firewall (encoded slashes, {@code //}, {@code ..}, path parameters: 400), the servlet container
 * (oversized headers, unparsable requests) and the {@code /error} path itself. Never an HTML page,
 * never a status the container made up.
 */
@Configuration(proxyBeanMethods = false)
public class ErrorBodies {

    private static final Logger log = LoggerFactory.getLogger(ErrorBodies.class);

    /** The stable code of an HTTP status that reached the caller without a more specific one. */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.BACKEND_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_REQUEST;
        };
    }

    static String messageFor(int status) {
        return switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "this endpoint does not take that method";
            case 413 -> "the request is too large";
            case 415 -> "this endpoint does not read that Content-Type";
            case 431 -> "the request headers are too large";
            default -> status >= 500 ? "internal error" : "the request is malformed";
        };
    }

    /** Spring Security's firewall refusals ({@code //graphql}, {@code %2e%2e}, {@code ;}…): 400 with a code. */
    @Bean
    RequestRejectedHandler jsonRequestRejectedHandler() {
        return (request, response, rejected) -> {
            log.debug("request refused by the firewall: {}", rejected.getMessage());
            HttpErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, ErrorCode.INVALID_REQUEST,
                    "the request path is not acceptable: no encoded slashes, dot segments, '//', ';' or control characters");
        };
    }

    /** Errors the container answers before any servlet runs (oversized headers, unparsable request lines). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /** Tomcat's error page, as the one JSON error body. */
    public static class JsonErrorReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.resetBuffer();
                response.setContentType("application/json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                byte[] body = HttpErrors.json(HttpErrors.body(codeFor(status), messageFor(status), Map.of()));
                response.getOutputStream().write(body);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response committed; nothing more to say.
            }
        }
    }

    /**
     * {@code /error}, where the container forwards what a servlet or filter answered with
     * {@code sendError} or an exception. Called directly it is a 404 like any unknown path.
     */
    @RestController
    static class JsonErrorController implements ErrorController {

        @RequestMapping("${server.error.path:/error}")
        ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer value && value >= 400 && value <= 599 ? value : 404;
            if (status >= 500) {
                Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
                if (failure instanceof Throwable t && GraphQlExceptionResolver.isBackendDown(t)) {
                    status = 503;
                } else if (failure instanceof Throwable t) {
                    log.error("request to {} failed", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
                }
            }
            return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(HttpErrors.body(codeFor(status), messageFor(status), Map.of()));
        }
    }

    /**
     * Spring MVC's own refusals (unknown path, method, media type, missing or mistyped parameters) and
     * anything a controller let escape, in the one body; a controller's own {@code @ExceptionHandler}
     * still comes first.
     */
    @RestControllerAdvice
    static class MvcErrors {

        @ExceptionHandler(SpotcheckException.class)
        ResponseEntity<Map<String, Object>> refused(SpotcheckException e) {
            int status = switch (e.code()) {
                case UNAUTHENTICATED -> 401;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case RATE_LIMITED -> 429;
                case BACKEND_UNAVAILABLE, TIMEOUT -> 503;
                default -> 400;
            };
            return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(HttpErrors.body(e.code(), e.getMessage(), e.details()));
        }

        @ExceptionHandler(Exception.class)
        ResponseEntity<Map<String, Object>> failed(Exception e) {
            int status;
            if (e instanceof ErrorResponse known) {
                status = known.getStatusCode().value();
            } else if (GraphQlExceptionResolver.isBackendDown(e)) {
                status = 503;
            } else {
                log.error("unexpected failure in a REST endpoint", e);
                status = 500;
            }
            return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(HttpErrors.body(codeFor(status), messageFor(status), Map.of()));
        }
    }
}
