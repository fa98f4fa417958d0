package io.spotcheck.security;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.search.IndexNames;
import io.spotcheck.system.BackendUnavailableException;
import io.spotcheck.system.SpotcheckException;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * API keys for automation clients. A key is {@code <id>.<secret>}: the id is public (it names the
 * key in lists and the audit log), the secret is 256 random bits shown once and stored only as
 * its SHA-256. A leaked index therefore leaks no usable key; revocation takes effect on the next
 * request, since each request looks the key up (a realtime GET by id).
 */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final Pattern ID = Pattern.compile("ak_[0-9a-f]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stored document. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record ApiKeyDocument(String id, String name, String department, List<String> scopes, String hash,
                                 String createdAt, String createdBy, String revokedAt, String revokedBy, String lastUsedAt) {}

    /** A freshly created key with its secret, which is never available again. */
    public record Created(ApiKeyDocument key, String secret) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final DepartmentDirectory departments;
    private final AuditLog audit;
    private final StringRedisTemplate redis;
    private final String redisPrefix;

    public ApiKeyService(ElasticsearchClient client, IndexNames names, DepartmentDirectory departments, AuditLog audit,
                         StringRedisTemplate redis, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String redisPrefix) {
        this.client = client;
        this.names = names;
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
        try {
            client.create(c -> c.index(names.alias("api_keys")).id(id).document(document).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new BackendUnavailableException("could not store the API key", e);
        }
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
        try {
            client.update(u -> u.index(names.alias("api_keys")).id(id).doc(change).refresh(Refresh.WaitFor), ApiKeyDocument.class);
        } catch (IOException e) {
            throw new BackendUnavailableException("could not revoke the API key", e);
        }
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
        try {
            SearchResponse<ApiKeyDocument> response = client.search(s -> s.index(names.alias("api_keys"))
                    .query(q -> only == null ? q.matchAll(m -> m) : q.term(t -> t.field("department").value(only)))
                    .sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)))
                    .size(1000), ApiKeyDocument.class);
            return response.hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new BackendUnavailableException("could not list API keys", e);
        }
    }

    /**
     * The caller an {@code <id>.<secret>} token stands for, or empty when it is malformed, unknown
     * or revoked. Back-end failures propagate so they are not mistaken for a bad key.
     */
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
        try {
            GetResponse<ApiKeyDocument> response = client.get(g -> g.index(names.alias("api_keys")).id(id), ApiKeyDocument.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new BackendUnavailableException("could not read API keys", e);
        }
    }

    /** Records the last use at most once a minute per key, so a busy script does not write per request. */
    private void touch(String id) {
        try {
            Boolean first = redis.opsForValue().setIfAbsent(redisPrefix + "apikey:used:" + id, "1", Duration.ofMinutes(1));
            if (Boolean.TRUE.equals(first)) {
                client.update(u -> u.index(names.alias("api_keys")).id(id).doc(Map.of("lastUsedAt", Instant.now().toString())),
                        ApiKeyDocument.class);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not record the last use of API key {}: {}", id, e.toString());
        }
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
