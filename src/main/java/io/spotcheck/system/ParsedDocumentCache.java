package io.spotcheck.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Front ends and scripts send the same few documents over and over; parsing and validating them
 * again would repeat the same work on every request. Only documents that parsed, validated and
 * passed the document-shape limits are kept, keyed by their exact text, so a cached entry is one
 * that would be accepted again: the checks that depend on variables (page sizes, depth,
 * complexity) run at execution for every request regardless.
 */
public final class ParsedDocumentCache implements PreparsedDocumentProvider {

    /** Longer documents are rare and not worth keeping; they are parsed every time. */
    static final int MAX_CACHED_LENGTH = 16_384;

    private final Cache<String, PreparsedDocumentEntry> documents;

    public ParsedDocumentCache(int maxEntries) {
        this.documents = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        if (query == null || query.length() > MAX_CACHED_LENGTH) {
            return CompletableFuture.completedFuture(parseAndValidate.apply(input));
        }
        PreparsedDocumentEntry cached = documents.getIfPresent(query);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors()) {
            documents.put(query, entry);
        }
        return CompletableFuture.completedFuture(entry);
    }

    long size() {
        documents.cleanUp();
        return documents.estimatedSize();
    }
}
