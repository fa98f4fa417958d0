package io.spotcheck.result;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.task.TaskStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Everything one submission reads, in one multi-get across indices: the task, the assignment, the
 * result as stored (with the sequence number its write is conditional on), the subject and the effects
 * marker. A multi-get is real time like the gets it replaces, and each document is decoded by its own
 * store exactly as that store's get decodes it; a document the multi-get could not read (its shard
 * unavailable, its index missing) is read again with that store's own get, so failures surface as they
 * always did.
 */
@Component
class ResultEntryReads {

    /** What {@link ResultService#submit} decides on; null where the document does not exist. */
    record Reads(TaskStore.Versioned task, ResultStore.Assignment assignment, ResultStore.Versioned previous,
                 SubjectWriter.Stored subject, ResultEffectsOutbox.Marked marker) {}

    private final ElasticsearchClient client;
    private final TaskStore tasks;
    private final ResultStore results;
    private final SubjectWriter subjects;
    private final ResultEffectsOutbox outbox;
    private final ObjectMapper json;

    ResultEntryReads(ElasticsearchClient client, TaskStore tasks, ResultStore results, SubjectWriter subjects,
                     ResultEffectsOutbox outbox, ObjectMapper json) {
        this.client = client;
        this.tasks = tasks;
        this.results = results;
        this.subjects = subjects;
        this.outbox = outbox;
        this.json = json;
    }

    Reads read(String taskId, String department, String subjectCode) {
        String resultId = Result.id(taskId, department, subjectCode);
        String assignmentId = ResultStore.assignmentId(taskId, department, subjectCode);
        MgetResponse<ObjectNode> response = BackendErrors.call("result " + resultId, () -> client.mget(m -> m
                .docs(d -> d.index(tasks.index()).id(taskId))
                .docs(d -> d.index(results.assignmentIndex()).id(assignmentId))
                .docs(d -> d.index(results.index()).id(resultId))
                .docs(d -> d.index(subjects.index()).id(subjectCode))
                .docs(d -> d.index(outbox.index()).id(resultId)), ObjectNode.class));
        List<MultiGetResponseItem<ObjectNode>> docs = response.docs();
        @SuppressWarnings("unchecked")
        TaskStore.Versioned task = item(docs.get(0), () -> tasks.get(taskId),
                r -> tasks.decode(r.id(), json.convertValue(r.source(), Map.class), r.seqNo(), r.primaryTerm()));
        ResultStore.Assignment assignment = item(docs.get(1), () -> results.assignment(taskId, department, subjectCode),
                r -> results.decodeAssignment(r.source()));
        ResultStore.Versioned previous = item(docs.get(2), () -> results.get(resultId),
                r -> results.decode(r.source(), r.seqNo(), r.primaryTerm()));
        SubjectWriter.Stored subject = item(docs.get(3), () -> subjects.get(subjectCode),
                r -> new SubjectWriter.Stored(subjects.toSubject(r.source()), r.seqNo(), r.primaryTerm()));
        ResultEffectsOutbox.Marked marker = item(docs.get(4), () -> outbox.get(resultId),
                r -> outbox.decode(r.source(), r.seqNo(), r.primaryTerm()));
        return new Reads(task, assignment, previous, subject, marker);
    }

    /** What a pass of {@link ResultEffectsWorker} starts from: the marker and the result as stored now. */
    record Pending(ResultEffectsOutbox.Marked marker, ResultStore.Versioned result) {}

    /** The marker of {@code resultId} and the result, in one multi-get. */
    Pending pending(String resultId) {
        MgetResponse<ObjectNode> response = BackendErrors.call("result effects of " + resultId, () -> client.mget(m -> m
                .docs(d -> d.index(outbox.index()).id(resultId))
                .docs(d -> d.index(results.index()).id(resultId)), ObjectNode.class));
        ResultEffectsOutbox.Marked marker = item(response.docs().get(0), () -> outbox.get(resultId),
                r -> outbox.decode(r.source(), r.seqNo(), r.primaryTerm()));
        ResultStore.Versioned result = item(response.docs().get(1), () -> results.get(resultId),
                r -> results.decode(r.source(), r.seqNo(), r.primaryTerm()));
        return new Pending(marker, result);
    }

    /** {@link #pending} of each of {@code resultIds}, all in one multi-get; keyed and ordered as given. */
    Map<String, Pending> pendingAll(List<String> resultIds) {
        Map<String, Pending> all = new java.util.LinkedHashMap<>();
        if (resultIds.isEmpty()) {
            return all;
        }
        MgetResponse<ObjectNode> response = BackendErrors.call("result effects", () -> client.mget(m -> {
            for (String id : resultIds) {
                m.docs(d -> d.index(outbox.index()).id(id)).docs(d -> d.index(results.index()).id(id));
            }
            return m;
        }, ObjectNode.class));
        List<MultiGetResponseItem<ObjectNode>> docs = response.docs();
        for (int i = 0; i < resultIds.size(); i++) {
            String id = resultIds.get(i);
            ResultEffectsOutbox.Marked marker = item(docs.get(2 * i), () -> outbox.get(id),
                    r -> outbox.decode(r.source(), r.seqNo(), r.primaryTerm()));
            ResultStore.Versioned result = item(docs.get(2 * i + 1), () -> results.get(id),
                    r -> results.decode(r.source(), r.seqNo(), r.primaryTerm()));
            all.put(id, new Pending(marker, result));
        }
        return all;
    }

    private static <T> T item(MultiGetResponseItem<ObjectNode> item, Supplier<T> readAlone, Function<GetResult<ObjectNode>, T> decode) {
        if (!item.isResult()) {
            return readAlone.get();
        }
        GetResult<ObjectNode> r = item.result();
        return r.found() ? decode.apply(r) : null;
    }
}
