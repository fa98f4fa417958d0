package io.spotcheck.system;

import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.execution.preparsed.persisted.ApolloPersistedQuerySupport;
import graphql.execution.preparsed.persisted.PersistedQueryCache;
import graphql.execution.preparsed.persisted.PersistedQueryCacheMiss;
import graphql.execution.preparsed.persisted.PersistedQueryError;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Apollo automatic persisted queries (APQ): a client sends {@code extensions.persistedQuery.sha256Hash}
 * without the query; an unknown hash is answered with PERSISTED_QUERY_NOT_FOUND (message
 * {@code PersistedQueryNotFound}, as Apollo's link expects), the client sends hash and query once, and
 * the server keeps the text in Redis so every replica knows it from then on. graphql-java's
 * {@link ApolloPersistedQuerySupport} does the protocol (and refuses a text whose SHA-256 is not the
 * hash); this class is its cache. Redis being down only costs the client its retry with the full
 * text: a lookup that fails counts as a miss, a store that fails is skipped.
 */
@Component
public class PersistedQueries implements PersistedQueryCache {

    private static final Logger log = LoggerFactory.getLogger(PersistedQueries.class);
    /** Unused entries go after this long; a client whose hash expired just sends the text again. */
    static final Duration TTL = Duration.ofDays(7);

    private final StringRedisTemplate redis;
    private final String prefix;

    public PersistedQueries(StringRedisTemplate redis, @Value("${spotcheck.redis.key-prefix:spotcheck:}") String prefix) {
        this.redis = redis;
        this.prefix = prefix + "apq:";
    }

    /** The query text stored under a hash, or null. */
    public String lookup(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
            return null;
        }
        try {
            return redis.opsForValue().get(prefix + sha256.toLowerCase());
        } catch (RuntimeException e) {
            log.warn("persisted query lookup failed, treated as a miss: {}", e.toString());
            return null;
        }
    }

    /** The hash of a request's {@code extensions.persistedQuery}, or null when it has none. */
    public static String hashOf(Map<String, Object> extensions) {
        if (extensions != null && extensions.get("persistedQuery") instanceof Map<?, ?> persisted
                && persisted.get("sha256Hash") instanceof String hash) {
            return hash;
        }
        return null;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getPersistedQueryDocumentAsync(Object persistedQueryId, ExecutionInput input,
            PersistedQueryCacheMiss onMiss) {
        String hash = String.valueOf(persistedQueryId).toLowerCase();
        String stored = lookup(hash);
        String text = stored;
        if (text == null) {
            text = PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(input.getQuery()) ? null : input.getQuery();
        }
        // Throws PersistedQueryNotFound without a text, PersistedQueryIdInvalid when the text is not the hash's.
        PreparsedDocumentEntry entry = onMiss.apply(text);
        if (stored == null && !entry.hasErrors()) {
            try {
                redis.opsForValue().set(prefix + hash, text, TTL);
            } catch (RuntimeException e) {
                log.warn("persisted query not stored: {}", e.toString());
            }
        }
        return CompletableFuture.completedFuture(entry);
    }

    /** APQ in front of the parsed-document cache: the text a hash names is parsed and validated once too. */
    public PreparsedDocumentProvider in(ParsedDocumentCache parsed) {
        ApolloPersistedQuerySupport apq = new ApolloPersistedQuerySupport(this) {
            @Override
            protected PreparsedDocumentEntry mkMissingError(PersistedQueryError error) {
                boolean notFound = error instanceof PersistedQueryNotFound;
                Map<String, Object> extensions = new LinkedHashMap<>();
                extensions.put("code", notFound ? ErrorCode.PERSISTED_QUERY_NOT_FOUND.name() : ErrorCode.PERSISTED_QUERY_HASH_MISMATCH.name());
                return new PreparsedDocumentEntry(GraphqlErrorBuilder.newError()
                        .errorType(ErrorCode.BAD_USER_INPUT.classification())
                        .message(notFound ? "PersistedQueryNotFound" : "the query's SHA-256 is not extensions.persistedQuery.sha256Hash")
                        .extensions(extensions).build());
            }
        };
        return new PreparsedDocumentProvider() {
            @Override
            public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
                    Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
                return apq.getDocumentAsync(input, in -> parsed.getDocumentAsync(in, parseAndValidate).join());
            }
        };
    }
}
