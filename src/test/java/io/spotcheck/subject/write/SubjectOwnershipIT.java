package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Role;
import io.spotcheck.subject.TestCodes;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** Issue 20, item 3: master data belongs to the registering department; writes change only what they name; changes keep provenance. */
@IntegrationTest
class SubjectOwnershipIT {

    @Autowired
    Testers testers;
    @Autowired
    co.elastic.clients.elasticsearch.ElasticsearchClient client;
    @Autowired
    io.spotcheck.search.IndexNames names;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    java.net.http.HttpResponse<String> importAs(String department, String ndjson) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/subjects/import"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + testers.token(department, department + "-BUREAU", null, Role.DEPT_OPERATOR))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anImportLineChangingAnotherDepartmentsSubjectIsRejectedAndLinesKeepWhatTheyLeaveOut() throws Exception {
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        String code = TestCodes.newCode();
        scjg.document(UPSERT).variable("in", full(code, SCJG_AUTHORITY)).execute().path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        String line = "{\"code\":\"" + code + "\",\"kind\":\"ORGANISATION\",\"type\":\"ENTERPRISE\",\"name\":\"归属测试企业\","
                + "\"regionCode\":\"330109001\",\"status\":\"DEREGISTERED\"}\n";
        String refused = importAs("WSJK", line).body();
        assertThat(refused).contains("NOT_OWNER").contains("\"rejected\":1");
        scjg.document(READ).variable("c", code).execute().path("subject.status").entity(String.class).isEqualTo("ACTIVE");
        // the owner's line changes the status and keeps the fields it leaves out
        String accepted = importAs("SCJG", line).body();
        assertThat(accepted).contains("\"accepted\":1");
        scjg.document(READ).variable("c", code).execute().path("subject.status").entity(String.class).isEqualTo("DEREGISTERED")
                .path("subject.legalRepresentative").entity(String.class).isEqualTo("张三");

        // the import left the subject's provenance like any other write: who, through what (the run and batch), when, which fields;
        // the refused line left none, and a line that changes nothing leaves none either
        assertThat(importAs("SCJG", line).body()).contains("\"unchanged\":1");
        client.indices().refresh(r -> r.index(names.alias("audit")));
        GraphQlTester.Response read = scjg.document("query($c:String!){ subjectChanges(code:$c, first: 10){ totalCount "
                + "edges { node { at by department source fields batch } } } }").variable("c", code).execute();
        read.path("subjectChanges.edges[*].node.source").entityList(String.class).containsExactly("import", "upsertSubject");
        read.path("subjectChanges.edges[0].node.by").entity(String.class).isEqualTo("SCJG-dept_operator")
                .path("subjectChanges.edges[0].node.department").entity(String.class).isEqualTo("SCJG")
                .path("subjectChanges.edges[0].node.fields").entityList(String.class).containsExactly("status")
                .path("subjectChanges.edges[0].node.at").entity(String.class).satisfies(at -> assertThat(at).isNotBlank())
                .path("subjectChanges.edges[1].node.batch").valueIsNull();
        String batch = read.path("subjectChanges.edges[0].node.batch").entity(String.class).get();
        assertThat(batch).matches("[0-9a-f-]{36}/1");
        // each run also leaves its own entry (its summary, under the same run id)
        long runEntries = client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(x -> x.term(t -> t.field("action").value("subject.import")))
                .filter(x -> x.term(t -> t.field("target").value("subjects")))
                .filter(x -> x.term(t -> t.field("principal").value("SCJG-dept_operator")))))).count();
        assertThat(runEntries).isGreaterThanOrEqualTo(2);
    }

    static final String SCJG_AUTHORITY = "杭州市萧山区市场监督管理局";
    static final String UPSERT = "mutation($in: SubjectInput!){ upsertSubject(input:$in){ subject { code status legalRepresentative address } "
            + "errors { code message field } } }";
    static final String UPDATE = "mutation($in: SubjectPatchInput!){ updateSubject(input:$in){ subject { code status legalRepresentative address "
            + "registrationAuthority } errors { code message field } } }";
    static final String READ = "query($c:String!){ subject(code:$c){ status legalRepresentative address tagKeys } }";

    static Map<String, Object> full(String code, String authority) {
        Map<String, Object> in = new HashMap<>();
        in.put("code", code);
        in.put("kind", "ORGANISATION");
        in.put("type", "ENTERPRISE");
        in.put("name", "归属测试企业");
        in.put("regionCode", "330109001");
        in.put("status", "ACTIVE");
        in.put("legalRepresentative", "张三");
        in.put("address", "城厢街道 1 号");
        in.put("registrationAuthority", authority);
        return in;
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyTheRegisteringDepartmentChangesMasterDataOthersAddTheirOwnAndEveryChangeIsTraceable() throws Exception {
        HttpGraphQlTester scjg = testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
        HttpGraphQlTester wsjk = testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
        String code = TestCodes.newCode();
        scjg.document(UPSERT).variable("in", full(code, SCJG_AUTHORITY)).execute().path("upsertSubject.errors").entityList(Object.class).hasSize(0);

        // WSJK sets the SCJG-registered subject DEREGISTERED: refused, nothing written
        Map<String, Object> deregister = full(code, SCJG_AUTHORITY);
        deregister.put("status", "DEREGISTERED");
        wsjk.document(UPSERT).variable("in", deregister).execute()
                .path("upsertSubject.subject").valueIsNull()
                .path("upsertSubject.errors[0].code").entity(String.class).isEqualTo("NOT_OWNER")
                .path("upsertSubject.errors[0].message").entity(String.class).satisfies(m -> assertThat(m).contains("SCJG").contains("status"));
        wsjk.document(UPDATE).variable("in", Map.of("code", code, "status", "DEREGISTERED")).execute()
                .path("updateSubject.errors[0].code").entity(String.class).isEqualTo("NOT_OWNER");
        scjg.document(READ).variable("c", code).execute().path("subject.status").entity(String.class).isEqualTo("ACTIVE");
        // …nor claims another department's registration for a new subject
        wsjk.document(UPSERT).variable("in", full(TestCodes.newCode(), SCJG_AUTHORITY)).execute()
                .path("upsertSubject.errors[0].code").entity(String.class).isEqualTo("NOT_OWNER")
                .path("upsertSubject.errors[0].field").entityList(String.class).containsExactly("input", "registrationAuthority");
        // what is WSJK's own it adds: its tags
        wsjk.document("mutation($in: SetSubjectTagsInput!){ setSubjectTags(input:$in){ errors { code } } }")
                .variable("in", Map.of("code", code, "department", "WSJK", "add", List.of(Map.of("name", "公共场所")))).execute()
                .path("setSubjectTags.errors").entityList(Object.class).hasSize(0);

        // partial updates change only what they name
        scjg.document(UPDATE).variable("in", Map.of("code", code, "address", "北干街道 2 号")).execute()
                .path("updateSubject.errors").entityList(Object.class).hasSize(0)
                .path("updateSubject.subject.address").entity(String.class).isEqualTo("北干街道 2 号")
                .path("updateSubject.subject.legalRepresentative").entity(String.class).isEqualTo("张三")
                .path("updateSubject.subject.registrationAuthority").entity(String.class).isEqualTo(SCJG_AUTHORITY);
        // an upsert leaving optional fields out keeps them
        Map<String, Object> without = full(code, null);
        without.remove("legalRepresentative");
        without.remove("address");
        without.remove("registrationAuthority");
        without.put("name", "归属测试企业（更名）");
        scjg.document(UPSERT).variable("in", without).execute().path("upsertSubject.errors").entityList(Object.class).hasSize(0)
                .path("upsertSubject.subject.legalRepresentative").entity(String.class).isEqualTo("张三")
                .path("upsertSubject.subject.address").entity(String.class).isEqualTo("北干街道 2 号");
        // erasing is explicit, and only for optional fields
        scjg.document(UPDATE).variable("in", Map.of("code", code, "clear", List.of("name"))).execute()
                .path("updateSubject.errors[0].code").entity(String.class).isEqualTo("NOT_CLEARABLE");
        scjg.document(UPDATE).variable("in", Map.of("code", code, "clear", List.of("legalRepresentative"))).execute()
                .path("updateSubject.errors").entityList(Object.class).hasSize(0)
                .path("updateSubject.subject.legalRepresentative").valueIsNull();
        scjg.document(UPDATE).variable("in", Map.of("code", TestCodes.newCode(), "status", "REVOKED")).execute()
                .path("updateSubject.errors[0].code").entity(String.class).isEqualTo("NOT_FOUND");
        // SCJG's registration feed (automation with subjects:import) changes the status
        testers.automation("SCJG", "subjects:import subjects:read").document(UPDATE).variable("in", Map.of("code", code, "status", "REVOKED"))
                .execute().path("updateSubject.errors").entityList(Object.class).hasSize(0)
                .path("updateSubject.subject.status").entity(String.class).isEqualTo("REVOKED");
        Map<String, Object> stored = scjg.document(READ).variable("c", code).execute().path("subject").entity(Map.class).get();
        assertThat(stored).containsEntry("status", "REVOKED").containsEntry("address", "北干街道 2 号");
        assertThat((List<String>) stored.get("tagKeys")).contains("WSJK:公共场所");

        // provenance: who, through what, when, which fields — newest first; refused attempts are not changes
        // (audit entries are searchable from the index's next refresh)
        client.indices().refresh(r -> r.index(names.alias("audit")));
        List<Map<String, Object>> changes = scjg.document("query($c:String!){ subjectChanges(code:$c, first: 10){ totalCount "
                        + "edges { node { at by department source fields } } } }").variable("c", code).execute()
                .path("subjectChanges.edges[*].node").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(changes.stream().map(c -> c.get("source")))
                .containsExactly("updateSubject", "updateSubject", "upsertSubject", "updateSubject", "setSubjectTags", "upsertSubject");
        assertThat(changes.get(0)).containsEntry("department", "SCJG").containsEntry("fields", List.of("status"));
        assertThat(changes.get(1)).containsEntry("by", "SCJG-dept_operator").containsEntry("fields", List.of("legalRepresentative"));
        assertThat(changes.get(2).get("fields")).isEqualTo(List.of("name"));
        assertThat(changes.get(4)).containsEntry("department", "WSJK").containsEntry("fields", List.of("tags"));
        assertThat((List<String>) changes.get(5).get("fields")).contains("name", "status", "registrationAuthority");
        assertThat(changes).allSatisfy(c -> assertThat(c.get("at")).isNotNull());
    }
}
