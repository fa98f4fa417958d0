package io.spotcheck.subject.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.security.Caller;
import io.spotcheck.security.CallerArgumentResolver;
import io.spotcheck.subject.write.SubjectWriteService;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/subjects/import}: an NDJSON ({@code application/x-ndjson}) or CSV
 * ({@code text/csv}, header row) body of subjects, streamed in and answered with a streamed NDJSON
 * report — one line per rejected record ({@code {"line","code","errors"}}) as it is found, then
 * {@code {"summary":{total,accepted,rejected,unchanged}}}. With {@code ?progress=true}, also
 * {@code {"progress":{read,accepted,rejected}}} about twice a second (what {@code ./spotcheck import} draws). Request faults are a JSON error with a
 * code and the right status, never a stack trace.
 */
@RestController
public class ImportController {

    private static final Logger log = LoggerFactory.getLogger(ImportController.class);
    public static final String NDJSON = "application/x-ndjson";

    private final SubjectImporter importer;
    private final ObjectMapper json;

    public ImportController(SubjectImporter importer, ObjectMapper json) {
        this.importer = importer;
        this.json = json;
    }

    @PostMapping("/api/subjects/import")
    public void importSubjects(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = CallerArgumentResolver.current();
        if (caller.isAnonymous()) {
            error(response, 401, ErrorCode.UNAUTHENTICATED, "send a bearer token (dev tokens: ./spotcheck token)");
            return;
        }
        try {
            SubjectWriteService.requireImporter(caller);
        } catch (SpotcheckException e) {
            error(response, 403, e.code(), "importing needs the scope subjects:import or the role DEPT_ADMIN, DEPT_OPERATOR or PLATFORM_ADMIN");
            return;
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        // From the header as sent: Spring Boot's encoding filter forces the request's encoding to UTF-8.
        String charset = charsetOf(request.getContentType());
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            error(response, 415, ErrorCode.BAD_USER_INPUT, "the body must be UTF-8, not " + charset);
            return;
        }
        Iterator<? extends ImportRecords.Record> lines;
        if (contentType.startsWith(NDJSON) || contentType.startsWith("application/ndjson")
                || contentType.startsWith("application/jsonl")) {
            lines = ImportRecords.ndjsonRecords(request.getInputStream(), json);
        } else if (contentType.startsWith("text/csv")) {
            lines = ImportRecords.csv(request.getInputStream());
        } else {
            error(response, 415, ErrorCode.BAD_USER_INPUT,
                    "send the subjects as application/x-ndjson or text/csv (with a header row), not '" + contentType + "'");
            return;
        }
        response.setStatus(200);
        response.setContentType(NDJSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        OutputStream out = response.getOutputStream();
        int[] sinceFlush = {0};
        boolean withProgress = "true".equals(request.getParameter("progress")) || "1".equals(request.getParameter("progress"));
        try {
            SubjectImporter.Summary summary = importer.run(caller, lines, rejected -> {
                write(out, rejected);
                if (++sinceFlush[0] >= 200) {
                    flush(out);
                    sinceFlush[0] = 0;
                }
            }, withProgress ? p -> {
                write(out, Map.of("progress", p));
                flush(out);
            } : null);
            write(out, Map.of("summary", summary));
            out.flush();
        } catch (RuntimeException e) {
            log.warn("import stopped: {}", e.toString());
            ErrorCode code;
            String message;
            if (e instanceof SpotcheckException fault) {
                code = fault.code();
                message = fault.getMessage();
            } else if (e instanceof UncheckedIOException) {
                code = ErrorCode.BAD_USER_INPUT;
                message = "the request body could not be read to its end";
            } else {
                code = ErrorCode.BACKEND_UNAVAILABLE;
                message = "the import stopped because a back end is unavailable; import the file again (it is idempotent)";
            }
            if (!response.isCommitted()) {
                response.reset();
                error(response, code == ErrorCode.BACKEND_UNAVAILABLE ? 503 : 400, code, message);
            } else {
                // The report has started: the error is its last line, in place of the summary.
                try {
                    write(out, Map.of("error", Map.of("code", code.name(), "message", message)));
                    out.flush();
                } catch (IOException | UncheckedIOException gone) {
                    // The client is gone; nothing to tell.
                }
            }
        }
    }

    static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        try {
            String charset = org.springframework.http.MediaType.parseMediaType(contentType).getParameter("charset");
            return charset == null ? null : charset.replace("\"", "");
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return null;
        }
    }

    private void write(OutputStream out, Object value) {
        try {
            out.write(json.writeValueAsBytes(value));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void error(HttpServletResponse response, int status, ErrorCode code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.put("classification", code.classification().name());
        json.writeValue(response.getOutputStream(), Map.of("errors", List.of(Map.of("message", message, "extensions", extensions))));
    }
}
