package io.spotcheck.draw;

import io.spotcheck.scope.Scope;
import io.spotcheck.scope.ScopeStore;
import io.spotcheck.system.ErrorCode;
import io.spotcheck.system.SpotcheckException;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskLifecycle;
import io.spotcheck.task.TaskService;
import io.spotcheck.task.TaskStore;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import io.spotcheck.scope.Sha256;

/**
 * Everything a verifier needs, without signing in, for every version 2 draw the public may see
 * (task PUBLISHED or CLOSED, or publicDraw set): the record, the exact snapshot bytes that were
 * hashed, and the substitutions in chain order (docs/DRAW-ALGORITHM.md, "How to verify a draw
 * yourself"). Natural persons appear only by their public member key. A draw the public may not see
 * is answered exactly like one that does not exist (404 NOT_FOUND), so the answer tells nothing.
 */
@RestController
public class PublicDrawController {

    /** Snapshot chunks read per request while streaming. */
    static final int CHUNKS_PER_READ = 4;

    private final DrawStore store;
    private final InspectorDrawStore substitutions;
    private final ScopeStore scopes;
    private final TaskService tasks;

    public PublicDrawController(DrawStore store, InspectorDrawStore substitutions, ScopeStore scopes, TaskService tasks) {
        this.store = store;
        this.substitutions = substitutions;
        this.scopes = scopes;
        this.tasks = tasks;
    }

    @GetMapping(path = "/public/draws/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public PublicDraw record(@PathVariable String id) {
        return visible(id).publicView();
    }

    @GetMapping(path = "/public/draws/{id}/substitutions", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<PublicDraw.Substitution> substitutions(@PathVariable String id) {
        DrawRecord record = visible(id);
        return DrawVerifier.chainOf(substitutions.substitutions(record.taskId()));
    }

    /**
     * The snapshot file: chunk after chunk, each line followed by LF, streamed as it is read — a few
     * chunks in memory at a time whatever the scope's size. Content-Length is the recorded size.
     */
    @GetMapping(path = "/public/draws/{id}/snapshot")
    public ResponseEntity<StreamingResponseBody> snapshot(@PathVariable String id) {
        DrawRecord record = visible(id);
        Scope scope = scopes.get(record.scopeId());
        if (scope == null || record.chunkCount() == null) {
            throw notFound(id);
        }
        int chunks = record.chunkCount();
        String scopeId = scope.id();
        StreamingResponseBody body = (OutputStream out) -> {
            for (int from = 0; from < chunks; from += CHUNKS_PER_READ) {
                List<String> texts = scopes.snapshotText(scopeId, from, Math.min(chunks, from + CHUNKS_PER_READ));
                for (int i = 0; i < texts.size(); i++) {
                    String text = texts.get(i);
                    if (text == null) {
                        // The length promised cannot be kept: end the answer short, so a verifier sees the loss.
                        throw new IllegalStateException("snapshot chunk " + (from + i) + " of scope " + scopeId + " is missing");
                    }
                    if (!text.isEmpty()) {
                        out.write(text.getBytes(StandardCharsets.UTF_8));
                        out.write('\n');
                    }
                }
            }
            out.flush();
        };
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .header("X-Snapshot-Sha256", record.scopeDigest()).header("X-Chunk-Count", Integer.toString(chunks));
        if (record.snapshotBytes() != null) {
            ok.contentLength(record.snapshotBytes());
        }
        return ok.body(body);
    }

    /** The version 2 record of a draw the public may see; anything else is "not found". */
    private DrawRecord visible(String id) {
        // The record is written out as its parts are read, one part held at a time.
        DrawRecord record = store.recordReadAsUsed(id);
        if (record == null || !record.isVersion2()) {
            throw notFound(id);
        }
        TaskStore.Versioned read = tasks.get(record.taskId());
        Task task = read == null ? null : read.task();
        if (task == null || !(TaskLifecycle.isPublic(task.status()) || Boolean.TRUE.equals(task.publicDraw()))) {
            throw notFound(id);
        }
        return record;
    }

    private static SpotcheckException notFound(String id) {
        // answered to the public: a resident ID number in the id as written is masked, as in any error message it reads
        return SpotcheckException.notFound("public draw", io.spotcheck.privacy.PersonMask.scrub(id, null));
    }

    /** Refusals in the same shape and codes as GraphQL errors. */
    @ExceptionHandler(SpotcheckException.class)
    ResponseEntity<Map<String, Object>> refused(SpotcheckException e) {
        int status = e.code() == ErrorCode.NOT_FOUND ? 404 : e.code() == ErrorCode.RATE_LIMITED ? 429 : 400;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("errors",
                List.of(Map.of("message", e.getMessage(), "extensions",
                        Map.of("code", e.code().name(), "classification", e.code().classification().name())))));
    }
}
