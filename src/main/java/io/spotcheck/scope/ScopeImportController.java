package io.spotcheck.scope;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.privacy.PersonAccess;
import io.spotcheck.privacy.PersonMask;
import io.spotcheck.security.Caller;
import io.spotcheck.security.CallerArgumentResolver;
import io.spotcheck.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.spotcheck.system.SpotcheckException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Streams an imported list of credit codes into an IMPORTED scope: {@code POST /scopes/{id}/codes}
 * with one code per line (plain text or the first column of a CSV). The body is read line by line,
 * never held whole, and the answer reports the codes that matched no subject.
 */
@RestController
public class ScopeImportController {

    private final ScopeController scopes;
    private final ScopeJobs jobs;
    private final AuditLog audit;

    public ScopeImportController(ScopeController scopes, ScopeJobs jobs, AuditLog audit) {
        this.scopes = scopes;
        this.jobs = jobs;
        this.audit = audit;
    }

    @PostMapping(path = "/scopes/{id}/codes", consumes = {"text/plain", "text/csv", "application/octet-stream"})
    public ScopeJobs.ImportReport importCodes(@PathVariable String id, HttpServletRequest request) throws IOException {
        Caller caller = CallerArgumentResolver.current();
        if (caller.isAnonymous()) {
            throw new SpotcheckException(io.spotcheck.system.ErrorCode.UNAUTHENTICATED, "send a bearer token or an API key");
        }
        caller.require("scopes:write", Role.DEPT_ADMIN, Role.DEPT_OPERATOR);
        scopes.requireOwn(id, caller);
        ScopeJobs.ImportReport report = jobs.importCodes(id, new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8), caller);
        audit.record(caller, "scope.import", id, "OK", report);
        return report;
    }

    /** Refusals in the same shape and codes as GraphQL errors, never a stack trace. */
    @ExceptionHandler(SpotcheckException.class)
    ResponseEntity<Map<String, Object>> refused(SpotcheckException e) {
        int status = switch (e.code()) {
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case RATE_LIMITED -> 429;
            default -> 400;
        };
        // as ErrorMessageMasking masks a GraphQL error's message: the scope id in the path is the caller's text
        String message = PersonAccess.seesPersons(CallerArgumentResolver.current()) ? e.getMessage() : PersonMask.scrub(e.getMessage(), null);
        return ResponseEntity.status(status).body(Map.of("errors",
                List.of(Map.of("message", message, "extensions",
                        Map.of("code", e.code().name(), "classification", e.code().classification().name())))));
    }
}
