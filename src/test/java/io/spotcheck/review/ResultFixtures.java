package io.spotcheck.review;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.spotcheck.search.IndexNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Result documents written straight into the {@code results} index, the way result entry stores them. */
public final class ResultFixtures {

    private ResultFixtures() {}

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    /** A result document; {@code with} overrides or adds fields. */
    public static Map<String, Object> result(String taskId, String department, String agency, String subjectCode, String status,
                                             String inspectionDate, Map<String, Object> with) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", io.spotcheck.result.Result.id(taskId, department, subjectCode));
        doc.put("taskId", taskId);
        doc.put("taskName", "测试任务 " + taskId);
        doc.put("leadDepartment", department);
        doc.put("departments", List.of(department));
        doc.put("joint", false);
        doc.put("department", department);
        doc.put("agency", agency);
        doc.put("subjectCode", subjectCode);
        doc.put("subjectName", "测试企业" + subjectCode.substring(subjectCode.length() - 4));
        doc.put("subjectKind", "ORGANISATION");
        doc.put("itemCodes", List.of(department + "-001"));
        doc.put("resultCodes", List.of("NO_PROBLEM"));
        doc.put("problemFound", false);
        doc.put("followUpCount", 0);
        doc.put("followUpDoneCount", 0);
        doc.put("followUpsClosed", true);
        doc.put("inspectionDate", inspectionDate);
        doc.put("inspectorIds", List.of("INS-SECRET-1", "INS-SECRET-2"));
        doc.put("channel", "PHONE");
        doc.put("status", status);
        doc.put("submittedBy", "INS-SECRET-1");
        doc.put("submittedAt", inspectionDate + "T09:00:00Z");
        doc.put("submissionCount", 1);
        if ("PUBLISHED".equals(status)) {
            doc.put("publishedAt", inspectionDate + "T10:00:00Z");
        }
        doc.putAll(with);
        return doc;
    }

    public static void index(ElasticsearchClient client, IndexNames names, String logical, List<Map<String, Object>> docs) throws Exception {
        index(client, names, logical, docs, true);
    }

    /** Writes {@code docs} under their "id"; without {@code storeId} the id is not a field of the document. */
    public static void index(ElasticsearchClient client, IndexNames names, String logical, List<Map<String, Object>> docs,
                             boolean storeId) throws Exception {
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String id = String.valueOf(doc.get("id"));
            ids.add(id);
            Map<String, Object> body = new LinkedHashMap<>(doc);
            if (!storeId) {
                body.remove("id");
            }
            bulk.operations(op -> op.index(i -> i.index(names.alias(logical)).id(id).document(body)));
        }
        var response = client.bulk(bulk.build());
        if (response.errors()) {
            throw new IllegalStateException("fixture write failed: " + response.items().stream()
                    .filter(i -> i.error() != null).map(i -> i.error().reason()).findFirst().orElse("?"));
        }
    }
}
