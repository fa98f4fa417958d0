package io.spotcheck.subject.write;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.BulkSender;
import io.spotcheck.search.IndexNames;
import io.spotcheck.subject.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.RestClient;
import org.springframework.stereotype.Component;

/**
 * Every Elasticsearch request of the subject write side: reads of current documents with their
 * sequence numbers, optimistic writes, the import's {@link BulkSender} and the point-in-time walk of
 * the re-apply job. Documents go through the application's {@link ObjectMapper}, so dates are ISO
 * strings whatever the client's own mapper does. Ids are credit codes, which makes every write
 * idempotent.
 */
@Component
public class SubjectWriter {

    private final ElasticsearchClient client;
    private final RestClient rest;
    private final IndexNames names;
    private final ObjectMapper json;
    private final ObjectWriter documents;

    public SubjectWriter(ElasticsearchClient client, RestClient rest, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.rest = rest;
        this.names = names;
        this.json = json;
        ObjectMapper stored = client._jsonpMapper() instanceof JacksonJsonpMapper jackson ? jackson.objectMapper()
                : json.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        this.documents = stored.writerFor(Subject.class);
    }

    /** A stored subject with what optimistic concurrency needs to overwrite exactly that version. */
    public record Stored(Subject subject, long seqNo, long primaryTerm) {}

    /** A partial update of {@code fields}, to be written only over exactly {@code before}. */
    public record FieldChange(Stored before, ObjectNode fields) {}

    public String index() {
        return names.alias("subjects");
    }

    public Stored get(String code) {
        try {
            GetResponse<ObjectNode> response = client.get(g -> g.index(index()).id(code), ObjectNode.class);
            if (!response.found()) {
                return null;
            }
            return new Stored(toSubject(response.source()), response.seqNo(), response.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stored documents of {@code codes}, in one request ({@link #getStored} without the versions):
     * a document whose shard did not answer the multi-get is read alone, never taken for absent.
     */
    public Map<String, Subject> getAll(Collection<String> codes) {
        Map<String, Subject> result = new LinkedHashMap<>();
        getStored(codes).forEach((code, stored) -> result.put(code, stored.subject()));
        return result;
    }

    /**
     * Writes {@code subject} over exactly {@code previous} (or only if absent when null) and waits
     * until it is searchable. Answers false when someone else wrote in between: the caller re-reads.
     */
    public boolean put(Subject subject, Stored previous) {
        ObjectNode document = json.valueToTree(subject);
        try {
            client.index(i -> {
                i.index(index()).id(subject.code()).document(document).refresh(Refresh.WaitFor);
                if (previous == null) {
                    i.opType(co.elastic.clients.elasticsearch._types.OpType.Create);
                } else {
                    i.ifSeqNo(previous.seqNo()).ifPrimaryTerm(previous.primaryTerm());
                }
                return i;
            });
            return true;
        } catch (RuntimeException | IOException e) {
            // The client reports a 409 as a typed error or, for some request shapes, as a
            // low-level response exception (an IOException), which must not read as "back end down".
            if (BackendErrors.isConflict(e)) {
                return false;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * A bulk writer of whole documents into the subjects index, at most {@code maxInFlight} requests
     * unanswered: {@code add} waits beyond that, which keeps the import's memory constant.
     */
    public <C> BulkSender<C> bulkSender(BulkSender.Listener<C> listener, int maxOperations, int maxInFlight) {
        return new BulkSender<>(rest, index(), maxOperations, 5L * 1024 * 1024, maxInFlight, listener);
    }

    /**
     * The subject as a bulk writer stores it: serialised once, with the client's mapper (the
     * application's settings, absent fields left out), straight into the request body. A JSON tree
     * in between would be built and walked once more per subject and would write absent fields as
     * explicit nulls.
     */
    public BulkSender.Document document(Subject subject) {
        return out -> documents.writeValue(out, subject);
    }

    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(index()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ point-in-time walk

    public String openPointInTime() {
        try {
            return client.openPointInTime(p -> p.index(index()).keepAlive(k -> k.time("2m"))).id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closePointInTime(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | RuntimeException e) {
            // It expires by itself; failing to close early costs nothing but a little memory.
        }
    }

    /** One chunk: subjects sorted by code after {@code afterCode} (null: from the start). */
    public List<Stored> page(String pit, String afterCode, int size) {
        try {
            SearchResponse<ObjectNode> response = client.search(s -> {
                s.pit(p -> p.id(pit).keepAlive(k -> k.time("2m"))).size(size).seqNoPrimaryTerm(true).trackTotalHits(t -> t.enabled(false))
                        .sort(o -> o.field(f -> f.field("code").order(SortOrder.Asc)));
                if (afterCode != null) {
                    s.searchAfter(FieldValue.of(afterCode));
                }
                return s;
            }, ObjectNode.class);
            List<Stored> result = new ArrayList<>();
            for (Hit<ObjectNode> hit : response.hits().hits()) {
                result.add(new Stored(toSubject(hit.source()), hit.seqNo() == null ? -1 : hit.seqNo(),
                        hit.primaryTerm() == null ? -1 : hit.primaryTerm()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Partial updates of tags only (a plain {@code doc}, no script), each guarded by the sequence
     * number it was computed from. Answers how many were written; a conflict means a concurrent
     * upsert already applied the current rules to that subject.
     */
    public int updateTags(List<Stored> changed, List<Subject> next) {
        if (changed.isEmpty()) {
            return 0;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(index());
        for (int i = 0; i < changed.size(); i++) {
            Stored before = changed.get(i);
            Subject after = next.get(i);
            ObjectNode doc = json.createObjectNode();
            doc.set("tags", json.valueToTree(after.tags()));
            doc.set("tagKeys", json.valueToTree(after.tagKeys()));
            doc.set("updatedAt", json.valueToTree(after.updatedAt()));
            bulk.operations(op -> op.update(u -> u.id(before.subject().code()).ifSeqNo(before.seqNo())
                    .ifPrimaryTerm(before.primaryTerm()).action(a -> a.doc(doc))));
        }
        try {
            BulkResponse response = client.bulk(bulk.build());
            int written = 0;
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    written++;
                } else if (item.status() != 409) {
                    throw new IllegalStateException("tag update of " + item.id() + " failed: " + item.error().reason());
                }
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A partial update ({@code doc}, no script) of the named top-level fields of one subject, only
     * over exactly {@code before}; searchable at the next refresh (result effects run after the answer, nobody waits on them). Answers false on a concurrent write (re-read
     * and retry). Used by result effects for {@code lastInspections}, {@code tags} and {@code tagKeys}.
     */
    public boolean updateFields(Stored before, ObjectNode fields) {
        try {
            client.update(u -> u.index(index()).id(before.subject().code()).ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm())
                    .doc(fields), ObjectNode.class);
            return true;
        } catch (RuntimeException | IOException e) {
            if (BackendErrors.isConflict(e)) {
                return false;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * The stored documents of {@code codes} with their sequence numbers, in one multi-get (real time,
     * as {@link #get}); a subject that does not exist is absent from the answer.
     */
    public Map<String, Stored> getStored(Collection<String> codes) {
        Map<String, Stored> result = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(codes));
        if (ids.isEmpty()) {
            return result;
        }
        MgetResponse<ObjectNode> response = BackendErrors.call("subjects", () -> client.mget(m -> m.index(index()).ids(ids), ObjectNode.class));
        for (int i = 0; i < ids.size(); i++) {
            MultiGetResponseItem<ObjectNode> item = response.docs().get(i);
            if (!item.isResult()) {
                Stored alone = get(ids.get(i)); // its shard did not answer the multi-get: the single get surfaces why
                if (alone != null) {
                    result.put(ids.get(i), alone);
                }
            } else if (item.result().found()) {
                result.put(item.result().id(), new Stored(toSubject(item.result().source()), item.result().seqNo(), item.result().primaryTerm()));
            }
        }
        return result;
    }

    /**
     * {@link #updateFields} for several subjects in one bulk request, each update guarded by the
     * version it was computed from. Answers the codes whose update was not written (changed by someone
     * meanwhile, or refused): their callers read and try again one by one.
     */
    public java.util.Set<String> updateFields(List<FieldChange> changes) {
        java.util.Set<String> notWritten = new LinkedHashSet<>();
        if (changes.isEmpty()) {
            return notWritten;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(index());
        for (FieldChange change : changes) {
            Stored before = change.before();
            bulk.operations(op -> op.update(u -> u.id(before.subject().code()).ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm())
                    .action(a -> a.doc(change.fields()))));
        }
        BulkResponse response = BackendErrors.call("subjects", () -> client.bulk(bulk.build()));
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null) {
                notWritten.add(item.id());
            }
        }
        return notWritten;
    }

    public Subject toSubject(ObjectNode source) {
        try {
            return json.treeToValue(source, Subject.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
