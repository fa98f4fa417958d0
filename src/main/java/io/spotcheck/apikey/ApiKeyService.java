package io.spotcheck.apikey;

import co.elastic.clients.elasticsearch._types.SortOrder;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.system.SpotcheckException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;
import org.springframework.data.elasticsearch.client.elc.NativeQuery;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.data.elasticsearch.core.query.IndexQuery;
import org.springframework.data.elasticsearch.core.query.IndexQueryBuilder;
import org.springframework.data.elasticsearch.core.query.UpdateQuery;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;

/**
 * API keys for automation clients. A key is {@code <id>.<secret>}: the id is public (it names the
 * key in lists and the audit log), the secret is 256 random bits shown once and stored only as
 * its SHA-256. A leaked index therefore leaks no usable key; revocation takes effect on the next
 * request, since each request looks the key up (a realtime GET by id).
 */
@Service
public class ApiKeyService implements io.spotcheck.security.ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final Pattern ID = Pattern.compile("ak_[0-9a-f]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stored document, in the {@code api_keys} alias; times are kept as the ISO strings they were written as. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    @Document(indexName = "#{@indexNames.alias('api_keys')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
    public record ApiKeyDocument(@Id String id, String name, String department, List<String> scopes, String hash,
                                 String createdAt, String createdBy, String revokedAt, String revokedBy, String lastUsedAt) {}

    /** A freshly created key with its secret, which is never available again. */
    public record Created(ApiKeyDocument key, String secret) {}

    private final ElasticsearchOperations operations;
    private final DepartmentDirectory departments;
    private final AuditLog audit;
    private final StringRedisTemplate redis;
    private final String redisPrefix;

    public ApiKeyService(ElasticsearchOperations operations, DepartmentDirectory departments, AuditLog audit,
                         StringRedisTemplate redis, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String redisPrefix) {
        this.operations = operations;
        this.departments = departments;
        this.audit = audit;
        this.redis = redis;
        this.redisPrefix = redisPrefix;
    }

    public Created create(Caller caller, String name, String department, List<String> scopes) {
        caller.requireAny(Role.DEPT_ADMIN);
        if (department == null || department.isBlank()) {
            throw SpotcheckException.badInput("department", "an API key belongs to a department");
        }
        caller.requireDepartment(department);
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100 || cleanName.codePoints().anyMatch(Character::isISOControl)) {
            throw SpotcheckException.badInput("name", "the name must be 1 to 100 printable characters");
        }
        Set<String> validScopes = ApiKeyScopes.validate(scopes);
        if (departments.departments(List.of(department)).get(department) == null) {
            throw SpotcheckException.badInput("department", "unknown department");
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = "ak_" + HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiKeyDocument document = new ApiKeyDocument(id, cleanName, department, List.copyOf(validScopes), sha256(secret),
                Instant.now().toString(), caller.id(), null, null, null);
        IndexQuery create = new IndexQueryBuilder().withId(id).withObject(document).withOpType(IndexQuery.OpType.CREATE).build();
        BackendErrors.run("API key " + id, () -> operations.withRefreshPolicy(RefreshPolicy.WAIT_UNTIL)
                .index(create, operations.getIndexCoordinatesFor(ApiKeyDocument.class)));
        audit.record(caller, "apiKey.create", id, "OK", describe(document));
        return new Created(document, id + "." + secret);
    }

    public ApiKeyDocument revoke(Caller caller, String id) {
        caller.requireAny(Role.DEPT_ADMIN);
        if (id == null || !ID.matcher(id).matches()) {
            throw SpotcheckException.badInput("id", "not an API key id");
        }
        ApiKeyDocument existing = find(id).orElseThrow(() -> SpotcheckException.notFound("API key", id));
        caller.requireDepartment(existing.department());
        if (existing.revokedAt() != null) {
            return existing;
        }
        String now = Instant.now().toString();
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("revokedAt", now);
        change.put("revokedBy", caller.id());
        update(id, change, RefreshPolicy.WAIT_UNTIL);
        audit.record(caller, "apiKey.revoke", id, "OK", describe(existing));
        return new ApiKeyDocument(existing.id(), existing.name(), existing.department(), existing.scopes(), existing.hash(),
                existing.createdAt(), existing.createdBy(), now, caller.id(), existing.lastUsedAt());
    }

    public List<ApiKeyDocument> list(Caller caller, String department) {
        caller.requireAny(Role.DEPT_ADMIN);
        String only = caller.isPlatformAdmin() ? department : caller.department();
        if (!caller.isPlatformAdmin() && department != null) {
            caller.requireDepartment(department);
        }
        NativeQuery query = NativeQuery.builder()
                .withQuery(q -> only == null ? q.matchAll(m -> m) : q.term(t -> t.field("department").value(only)))
                .withSort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                .withMaxResults(1000).build();
        return BackendErrors.call("API keys", () -> operations.search(query, ApiKeyDocument.class)).stream().map(SearchHit::getContent).toList();
    }

    /**
     * The caller an {@code <id>.<secret>} token stands for, or empty when it is malformed, unknown
     * or revoked. Back-end failures propagate so they are not mistaken for a bad key.
     */
    @Override
    public Optional<Caller> authenticate(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String id = token.substring(0, dot);
        String secret = token.substring(dot + 1);
        if (!ID.matcher(id).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        Optional<ApiKeyDocument> key = find(id);
        if (key.isEmpty() || key.get().revokedAt() != null
                || !MessageDigest.isEqual(key.get().hash().getBytes(StandardCharsets.US_ASCII),
                        sha256(secret).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        touch(id);
        ApiKeyDocument k = key.get();
        return Optional.of(new Caller(k.id(), k.name(), k.department(), null, EnumSet.of(Role.AUTOMATION), Set.copyOf(k.scopes())));
    }

    private Optional<ApiKeyDocument> find(String id) {
        return Optional.ofNullable(BackendErrors.call("API key " + id, () -> operations.get(id, ApiKeyDocument.class)));
    }

    /** Records the last use at most once a minute per key, so a busy script does not write per request. */
    private void touch(String id) {
        try {
            Boolean first = redis.opsForValue().setIfAbsent(redisPrefix + "apikey:used:" + id, "1", Duration.ofMinutes(1));
            if (Boolean.TRUE.equals(first)) {
                update(id, Map.of("lastUsedAt", Instant.now().toString()), null);
            }
        } catch (RuntimeException e) {
            log.warn("could not record the last use of API key {}: {}", id, e.toString());
        }
    }

    /** A partial update of the stored key: only {@code change}'s fields are written. */
    private void update(String id, Map<String, Object> change, RefreshPolicy refresh) {
        UpdateQuery update = UpdateQuery.builder(id)
                .withDocument(org.springframework.data.elasticsearch.core.document.Document.from(change))
                .withRefreshPolicy(refresh).build();
        BackendErrors.run("API key " + id, () -> operations.update(update, operations.getIndexCoordinatesFor(ApiKeyDocument.class)));
    }

    private static Map<String, Object> describe(ApiKeyDocument key) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("id", key.id());
        change.put("name", key.name());
        change.put("department", key.department());
        change.put("scopes", key.scopes());
        return change;
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
