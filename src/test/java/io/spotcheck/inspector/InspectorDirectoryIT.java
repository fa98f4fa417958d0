package io.spotcheck.inspector;

import static io.spotcheck.subject.TestCodes.residentId;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@IntegrationTest
class InspectorDirectoryIT {

    @Autowired
    Testers testers;
    @Autowired
    io.spotcheck.api.CursorCodec cursors;
    @Autowired
    io.spotcheck.search.PitHandles pits;

    @Autowired
    InspectorDirectory directory;

    @Autowired
    ElasticsearchClient client;

    @Autowired
    IndexNames names;

    @Autowired
    io.spotcheck.department.DepartmentDirectory departments;

    static final LocalDate TODAY = LocalDate.now(InspectorDirectory.ZONE);

    static final String LIST = """
            query($filter: InspectorFilter, $first: Int, $after: String, $sort: InspectorSort) {
              inspectors(filter: $filter, first: $first, after: $after, sort: $sort) {
                totalCount
                edges { cursor node { id: localId name certificateNumber phone status certificateState departmentCode agencyId
                        department { code name } agency { id name } recusals { subjectCode reason } } }
                pageInfo { hasNextPage endCursor }
                facets { departments { value count } agencies { value count } statuses { value count }
                         qualifications { value count } certificate { value count } }
              }
            }""";

    static final String UPSERT = """
            mutation($input: InspectorInput!) {
              upsertInspector(input: $input) { inspector { id: localId name status certificateNumber phone } errors { code message field } }
            }""";

    String prefix() {
        return "T" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Inspector inspector(String id, String name, String department, String agency, String status, LocalDate until,
                               List<String> qualifications) {
        return new Inspector(id, name, department, agency, "浙执法330109012345", until.minusYears(5), until, qualifications, status,
                "13812345678", List.of(), null, Instant.now());
    }

    /** Five SCJG inspectors (two stations, one on leave, one expired) and one WSJK inspector, under fresh ids. */
    List<String> givenInspectors(String p) {
        List<Inspector> list = List.of(
                inspector(p + "-1", "赵一鸣", "SCJG", "SCJG-S01", "ACTIVE", TODAY.plusYears(2), List.of("FOOD_SAFETY")),
                inspector(p + "-2", "钱二娟", "SCJG", "SCJG-S01", "ON_LEAVE", TODAY.plusYears(2), List.of("FOOD_SAFETY", "PRICE")),
                inspector(p + "-3", "孙三峰", "SCJG", "SCJG-S02", "ACTIVE", TODAY.minusDays(3), List.of("QUALITY")),
                inspector(p + "-4", "李四海", "SCJG", "SCJG-S02", "ACTIVE", TODAY.plusYears(1), List.of("FOOD_SAFETY")),
                inspector(p + "-5", "周五洋", "SCJG", "SCJG-S01", "ACTIVE", TODAY.plusYears(3), List.of("DRUG")),
                inspector(p + "-6", "吴六平", "WSJK", "WSJK-S01", "ACTIVE", TODAY.plusYears(3), List.of("HEALTH")));
        assertThat(directory.createAll(list)).isEqualTo(6);
        return list.stream().map(Inspector::id).toList();
    }

    static Map<String, Object> ids(List<String> ids) {
        return Map.of("ids", ids);
    }

    static void forbidden(GraphQlTester.Response response) {
        response.errors().satisfy(errors -> assertThat(errors).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
    }

    static long count(List<Map<String, Object>> facet, String value) {
        return facet.stream().filter(f -> value.equals(f.get("value"))).mapToLong(f -> ((Number) f.get("count")).longValue()).sum();
    }

    @Test
    void totalCountAndFacetsAreExactAndDisjunctive() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        Map<String, Object> filter = Map.of("ids", ids, "statuses", List.of("ACTIVE"), "departments", List.of("SCJG"));
        GraphQlTester.Response r = testers.platformAdmin().document(LIST).variable("filter", filter).execute();
        r.path("inspectors.totalCount").entity(Long.class).isEqualTo(4L);
        List<Map<String, Object>> statuses = r.path("inspectors.facets.statuses").entityList(mapType()).get();
        assertThat(count(statuses, "ACTIVE")).isEqualTo(4);
        assertThat(count(statuses, "ON_LEAVE")).as("status facet ignores the status selection").isEqualTo(1);
        List<Map<String, Object>> departments = r.path("inspectors.facets.departments").entityList(mapType()).get();
        assertThat(count(departments, "SCJG")).isEqualTo(4);
        assertThat(count(departments, "WSJK")).as("department facet ignores the department selection").isEqualTo(1);
        List<Map<String, Object>> certificate = r.path("inspectors.facets.certificate").entityList(mapType()).get();
        assertThat(count(certificate, "VALID")).isEqualTo(3);
        assertThat(count(certificate, "EXPIRED")).isEqualTo(1);
        List<Map<String, Object>> qualifications = r.path("inspectors.facets.qualifications").entityList(mapType()).get();
        assertThat(count(qualifications, "FOOD_SAFETY")).isEqualTo(2);

        testers.platformAdmin().document(LIST).variable("filter", Map.of("ids", ids, "certificate", List.of("EXPIRED"))).execute()
                .path("inspectors.edges[*].node.id").entityList(String.class).containsExactly(p + "-3");
        testers.platformAdmin().document(LIST).variable("filter", Map.of("ids", ids, "qualificationsAll", List.of("FOOD_SAFETY", "PRICE")))
                .execute().path("inspectors.edges[*].node.id").entityList(String.class).containsExactly(p + "-2");
    }

    /** Issue 20 item 5: certificate states on a given day (answered INTERNAL for any date), filtered, faceted and paged. */
    @Test
    void certificateStatesOnAGivenDayFilterFacetAndPage() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        // ten days ago p-3's certificate was still valid
        testers.platformAdmin().document(LIST).variable("filter", Map.of("ids", ids, "certificate", List.of("EXPIRED"),
                        "certificateOn", TODAY.minusDays(10).toString())).execute()
                .path("inspectors.totalCount").entity(Long.class).isEqualTo(0L);
        // in eighteen months p-4's has run out too; paged one by one, the cursor carries the day
        Map<String, Object> later = Map.of("ids", ids, "certificate", List.of("EXPIRED"), "certificateOn", TODAY.plusMonths(18).toString());
        GraphQlTester.Response first = testers.platformAdmin().document(LIST).variable("filter", later).variable("first", 1).execute();
        first.path("inspectors.totalCount").entity(Long.class).isEqualTo(2L)
                .path("inspectors.edges[0].node.certificateState").entity(String.class).isEqualTo("EXPIRED")
                .path("inspectors.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String firstId = first.path("inspectors.edges[0].node.id").entity(String.class).get();
        String cursor = first.path("inspectors.pageInfo.endCursor").entity(String.class).get();
        String secondId = testers.platformAdmin().document(LIST).variable("filter", later).variable("first", 1).variable("after", cursor)
                .execute().path("inspectors.edges[0].node.id").entity(String.class).get();
        assertThat(List.of(firstId, secondId)).containsExactlyInAnyOrder(p + "-3", p + "-4");
        List<Map<String, Object>> facet = first.path("inspectors.facets.certificate").entityList(mapType()).get();
        assertThat(count(facet, "EXPIRED")).isEqualTo(2);
    }

    @Test
    void textSearchFindsInspectorsByPartOfTheName() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        testers.platformAdmin().document(LIST).variable("filter", Map.of("ids", ids, "text", "四海")).execute()
                .path("inspectors.edges[*].node.id").entityList(String.class).containsExactly(p + "-4");
        testers.platformAdmin().document(LIST).variable("filter", Map.of("ids", ids, "text", "name:* OR 1=1 {\"script\":1}")).execute()
                .path("inspectors.totalCount").entity(Long.class).isEqualTo(0L);
    }

    @Test
    void cursorsWalkEveryMatchOnceInOrderAndRefuseTamperedOrExpiredOnes() throws Exception {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        HttpGraphQlTester admin = testers.platformAdmin();
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            GraphQlTester.Response r = admin.document(LIST).variable("filter", ids(ids)).variable("first", 2)
                    .variable("after", after).variable("sort", Map.of("field", "NAME", "direction", "ASC")).execute();
            r.path("inspectors.totalCount").entity(Long.class).isEqualTo(6L);
            seen.addAll(r.path("inspectors.edges[*].node.id").entityList(String.class).get());
            boolean more = r.path("inspectors.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = more ? r.path("inspectors.pageInfo.endCursor").entity(String.class).get() : null;
            pages++;
        } while (after != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();

        String cursor = admin.document(LIST).variable("filter", ids(ids)).variable("first", 2).execute()
                .path("inspectors.pageInfo.endCursor").entity(String.class).get();
        // one character in the middle: every bit of it is data (a base64 text's last character may carry unused bits)
        int at = cursor.length() / 2;
        String tampered = cursor.substring(0, at) + (cursor.charAt(at) == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
        admin.document(LIST).variable("filter", ids(ids)).variable("first", 2).variable("after", tampered).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
        admin.document(LIST).variable("filter", Map.of("ids", ids, "text", "赵")).variable("first", 2).variable("after", cursor).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
        String pit = pits.pit(cursors.pitHandle(cursor), java.time.Duration.ofMinutes(2));
        assertThat(pit).as("the cursor's point in time").isNotBlank();
        client.closePointInTime(c -> c.id(pit));
        admin.document(LIST).variable("filter", ids(ids)).variable("first", 2).variable("after", cursor).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> {
                    assertThat(x.getExtensions()).containsEntry("code", "INVALID_CURSOR");
                    assertThat(x.getMessage()).contains("expired");
                }));
        admin.document(LIST).variable("filter", ids(ids)).variable("first", 1000).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
    }

    @Test
    void certificateNumbersAndPhonesAreMaskedExceptForAdministrators() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        String q = "query($id: String!) { inspector(id: $id) { certificateNumber phone department { name } agency { name } } }";
        for (HttpGraphQlTester admin : List.of(testers.platformAdmin(), testers.as("SCJG", null, Role.DEPT_ADMIN))) {
            GraphQlTester.Response r = admin.document(q).variable("id", ids.get(0)).execute();
            r.path("inspector.certificateNumber").entity(String.class).isEqualTo("浙执法330109012345");
            r.path("inspector.phone").entity(String.class).isEqualTo("13812345678");
            r.path("inspector.department.name").entity(String.class).isEqualTo("杭州市萧山区市场监督管理局");
            r.path("inspector.agency.name").entity(String.class).isEqualTo("城厢市场监管所");
        }
        for (HttpGraphQlTester reader : List.of(testers.as("SCJG", null, Role.DEPT_OPERATOR), testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER),
                testers.as("SCJG", "SCJG-S01", Role.INSPECTOR))) {
            GraphQlTester.Response r = reader.document(q).variable("id", ids.get(0)).execute();
            r.path("inspector.certificateNumber").entity(String.class).isEqualTo("浙执法330*******45");
            r.path("inspector.phone").entity(String.class).isEqualTo("138****5678");
        }
        testers.as("WSJK", null, Role.DEPT_ADMIN).document(LIST).variable("filter", Map.of("ids", List.of(ids.get(5)))).execute()
                .path("inspectors.edges[0].node.phone").entity(String.class).isEqualTo("13812345678");
    }

    @Test
    void eachCallerReadsOnlyItsOwnDepartmentOrAgencyAndThePublicNothing() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        testers.as("SCJG", null, Role.DEPT_OPERATOR).document(LIST).variable("filter", ids(ids)).execute()
                .path("inspectors.totalCount").entity(Long.class).isEqualTo(5L);
        testers.as("WSJK", null, Role.DEPT_OPERATOR).document(LIST).variable("filter", ids(ids)).execute()
                .path("inspectors.edges[*].node.id").entityList(String.class).containsExactly(p + "-6");
        testers.as("SCJG", "SCJG-S02", Role.AGENCY_REVIEWER).document(LIST).variable("filter", ids(ids)).execute()
                .path("inspectors.edges[*].node.id").entityList(String.class).satisfies(l -> assertThat(l).containsExactlyInAnyOrder(p + "-3", p + "-4"));
        testers.automation("SCJG", InspectorAccess.READ_SCOPE).document(LIST).variable("filter", ids(ids)).execute()
                .path("inspectors.totalCount").entity(Long.class).isEqualTo(5L);
        forbidden(testers.anonymous().document(LIST).variable("filter", ids(ids)).execute());
        forbidden(testers.automation("SCJG", "subjects:import").document(LIST).variable("filter", ids(ids)).execute());
        forbidden(testers.as("WSJK", null, Role.DEPT_ADMIN).document("query($id: String!) { inspector(id: $id) { id } }")
                .variable("id", ids.get(0)).execute());
        forbidden(testers.anonymous().document("query($id: String!) { inspector(id: $id) { id } }").variable("id", ids.get(0)).execute());
    }

    @Test
    void theDepartmentAdministratorUpsertsAndOthersAreRefusedWithoutAnyWrite() throws Exception {
        String p = prefix();
        Map<String, Object> input = new java.util.HashMap<>(Map.of("id", p + "-new", "name", "郑七星", "department", "SCJG",
                "agency", "SCJG-S03", "certificateNumber", "浙执法330109099999", "certificateValidFrom", "2024-01-01",
                "certificateValidUntil", "2028-12-31", "qualifications", List.of("FOOD_SAFETY"), "phone", "13900001111"));
        forbidden(testers.as("SCJG", null, Role.DEPT_OPERATOR).document(UPSERT).variable("input", input).execute());
        forbidden(testers.as("WSJK", null, Role.DEPT_ADMIN).document(UPSERT).variable("input", input).execute());
        forbidden(testers.anonymous().document(UPSERT).variable("input", input).execute());
        assertThat(directory.get(p + "-new")).isEmpty();

        GraphQlTester.Response ok = testers.as("SCJG", null, Role.DEPT_ADMIN).document(UPSERT).variable("input", input).execute();
        ok.path("upsertInspector.errors").entityList(Object.class).hasSize(0);
        ok.path("upsertInspector.inspector.status").entity(String.class).isEqualTo("ACTIVE");
        Inspector stored = directory.get(p + "-new").orElseThrow().inspector();
        assertThat(stored.agency()).isEqualTo("SCJG-S03");
        assertThat(stored.certificateValidUntil()).isEqualTo(LocalDate.of(2028, 12, 31));

        Map<String, Object> moved = new java.util.HashMap<>(input);
        moved.put("department", "WSJK");
        moved.put("agency", "WSJK-S01");
        forbidden(testers.as("WSJK", null, Role.DEPT_ADMIN).document(UPSERT).variable("input", moved).execute());
        assertThat(directory.get(p + "-new").orElseThrow().inspector().department()).isEqualTo("SCJG");

        Map<String, Object> bad = new java.util.HashMap<>(input);
        bad.put("id", p + "-bad");
        bad.put("agency", "WSJK-S01");
        bad.put("phone", "12345");
        GraphQlTester.Response rejected = testers.as("SCJG", null, Role.DEPT_ADMIN).document(UPSERT).variable("input", bad).execute();
        rejected.path("upsertInspector.errors[*].code").entityList(String.class).satisfies(l -> assertThat(l).containsExactlyInAnyOrder("UNKNOWN_AGENCY", "INVALID_PHONE"));
        rejected.path("upsertInspector").entity(mapType()).satisfies(payload -> assertThat(payload.get("inspector")).isNull());
        assertThat(directory.get(p + "-bad")).isEmpty();

        client.indices().refresh(r -> r.index(names.alias("audit")));
        long audited = client.count(c -> c.index(names.alias("audit")).query(q -> q.term(t -> t.field("target").value(p + "-new")))).count();
        assertThat(audited).isGreaterThanOrEqualTo(5);
        long forbiddenAudits = client.count(c -> c.index(names.alias("audit")).query(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("target").value(p + "-new")))
                .filter(f -> f.term(t -> t.field("outcome").value("FORBIDDEN")))))).count();
        assertThat(forbiddenAudits).isEqualTo(4);
    }

    @Test
    void statusAndRecusalsChangeOnlyThroughTheDepartmentAdministrator() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        String id = ids.get(0);
        String status = "mutation($id: String!) { setInspectorStatus(id: $id, status: ON_LEAVE) { inspector { status } errors { code } } }";
        String add = "mutation($id: String!, $s: String!) { addRecusal(inspectorId: $id, subjectCode: $s, reason: \"亲属关系\") { inspector { recusals { subjectCode reason } } errors { code } } }";
        String remove = "mutation($id: String!, $s: String!) { removeRecusal(inspectorId: $id, subjectCode: $s) { inspector { id: localId } errors { code } } }";

        forbidden(testers.as("WSJK", null, Role.DEPT_ADMIN).document(status).variable("id", id).execute());
        forbidden(testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER).document(add).variable("id", id).variable("s", "91330109MA2B000001").execute());
        assertThat(directory.get(id).orElseThrow().inspector().status()).isEqualTo("ACTIVE");
        assertThat(directory.get(id).orElseThrow().inspector().recusals()).isEmpty();

        HttpGraphQlTester admin = testers.as("SCJG", null, Role.DEPT_ADMIN);
        admin.document(status).variable("id", id).execute().path("setInspectorStatus.inspector.status").entity(String.class).isEqualTo("ON_LEAVE");
        admin.document(add).variable("id", id).variable("s", "91330109MA2B000001").execute()
                .path("addRecusal.inspector.recusals[0].reason").entity(String.class).isEqualTo("亲属关系");
        admin.document(add).variable("id", id).variable("s", "bad code!").execute()
                .path("addRecusal.errors[0].code").entity(String.class).isEqualTo("INVALID_SUBJECT_CODE");
        testers.as("SCJG", null, Role.DEPT_OPERATOR).document(LIST).variable("filter", Map.of("ids", ids, "recusedFor", "91330109MA2B000001"))
                .execute().path("inspectors.edges[*].node.recusals[*]").entityList(mapType()).satisfies(recusals -> {
                    assertThat(recusals).singleElement().satisfies(r -> {
                        assertThat(r.get("subjectCode")).isEqualTo("91330109MA2B000001");
                        assertThat(r.get("reason")).as("reason hidden from non-admins").isNull();
                    });
                });
        admin.document(remove).variable("id", id).variable("s", "91330109MA2B999999").execute()
                .path("removeRecusal.errors[0].code").entity(String.class).isEqualTo("NOT_RECUSED");
        admin.document(remove).variable("id", id).variable("s", "91330109MA2B000001").execute()
                .path("removeRecusal.errors").entityList(Object.class).hasSize(0);
        admin.document("mutation($id: String!) { setInspectorStatus(id: $id, status: LEFT, expectedUpdatedAt: \"2000-01-01T00:00:00Z\") { errors { code } } }")
                .variable("id", id).execute().path("setInspectorStatus.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        InspectorDirectory.Stored read = directory.get(id).orElseThrow();
        assertThat(directory.replace(read.inspector(), read.seqNo(), read.primaryTerm())).isTrue();
        assertThat(directory.replace(read.inspector(), read.seqNo(), read.primaryTerm())).as("a stale write loses").isFalse();
        admin.document(status).variable("id", p + "-missing").execute()
                .path("setInspectorStatus.errors[0].code").entity(String.class).isEqualTo("NOT_FOUND");
        Inspector after = directory.get(id).orElseThrow().inspector();
        assertThat(after.status()).isEqualTo("ON_LEAVE");
        assertThat(after.recusals()).isEmpty();
    }


    @Test
    void aPersonsRecusalReadsMaskedAndMatchesNothingForReadersWhoSeePersonsMasked() {
        String p = prefix();
        String id = givenInspectors(p).get(0);
        // By code the older person comes first; by what a masked reader reads (the last four) the younger one does.
        String younger = residentId("33010919900517001");
        String older = residentId("33010919500302999");
        String unknown = residentId("33010919700101555");
        String organisation = "91330109MA" + p.substring(1, 9).toUpperCase();
        HttpGraphQlTester admin = testers.as("SCJG", null, Role.DEPT_ADMIN);
        for (String code : List.of(younger, older, organisation)) {
            admin.document("mutation($id: String!, $s: String!) { addRecusal(inspectorId: $id, subjectCode: $s, reason: \"亲属关系\") { errors { code } } }")
                    .variable("id", id).variable("s", code).execute().path("addRecusal.errors").entityList(Object.class).hasSize(0);
        }
        String read = """
                query($id: String!, $gid: ID!) {
                  one: inspector(id: $id) { recusals { subjectCode reason } }
                  node(id: $gid) { ... on Inspector { recusals { subjectCode } } }
                  list: inspectors(filter: {ids: [$id]}) { edges { node { recusals { subjectCode } } } } }""";
        String gid = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("Inspector:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String search = """
                query($f: InspectorFilter) { inspectors(filter: $f) { totalCount edges { node { id: localId } } pageInfo { hasNextPage endCursor }
                  facets { departments { value count } agencies { value count } statuses { value count }
                           qualifications { value count } certificate { value count } } } }""";
        java.util.function.BiFunction<HttpGraphQlTester, String, Map<String, Object>> recusedFor = (reader, code) -> reader.document(search)
                .variable("f", Map.of("ids", List.of(id), "recusedFor", code)).execute().path("inspectors").entity(mapType()).get();

        List<HttpGraphQlTester> masked = List.of(testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER),
                testers.automation("SCJG", InspectorAccess.READ_SCOPE));
        for (HttpGraphQlTester reader : masked) {
            GraphQlTester.Response r = reader.document(read).variable("id", id).variable("gid", gid).execute();
            List<String> expected = List.of(io.spotcheck.privacy.PersonMask.id(younger), io.spotcheck.privacy.PersonMask.id(older), organisation);
            r.path("one.recusals[*].subjectCode").entityList(String.class).containsExactly(expected.toArray(String[]::new));
            r.path("one.recusals[*].reason").entityList(Object.class).satisfies(reasons -> assertThat(reasons).containsOnlyNulls());
            r.path("node.recusals[*].subjectCode").entityList(String.class).containsExactly(expected.toArray(String[]::new));
            r.path("list.edges[0].node.recusals[*].subjectCode").entityList(String.class).containsExactly(expected.toArray(String[]::new));
            // a right guess of the hidden digits reads exactly like a wrong one
            Map<String, Object> recused = recusedFor.apply(reader, older);
            assertThat(recused).isEqualTo(recusedFor.apply(reader, unknown)).containsEntry("totalCount", 0);
            assertThat(recused.get("edges")).asList().isEmpty();
            assertThat(recusedFor.apply(reader, organisation)).containsEntry("totalCount", 1);
        }
        for (HttpGraphQlTester reader : List.of(testers.as("SCJG", null, Role.DEPT_OPERATOR),
                testers.automation("SCJG", InspectorAccess.READ_SCOPE + " " + io.spotcheck.privacy.PersonAccess.PERSONS_READ))) {
            reader.document(read).variable("id", id).variable("gid", gid).execute()
                    .path("one.recusals[*].subjectCode").entityList(String.class).containsExactly(older, younger, organisation);
            assertThat(recusedFor.apply(reader, older)).containsEntry("totalCount", 1);
            assertThat(recusedFor.apply(reader, unknown)).containsEntry("totalCount", 0);
        }
    }

    @Test
    void eligibleCandidatesAreTheAgencysInspectorsAndADrawCountsOnce() {
        String p = prefix();
        List<String> ids = givenInspectors(p);
        Set<String> s01 = new HashSet<>();
        for (Inspector i : directory.eligibleCandidates("SCJG", List.of("SCJG-S01"))) {
            assertThat(i.agency()).isEqualTo("SCJG-S01");
            s01.add(i.id());
        }
        assertThat(s01).contains(p + "-1", p + "-2", p + "-5").doesNotContain(p + "-3", p + "-6");

        Instant at = Instant.now();
        String drawId = "draw-" + p;
        Map<String, Integer> counts = Map.of(p + "-1", 3, p + "-5", 2, p + "-unknown", 1);
        assertThat(directory.recordDraw(drawId, counts, at)).isEqualTo(2);
        assertThat(directory.recordDraw(drawId, counts, at)).isEqualTo(0);
        assertThat(directory.recordDraw("draw2-" + p, Map.of(p + "-1", 1), at)).isEqualTo(1);
        Inspector.Workload w = directory.get(p + "-1").orElseThrow().inspector().workload();
        assertThat(w.drawsThisYear()).isEqualTo(4);
        assertThat(w.lastDrawnAt()).isNotNull();
        assertThat(directory.get(p + "-5").orElseThrow().inspector().workload().drawsThisYear()).isEqualTo(2);
        assertThat(directory.recordInspection("result-" + p, List.of(p + "-1"), at)).isEqualTo(1);
        assertThat(directory.recordInspection("result-" + p, List.of(p + "-1"), at)).isEqualTo(0);
        assertThat(directory.get(p + "-1").orElseThrow().inspector().workload().inspectionsThisYear()).isEqualTo(1);
        assertThat(directory.get(ids.get(1)).orElseThrow().inspector().workload().drawsThisYear()).isZero();
    }

    @Test
    void theSeedLoadsOnceAndFeedsADrawWhoseCountsAreRecordedOnce() {
        List<Inspector> seed = io.spotcheck.inspector.seed.InspectorSeedGenerator.generate(departments.allDepartments(), TODAY);
        directory.createAll(seed);
        assertThat(directory.createAll(seed)).as("loading again creates nothing").isZero();

        List<String> stations = List.of("SCJG-S01", "SCJG-S02");
        List<Inspector> pool = directory.eligibleCandidates("SCJG", stations);
        assertThat(pool).extracting(Inspector::agency).containsOnly("SCJG-S01", "SCJG-S02");
        List<io.spotcheck.draw.AssignmentGroup> groups = new ArrayList<>();
        for (String station : stations) {
            List<io.spotcheck.draw.AssignmentGroup.GroupSubject> subjects = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                subjects.add(io.spotcheck.draw.AssignmentGroup.GroupSubject.of(station + "-SUBJ-" + n));
            }
            groups.add(new io.spotcheck.draw.AssignmentGroup("SCJG", station, subjects, TODAY.plusDays(7), TODAY.plusDays(30),
                    Set.of("FOOD_SAFETY"), 2));
        }
        io.spotcheck.draw.DrawResult result = io.spotcheck.draw.InspectorDraw.draw("a1b2c3", groups,
                InspectorCandidates.toCandidates(pool, TODAY.getYear()));
        assertThat(result.assignments().size() + result.unstaffed().size()).isEqualTo(80);
        Map<String, Inspector> byId = new java.util.HashMap<>();
        pool.forEach(i -> byId.put(i.id(), i));
        for (var a : result.assignments()) {
            for (String id : a.inspectorIds()) {
                Inspector i = byId.get(id);
                assertThat(i.status()).isEqualTo("ACTIVE");
                assertThat(i.agency()).isEqualTo(a.agency());
                assertThat(i.qualifications()).contains("FOOD_SAFETY");
                assertThat(i.certificateValidOn(TODAY.plusDays(30))).isTrue();
            }
        }
        String drawId = "draw-" + prefix();
        String someone = result.drawsPerInspector().keySet().iterator().next();
        int before = directory.get(someone).orElseThrow().inspector().workload().asOf(TODAY.getYear()).drawsThisYear();
        directory.recordDraw(drawId, result.drawsPerInspector(), Instant.now());
        directory.recordDraw(drawId, result.drawsPerInspector(), Instant.now());
        assertThat(directory.get(someone).orElseThrow().inspector().workload().drawsThisYear())
                .isEqualTo(before + result.drawsPerInspector().get(someone));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Class<Map<String, Object>> mapType() {
        return (Class) Map.class;
    }
}
