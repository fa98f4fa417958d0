package io.spotcheck.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ResponseEntity;

/**
 * {@code /graphql} over HTTP (see {@link GraphQlHttpEndpoint}): GET and POST run operations, every other
 * method gets the endpoint's 405 with a stable code. A WebSocket upgrade is forwarded to Spring's
 * dispatcher servlet, which maps the GraphQL WebSocket handler (graphql-ws) on the same path.
 */
final class GraphQlServlet extends HttpServlet {

    /** The name Spring Boot registers its {@code DispatcherServlet} under. */
    static final String DISPATCHER = "dispatcherServlet";

    private final transient GraphQlHttpEndpoint endpoint;

    GraphQlServlet(GraphQlHttpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (isWebSocketUpgrade(request)) {
            RequestDispatcher dispatcher = getServletContext().getNamedDispatcher(DISPATCHER);
            if (dispatcher == null) {
                throw new ServletException("no servlet named " + DISPATCHER + " to hand the WebSocket upgrade to");
            }
            dispatcher.forward(request, response);
            return;
        }
        // HEAD runs the query like GET; Tomcat sends the headers only.
        ResponseEntity<byte[]> answer = switch (request.getMethod()) {
            case "POST" -> endpoint.post(request);
            case "GET", "HEAD" -> endpoint.get(request);
            default -> endpoint.otherMethods(request);
        };
        write(answer, response);
    }

    static boolean isWebSocketUpgrade(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    private static void write(ResponseEntity<byte[]> answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        byte[] body = answer.getBody() == null ? new byte[0] : answer.getBody();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
