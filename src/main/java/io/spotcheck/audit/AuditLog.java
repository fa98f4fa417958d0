package io.spotcheck.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.BulkSender;
import io.spotcheck.security.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.data.elasticsearch.core.query.IndexQuery;
import org.springframework.data.elasticsearch.core.query.IndexQueryBuilder;
import org.springframework.stereotype.Component;

/**
 * Append-only record of every mutation and draw: who, when, what, outcome and a SHA-256 digest of
 * the change. Entries are created with op_type=create under fresh ids and no API updates or
 * deletes them.
 */
@Component
public class AuditLog {

    private final ElasticsearchOperations operations;
    private final ObjectMapper json;
    /** The detail is stored without null values, as documents always were. */
    private final ObjectMapper detailJson;
    /**
     * The index, resolved once: Spring Data evaluates the entity's index-name expression on every
     * call (a fresh evaluation context each time), and entries are written by every mutation.
     */
    private volatile IndexCoordinates index;

    public AuditLog(ElasticsearchOperations operations, ObjectMapper json) {
        this.operations = operations;
        this.json = json;
        this.detailJson = json.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * @param action e.g. {@code subject.upsert}, {@code draw.subjects}
     * @param target id of what was changed
     * @param outcome OK, REJECTED, FORBIDDEN …
     * @param change the change itself (input or resulting document); digested, and kept as detail
     */
    public String record(Caller caller, String action, String target, String outcome, Object change) {
        AuditEntry entry = entry(caller, action, target, outcome, change);
        IndexQuery create = new IndexQueryBuilder().withId(entry.id()).withObject(entry).withOpType(IndexQuery.OpType.CREATE).build();
        BackendErrors.run("audit entry " + entry.id(), () -> operations.index(create, index()));
        return entry.id();
    }

    /**
     * One OK entry for several targets changed alike (the {@code target} field, a keyword, holds them
     * all), as a document to create under a fresh id, for a bulk writer to send with its own
     * documents: the provenance of a bulk write (a batch of an import), which an entry per record would
     * double. A term query on {@code target} finds it for each of them.
     */
    public BulkEntry bulkEntry(Caller caller, String action, List<String> targets, Object change) {
        AuditEntry entry = entry(caller, action, null, "OK", change);
        // the entry's fields in its own order, the target a list (AuditEntry holds one)
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", entry.id());
        document.put("at", entry.at());
        document.put("principal", entry.principal());
        if (entry.department() != null) {
            document.put("department", entry.department());
        }
        document.put("roles", entry.roles());
        document.put("action", entry.action());
        document.put("target", List.copyOf(targets));
        document.put("outcome", entry.outcome());
        document.put("digest", entry.digest());
        document.put("detail", entry.detail());
        return new BulkEntry(index().getIndexName(), entry.id(), out -> detailJson.writeValue(out, document));
    }

    private IndexCoordinates index() {
        IndexCoordinates resolved = index;
        if (resolved == null) {
            resolved = operations.getIndexCoordinatesFor(AuditEntry.class);
            index = resolved;
        }
        return resolved;
    }

    /** An audit entry for a bulk writer: create {@code document} in {@code index} under {@code id}. */
    public record BulkEntry(String index, String id, BulkSender.Document document) {}

    private AuditEntry entry(Caller caller, String action, String target, String outcome, Object change) {
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = change == null ? Map.of() : detailJson.convertValue(Map.of("change", change), Map.class);
        return new AuditEntry(UUID.randomUUID().toString(), Instant.now().toString(), caller.id(), caller.department(),
                caller.roles().stream().map(Enum::name).sorted().toList(), action, target, outcome, digest(change), detail);
    }

    private String digest(Object change) {
        try {
            byte[] bytes = change == null ? new byte[0] : json.writeValueAsString(change).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException e) {
            throw new IllegalArgumentException("the change cannot be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
