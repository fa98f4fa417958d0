package io.spotcheck.publication;

import io.spotcheck.security.CallerArgumentResolver;
import io.spotcheck.system.SpotcheckException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /export/published-results.ndjson?taskId=&department=&agency=&from=&to=}: published
 * results as JSON lines for the national publicity system, streamed. Public data, so anyone may
 * download it; natural persons are masked as in {@code publishedResults}.
 */
@RestController
public class ExportController {

    private static final Logger log = LoggerFactory.getLogger(ExportController.class);
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson;charset=UTF-8");

    private final PublicationExport export;

    public ExportController(PublicationExport export) {
        this.export = export;
    }

    @GetMapping(path = "/export/published-results.ndjson")
    public ResponseEntity<StreamingResponseBody> publishedResults(@RequestParam(required = false) String taskId,
                                                                  @RequestParam(required = false) String department,
                                                                  @RequestParam(required = false) String agency,
                                                                  @RequestParam(required = false) String from,
                                                                  @RequestParam(required = false) String to) {
        CallerArgumentResolver.current(); // public: whoever calls gets the same masked lines
        PublishedResults.Filter filter = new PublishedResults.Filter(taskId, department, agency, null, date("from", from), date("to", to));
        PublishedResults.query(filter); // validates before the first byte is sent
        StreamingResponseBody body = out -> {
            try {
                export.write(filter, out);
            } catch (RuntimeException e) {
                // The status line is sent already; the client sees a stream cut short (its last line unterminated).
                log.warn("published-results export stopped: {}", e.toString());
                throw e;
            }
        };
        return ResponseEntity.ok().contentType(NDJSON)
                .header("Content-Disposition", "attachment; filename=\"published-results.ndjson\"").body(body);
    }

    /** A bad date is a SpotcheckException, answered by system/ErrorBodies in the one error body. */
    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw SpotcheckException.badInput(name, name + " is a date like 2026-01-31");
        }
    }
}
