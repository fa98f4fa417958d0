package io.spotcheck.subject;

import static io.spotcheck.subject.SubjectFixtures.code;
import static io.spotcheck.subject.SubjectFixtures.subject;
import static io.spotcheck.subject.SubjectFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubjectSearchIT {

    static final String CODES = "query($filter: SubjectFilter, $sort: SubjectSort, $first: Int, $after: String) {"
            + " subjects(filter: $filter, sort: $sort, first: $first, after: $after) {"
            + " totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }";

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    io.spotcheck.api.CursorCodec cursors;
    @Autowired
    io.spotcheck.search.PitHandles pits;

    HttpGraphQlTester operator;
    final String unit = SubjectFixtures.unit();
    final String p = "T" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";

    @BeforeAll
    void data() throws Exception {
        operator = testers.as("SCJG", "SCJG-S01", Role.DEPT_OPERATOR);
        Subject base = subject(null, unit, null);
        List<Subject> docs = List.of(
                with(subject(p + "1", unit, "杭州萧山某某餐饮管理有限公司"), b -> b.licences("FOOD_BUSINESS").tags("SCJG:餐饮", "WSJK:食品")
                        .departmentRisks("WSJK:C").risk("A").capital(50.0).established(LocalDate.of(2010, 5, 1))),
                with(subject(p + "2", unit, "杭州余杭某某餐饮有限公司"), b -> b.region("330109002").address("杭州市余杭区某路2号").tags("SCJG:餐饮")
                        .risk("C").capital(500.0).established(LocalDate.of(2020, 1, 1)).lists("ANOMALY")),
                with(subject(p + "3", unit, "杭州萧山某某建材有限公司"), b -> b.industry("F5211").status("REVOKED")
                        .risk("D").capital(1000.0).formerNames("杭州萧山旧名餐饮店").lists("SERIOUS_VIOLATION")),
                with(subject(p + "4", unit, "萧山区城厢某某小吃店"), b -> b.kind("ORGANISATION", "INDIVIDUAL_BUSINESS")
                        .industry("H6291").tags("WSJK:食品").capital(null).established(LocalDate.of(2022, 3, 3))),
                with(subject(p + "5", unit, "王某某"), b -> b.kind("NATURAL_PERSON", "PERSON").industry(null)
                        .legalRepresentative("王某某").address("杭州市萧山区宁围街道某路9号").capital(null)),
                with(subject(p + "6", unit, "某某电梯"), b -> b.kind("ATTACHED_OBJECT", "EQUIPMENT").industry(null)
                        .status("DEREGISTERED")));
        SubjectFixtures.index(client, names, docs);
        assertThat(base.supervisingUnit()).isEqualTo(unit);
    }

    Map<String, Object> filter(Object... kv) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("supervisingUnits", List.of(unit));
        for (int i = 0; i < kv.length; i += 2) {
            f.put((String) kv[i], kv[i + 1]);
        }
        return f;
    }

    Set<String> codes(Map<String, Object> filter) {
        return new HashSet<>(operator.document(CODES).variable("filter", filter).variable("first", 100).execute()
                .path("subjects.edges[*].node.code").entityList(String.class).get());
    }

    Set<String> ids(String... suffixes) {
        return java.util.Arrays.stream(suffixes).map(s -> p + s).collect(Collectors.toSet());
    }

    @Test
    void chineseWordsMatchAnywhereInTheNameEachAsAPhrase() {
        assertThat(codes(filter("text", "萧山 餐饮"))).isEqualTo(ids("1", "3"));
        assertThat(codes(filter("text", "萧山 餐饮 管理"))).isEqualTo(ids("1"));
        assertThat(codes(filter("text", "余杭"))).isEqualTo(ids("2"));
        assertThat(codes(filter("text", "宁围街道"))).as("address").isEqualTo(ids("5"));
        assertThat(codes(filter("text", "山萧"))).as("characters must be adjacent and in order").isEmpty();
    }

    @Test
    void namePrefixFindsAsTheUserTypes() {
        assertThat(codes(filter("namePrefix", "杭州萧山某"))).isEqualTo(ids("1", "3"));
        assertThat(codes(filter("namePrefix", "杭州萧山某某餐"))).isEqualTo(ids("1"));
        assertThat(codes(filter("namePrefix", "萧山区城"))).isEqualTo(ids("4"));
        assertThat(codes(filter("namePrefix", "山萧"))).isEmpty();
    }

    @Test
    void queryLanguageInUserTextIsSearchedAsTextAndNeverFails() {
        List<String> hostile = List.of("*", "*:*", "name:*", "/.*/", "a AND b", "1 OR 1=1", "{\"match_all\":{}}",
                "{\"query\":{\"match_all\":{}}}", "\" OR \"", "\\", "name:杭州*", "?", "[* TO *]", "code:" + p + "1",
                "_exists_:name", "<script>", "a~2", "(((", "萧山* OR 余杭");
        for (String text : hostile) {
            assertThat(codes(filter("text", text))).as(text).isEmpty();
            assertThat(codes(filter("namePrefix", text))).as("prefix " + text).isEmpty();
        }
    }

    @Test
    void everyFilterKindSelectsExactlyItsSubjects() {
        assertThat(codes(filter())).isEqualTo(ids("1", "2", "3", "4", "5", "6"));
        assertThat(codes(filter("codes", List.of(p + "2", p + "5")))).isEqualTo(ids("2", "5"));
        assertThat(codes(filter("kinds", List.of("NATURAL_PERSON", "ATTACHED_OBJECT")))).isEqualTo(ids("5", "6"));
        assertThat(codes(filter("types", List.of("INDIVIDUAL_BUSINESS")))).isEqualTo(ids("4"));
        assertThat(codes(filter("statuses", List.of("REVOKED", "DEREGISTERED")))).isEqualTo(ids("3", "6"));
        assertThat(codes(filter("regionCodes", List.of("330109002")))).isEqualTo(ids("2"));
        assertThat(codes(filter("industryCodes", List.of("H")))).isEqualTo(ids("1", "2", "4"));
        assertThat(codes(filter("industryCodes", List.of("H629", "F52")))).isEqualTo(ids("3", "4"));
        assertThat(codes(filter("industryCodes", List.of("H6210")))).isEqualTo(ids("1", "2"));
        assertThat(codes(filter("riskClasses", List.of("C", "D")))).isEqualTo(ids("2", "3"));
        assertThat(codes(filter("publicCreditClasses", List.of("B")))).hasSize(6);
        assertThat(codes(filter("departmentRisks", List.of("WSJK:C")))).isEqualTo(ids("1"));
        assertThat(codes(filter("lists", List.of("ANOMALY", "SERIOUS_VIOLATION")))).isEqualTo(ids("2", "3"));
        assertThat(codes(filter("notLists", List.of("ANOMALY")))).isEqualTo(ids("1", "3", "4", "5", "6"));
        assertThat(codes(filter("licences", List.of("FOOD_BUSINESS")))).isEqualTo(ids("1"));
        assertThat(codes(filter("tagsAny", List.of("SCJG:餐饮", "WSJK:食品")))).isEqualTo(ids("1", "2", "4"));
        assertThat(codes(filter("tagsAll", List.of("SCJG:餐饮", "WSJK:食品")))).isEqualTo(ids("1"));
        assertThat(codes(filter("tagsNone", List.of("SCJG:餐饮")))).isEqualTo(ids("3", "4", "5", "6"));
        assertThat(codes(filter("establishedFrom", "2015-01-01", "establishedTo", "2020-01-01"))).isEqualTo(ids("2", "3", "5", "6"));
        assertThat(codes(filter("capitalMin", 100.0, "capitalMax", 500.0))).isEqualTo(ids("2", "6"));
        assertThat(codes(filter("capitalMin", 501.0))).isEqualTo(ids("3"));
        assertThat(codes(filter("registrationAuthorities", List.of("杭州市萧山区市场监督管理局")))).hasSize(6);
        assertThat(codes(filter("text", "餐饮", "riskClasses", List.of("A"), "tagsAny", List.of("SCJG:餐饮")))).isEqualTo(ids("1"));
    }

    @Test
    void sortsAreTotalAndFollowTheField() {
        List<String> byCapital = operator.document(CODES).variable("filter", filter("kinds", List.of("ORGANISATION")))
                .variable("sort", Map.of("field", "REGISTERED_CAPITAL", "direction", "DESC")).execute()
                .path("subjects.edges[*].node.code").entityList(String.class).get();
        assertThat(byCapital).containsExactly(p + "3", p + "2", p + "1", p + "4");
        List<String> byDate = operator.document(CODES).variable("filter", filter("kinds", List.of("ORGANISATION")))
                .variable("sort", Map.of("field", "ESTABLISHED_ON")).execute()
                .path("subjects.edges[*].node.code").entityList(String.class).get();
        assertThat(byDate).containsExactly(p + "1", p + "3", p + "2", p + "4");
    }

    @Test
    void badFilterValuesAreRefusedNamingTheField() {
        Map<String, String> cases = Map.of(
                "industryCodes", "X99",
                "tagsAny", "no-colon",
                "tagsNone", "SCJG:",
                "departmentRisks", "WSJK:E",
                "regionCodes", "33-01",
                "codes", "a b");
        cases.forEach((field, value) -> operator.document(CODES).variable("filter", filter(field, List.of(value))).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "filter." + field);
                })));
        operator.document(CODES).variable("filter", filter("text", "餐饮\u0000")).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                        assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "filter.text")));
        operator.document(CODES).variable("filter", filter("capitalMin", 10.0, "capitalMax", 1.0)).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        operator.document(CODES).variable("filter", filter("kinds", List.of("ALIEN"))).execute()
                .errors().satisfy(errors -> assertThat(errors).isNotEmpty().allSatisfy(e ->
                        assertThat(e.getExtensions().get("code")).isIn("GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT")));
    }

    @Test
    void pageSizeOutsideOneToFiveHundredIsRefused() {
        for (int first : new int[] {0, -1, 501}) {
            operator.document(CODES).variable("filter", filter()).variable("first", first).execute()
                    .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e ->
                            assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT").containsEntry("field", "first")));
        }
    }

    @Test
    void tamperedOrForeignCursorsAreRefused() {
        String cursor = operator.document(CODES).variable("filter", filter()).variable("first", 2).execute()
                .path("subjects.pageInfo.endCursor").entity(String.class).get();
        // one character in the middle: every bit of it is data (a base64 text's last character may carry unused bits)
        int at = cursor.length() / 2;
        String tampered = cursor.substring(0, at) + (cursor.charAt(at) == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
        for (String bad : List.of(tampered, "garbage", "e30.AAAA", cursor + "x")) {
            operator.document(CODES).variable("filter", filter()).variable("first", 2).variable("after", bad).execute()
                    .errors().satisfy(errors -> assertThat(errors).singleElement()
                            .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
        }
        operator.document(CODES).variable("filter", filter("kinds", List.of("ORGANISATION"))).variable("first", 2)
                .variable("after", cursor).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "INVALID_CURSOR")));
    }

    @Test
    void naturalPersonsIdentifiersAreMaskedForRolesThatDoNotNeedThem() {
        String query = "query($c: [String!]) { subjects(filter: {codes: $c}) { edges { node { code legalRepresentative name } } } }";
        List<String> both = List.of(p + "5", p + "1");
        Function<GraphQlTester, List<Map>> read = t -> t.document(query).variable("c", both).execute()
                .path("subjects.edges[*].node").entityList(Map.class).get();
        for (GraphQlTester sees : List.of(operator, testers.platformAdmin(), testers.as("WSJK", null, Role.DEPT_ADMIN),
                testers.as("SCJG", "SCJG-S02", Role.INSPECTOR))) {
            assertThat(read.apply(sees)).extracting(m -> m.get("code")).containsExactly(p + "1", p + "5");
            assertThat(read.apply(sees)).extracting(m -> m.get("legalRepresentative")).containsExactly("张三", "王某某");
        }
        String masked = IdentifierMasking.mask(p + "5");
        // Found otherwise than by their code (a code would confirm a guess: see callersWhoSeePersonsMaskedCannotConfirmAGuess).
        String byUnit = "query($f: SubjectFilter) { subjects(filter: $f, first: 50) { edges { node { code legalRepresentative name } } } }";
        for (GraphQlTester blind : List.of(testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER),
                testers.automation("SCJG", "subjects:read"))) {
            List<Map> rows = blind.document(byUnit).variable("f", filter("kinds", List.of("NATURAL_PERSON", "ORGANISATION"))).execute()
                    .path("subjects.edges[*].node").entityList(Map.class).get();
            assertThat(rows).extracting(m -> m.get("code")).contains(p + "1", masked).doesNotContain(p + "5");
            assertThat(rows).extracting(m -> m.get("legalRepresentative")).contains("张三", "王*").doesNotContain("王某某");
            assertThat(masked).isNotEqualTo(p + "5").contains("*");
        }
    }

    /**
     * A caller who sees persons masked cannot confirm a guess about a person ("is 欧阳某甲 of 宁围街道
     * a subject, is this their ID number?"): text, name prefix and codes never match a person, for
     * hits, total and facets alike; persons are ordered by their random public key, not by ID
     * number; sorting by name and an owner code shaped like an ID number are refused. A caller who
     * sees persons finds them by each.
     */
    @Test
    void callersWhoSeePersonsMaskedCannotConfirmAGuess() throws Exception {
        String gu = SubjectFixtures.unit();
        String p1 = p + "G-P1";
        String p2 = p + "G-P2";
        String o1 = p + "G-O1";
        String o2 = p + "G-O2";
        SubjectFixtures.index(client, names, List.of(
                with(subject(p1, gu, "欧阳某甲"), b -> b.kind("NATURAL_PERSON", "PERSON").industry(null).legalRepresentative("欧阳某甲")
                        .address("杭州市萧山区宁围街道某路9号").capital(null)).withPublicKey("NP" + "f".repeat(32)),
                with(subject(p2, gu, "司马某乙"), b -> b.kind("NATURAL_PERSON", "PERSON").industry(null).legalRepresentative("司马某乙")
                        .capital(null)).withPublicKey("NP" + "0".repeat(32)),
                subject(o1, gu, "猜测测试甲有限公司").withPublicKey(o1),
                with(subject(o2, gu, "猜测测试乙有限公司"), b -> b.address("杭州市萧山区宁围街道某路8号")).withPublicKey(o2)));
        client.indices().refresh(r -> r.index(names.alias("subjects")));
        String query = "query($f: SubjectFilter, $s: SubjectSort, $a: String, $n: Int) { subjects(filter: $f, sort: $s, first: $n, after: $a) {"
                + " totalCount facets { kind { value count } } edges { node { code } } pageInfo { hasNextPage endCursor } } }";
        Function<Object[], Map<String, Object>> in = kv -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("supervisingUnits", List.of(gu));
            for (int i = 0; i < kv.length; i += 2) {
                f.put((String) kv[i], kv[i + 1]);
            }
            return f;
        };
        String resident = TestCodes.residentId("33010919900101123");
        for (GraphQlTester blind : List.of(testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER),
                testers.automation("SCJG", "subjects:read"))) {
            Function<Map<String, Object>, Map> read = f -> blind.document(query).variable("f", f).variable("n", 50).execute()
                    .path("subjects").entity(Map.class).get();
            for (Map<String, Object> guess : List.of(in.apply(new Object[] {"text", "欧阳某甲"}), in.apply(new Object[] {"text", "某乙"}),
                    in.apply(new Object[] {"namePrefix", "欧阳"}), in.apply(new Object[] {"codes", List.of(p1, p2)}),
                    in.apply(new Object[] {"text", "宁围街道 某路9号"}))) {
                Map page = read.apply(guess);
                assertThat(page.get("edges")).as(guess.toString()).asList().isEmpty();
                assertThat(((Number) page.get("totalCount")).longValue()).as(guess.toString()).isZero();
                assertThat(page.toString()).as(guess.toString()).doesNotContain("NATURAL_PERSON");
            }
            // Organisations are still found by text and code; the person of the same street is not, nor counted.
            Map street = read.apply(in.apply(new Object[] {"text", "宁围街道"}));
            assertThat(street.toString()).contains(o2).doesNotContain("NATURAL_PERSON", IdentifierMasking.mask(p1));
            assertThat(((Number) street.get("totalCount")).longValue()).isEqualTo(1);
            assertThat(read.apply(in.apply(new Object[] {"codes", List.of(p1, o1)})).toString()).contains(o1)
                    .doesNotContain(IdentifierMasking.mask(p1));
            // Code order is public key order for persons (key NP00… before NPff…, then the organisations' codes), page by page.
            List<String> order = new ArrayList<>();
            String after = null;
            do {
                Map page = blind.document(query).variable("f", in.apply(new Object[0])).variable("n", 1).variable("a", after).execute()
                        .path("subjects").entity(Map.class).get();
                ((List<Map>) page.get("edges")).forEach(e -> order.add((String) ((Map) e.get("node")).get("code")));
                Map info = (Map) page.get("pageInfo");
                after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
            } while (after != null);
            assertThat(order).containsExactly(IdentifierMasking.mask(p2), IdentifierMasking.mask(p1), o1, o2);
            // Name order would rank the hidden names: refused unless persons are filtered out.
            blind.document(query).variable("f", in.apply(new Object[0])).variable("s", Map.of("field", "NAME")).variable("n", 5).execute()
                    .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
            assertThat(blind.document(query).variable("f", in.apply(new Object[] {"kinds", List.of("ORGANISATION")}))
                    .variable("s", Map.of("field", "NAME")).variable("n", 5).execute().path("subjects.edges[*].node.code")
                    .entityList(String.class).get()).containsExactlyInAnyOrder(o1, o2);
            blind.document(query).variable("f", in.apply(new Object[] {"ownerCodes", List.of(resident)})).variable("n", 5).execute()
                    .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        }
        // Not vacuous: who sees persons finds them by each guess, in code order.
        Function<Map<String, Object>, List<String>> found = f -> operator.document(query).variable("f", f).variable("n", 50).execute()
                .path("subjects.edges[*].node.code").entityList(String.class).get();
        assertThat(found.apply(in.apply(new Object[] {"text", "欧阳某甲"}))).containsExactly(p1);
        assertThat(found.apply(in.apply(new Object[] {"namePrefix", "欧阳"}))).containsExactly(p1);
        assertThat(found.apply(in.apply(new Object[] {"codes", List.of(p1, p2)}))).containsExactlyInAnyOrder(p1, p2);
        assertThat(found.apply(in.apply(new Object[] {"text", "宁围街道"}))).containsExactlyInAnyOrder(p1, o2);
        assertThat(found.apply(in.apply(new Object[0]))).containsExactly(o1, o2, p1, p2);
        operator.document(query).variable("f", in.apply(new Object[] {"ownerCodes", List.of(resident)})).variable("n", 5).execute()
                .path("subjects.totalCount").entity(Long.class).isEqualTo(0L);
    }


    @Test
    void anonymousCallersAndScriptsWithoutTheScopeMayNotSearch() {
        for (GraphQlTester refused : List.of(testers.anonymous(), testers.automation("SCJG", "subjects:import"))) {
            refused.document(CODES).variable("filter", filter()).execute()
                    .errors().satisfy(errors -> assertThat(errors).singleElement()
                            .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
            refused.document("{ subject(code: \"" + p + "1\") { code } }").execute()
                    .errors().satisfy(errors -> assertThat(errors).singleElement()
                            .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        }
    }

    @Test
    void oneSubjectByCodeWithItsDepartmentsAgenciesAndTagOwners() {
        String query = "{ subject(code: \"" + p + "1\") { name industryLabel jurisdiction { name } "
                + "agencies { id departmentCode } tags { key source owner { code name } } } }";
        GraphQlTester.Response response = operator.document(query).execute();
        response.path("subject.name").entity(String.class).isEqualTo("杭州萧山某某餐饮管理有限公司");
        response.path("subject.industryLabel").entity(String.class).isEqualTo("正餐服务");
        response.path("subject.jurisdiction.name").entity(String.class).isEqualTo("城厢街道");
        response.path("subject.agencies[*].id").entityList(String.class).containsExactly("JTYS-BUREAU", "NYNC-BUREAU",
                "SCJG-S01", "STHJ-S01", "WHLY-BUREAU", "WSJK-S01", "XFJY-S01", "YJGL-BUREAU", "ZFJS-BUREAU");
        operator.document("{ subject(code: \"" + p + "2\") { agencies { id } } }").execute()
                .path("subject.agencies[*].id").entityList(String.class).contains("SCJG-S01").doesNotContain("WSJK-S02");
        response.path("subject.tags[*].owner.code").entityList(String.class).containsExactly("SCJG", "WSJK");
        response.path("subject.tags[0].key").entity(String.class).isEqualTo("SCJG:餐饮");
        Map<?, ?> missing = operator.document("{ subject(code: \"" + p + "404\") { code } }").execute()
                .path("$.data").entity(Map.class).get();
        assertThat(missing.get("subject")).isNull();
    }

    record Count(String value, long count) {}

    @Test
    void facetCountsIgnoreTheirOwnSelectionAndMatchCountsByHand() throws Exception {
        String u = SubjectFixtures.unit();
        String q = "F" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        Random random = new Random(7);
        String[] kinds = {"ORGANISATION", "ORGANISATION", "ORGANISATION", "NATURAL_PERSON", "ATTACHED_OBJECT"};
        String[] statuses = {"ACTIVE", "ACTIVE", "ACTIVE", "REVOKED", "DEREGISTERED", "MOVED_OUT"};
        String[] risks = {"A", "A", "B", "B", "B", "C", "D"};
        String[] regions = {"330109001", "330109002", "330109003", "330109004"};
        String[] industries = {"H6210", "H6220", "H6291", "F5211", "F5212", "C1411", "C1351"};
        String[] tagPool = {"SCJG:餐饮", "WSJK:食品", "XFJY:人员密集"};
        List<Subject> docs = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String kind = kinds[random.nextInt(kinds.length)];
            List<String> tags = new ArrayList<>();
            for (String t : tagPool) {
                if (random.nextInt(3) == 0) {
                    tags.add(t);
                }
            }
            String status = statuses[random.nextInt(statuses.length)];
            String risk = risks[random.nextInt(risks.length)];
            String region = regions[random.nextInt(regions.length)];
            String industry = industries[random.nextInt(industries.length)];
            boolean anomaly = random.nextInt(5) == 0;
            docs.add(with(subject(code(q, i), u, "测试主体" + i), b -> {
                b.kind(kind, kind.equals("ORGANISATION") ? "ENTERPRISE" : kind.equals("NATURAL_PERSON") ? "PERSON" : "EQUIPMENT").status(status).risk(risk).region(region).industry(industry).tags(tags.toArray(String[]::new));
                return anomaly ? b.lists("ANOMALY") : b;
            }));
        }
        SubjectFixtures.index(client, names, docs);

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("supervisingUnits", List.of(u));
        f.put("kinds", List.of("ORGANISATION"));
        f.put("statuses", List.of("ACTIVE", "REVOKED"));
        f.put("riskClasses", List.of("A", "B"));
        f.put("industryCodes", List.of("H"));
        f.put("tagsAny", List.of("SCJG:餐饮"));
        Map<String, Predicate<Subject>> selected = new LinkedHashMap<>();
        selected.put("kind", s -> s.kind().equals("ORGANISATION"));
        selected.put("status", s -> List.of("ACTIVE", "REVOKED").contains(s.status()));
        selected.put("riskClass", s -> List.of("A", "B").contains(s.risk().comprehensive()));
        selected.put("industry", s -> s.industryPath().contains("H"));
        selected.put("tags", s -> s.tagKeys().contains("SCJG:餐饮"));
        Map<String, Function<Subject, List<String>>> values = Map.of(
                "kind", s -> List.of(s.kind()), "status", s -> List.of(s.status()),
                "riskClass", s -> List.of(s.risk().comprehensive()), "jurisdiction", s -> List.of(s.regionCode()),
                "tags", Subject::tagKeys, "lists", Subject::lists,
                "industry", s -> s.industryCode().startsWith("H") ? s.industryPath().subList(1, 2) : List.of());

        String query = "query($f: SubjectFilter) { subjects(filter: $f, first: 5) { totalCount facets {"
                + " kind { value count } status { value count } riskClass { value count } tags { value count }"
                + " lists { value count } jurisdiction { value count jurisdiction { name } } industry(under: \"H\") { value count label level hasChildren }"
                + " sections: industry { value count } } } }";
        GraphQlTester.Response response = operator.document(query).variable("f", f).execute();

        long total = docs.stream().filter(s -> selected.values().stream().allMatch(pr -> pr.test(s))).count();
        response.path("subjects.totalCount").entity(Long.class).isEqualTo(total);
        assertThat(total).isPositive();
        for (String facet : List.of("kind", "status", "riskClass", "tags", "lists", "jurisdiction", "industry")) {
            Map<String, Long> expected = new TreeMap<>();
            for (Subject s : docs) {
                boolean others = selected.entrySet().stream().filter(e -> !e.getKey().equals(facet)).allMatch(e -> e.getValue().test(s));
                if (others) {
                    values.get(facet).apply(s).forEach(v -> expected.merge(v, 1L, Long::sum));
                }
            }
            Map<String, Long> actual = new TreeMap<>();
            response.path("subjects.facets." + facet).entityList(Count.class).get().forEach(c -> actual.put(c.value(), c.count()));
            assertThat(actual).as(facet).isEqualTo(expected);
        }
        response.path("subjects.facets.industry[0].level").entity(Integer.class).isEqualTo(2);
        response.path("subjects.facets.industry[*].label").entityList(String.class).contains("餐饮业");
        Map<String, Long> sections = new HashMap<>();
        response.path("subjects.facets.sections").entityList(Count.class).get().forEach(c -> sections.put(c.value(), c.count()));
        assertThat(sections.keySet()).containsExactlyInAnyOrder("H", "F", "C");
        response.path("subjects.facets.jurisdiction[0].jurisdiction.name").entity(String.class).satisfies(n -> assertThat(n).endsWith("街道"));
    }

    @Test
    void aCursorWalkReturnsEverySubjectExactlyOnce() throws Exception {
        String u = SubjectFixtures.unit();
        String q = "W" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        List<Subject> docs = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            double capital = random.nextInt(20) * 10.0;
            String name = "某某公司" + random.nextInt(50);
            docs.add(with(subject(code(q, i), u, name), b -> b.capital(capital)));
        }
        SubjectFixtures.index(client, names, docs);
        Set<String> expected = docs.stream().map(Subject::code).collect(Collectors.toSet());
        for (Map<String, String> sort : List.of(Map.of("field", "REGISTERED_CAPITAL", "direction", "DESC"),
                Map.of("field", "NAME"), Map.of("field", "CODE", "direction", "DESC"))) {
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;
            while (true) {
                GraphQlTester.Request<?> request = operator.document(CODES)
                        .variable("filter", Map.of("supervisingUnits", List.of(u))).variable("sort", sort).variable("first", 200);
                if (after != null) {
                    request = request.variable("after", after);
                }
                GraphQlTester.Response response = request.execute();
                seen.addAll(response.path("subjects.edges[*].node.code").entityList(String.class).get());
                response.path("subjects.totalCount").entity(Long.class).isEqualTo(3000L);
                pages++;
                if (!response.path("subjects.pageInfo.hasNextPage").entity(Boolean.class).get()) {
                    break;
                }
                after = response.path("subjects.pageInfo.endCursor").entity(String.class).get();
            }
            assertThat(pages).isEqualTo(15);
            assertThat(seen).as(sort.toString()).hasSize(3000).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seen)).isEqualTo(expected);
        }
    }

    @Test
    void whenThePointInTimeHasGoneTheWalkContinuesWithoutGapsOrRepeats() throws Exception {
        GraphQlTester.Response first = operator.document(CODES).variable("filter", filter()).variable("first", 2).execute();
        List<String> page1 = first.path("subjects.edges[*].node.code").entityList(String.class).get();
        String cursor1 = first.path("subjects.pageInfo.endCursor").entity(String.class).get();
        assertThat(pitOf(cursor1)).as("a first page opens no point-in-time").isNull();

        GraphQlTester.Response second = operator.document(CODES).variable("filter", filter()).variable("first", 2)
                .variable("after", cursor1).execute();
        List<String> page2 = second.path("subjects.edges[*].node.code").entityList(String.class).get();
        String cursor2 = second.path("subjects.pageInfo.endCursor").entity(String.class).get();
        String pit = pitOf(cursor2);
        assertThat(pit).as("paging opens a point-in-time").isNotBlank();
        client.closePointInTime(c -> c.id(pit));

        List<String> rest = operator.document(CODES).variable("filter", filter()).variable("first", 10).variable("after", cursor2)
                .execute().path("subjects.edges[*].node.code").entityList(String.class).get();
        assertThat(page1).containsExactly(p + "1", p + "2");
        assertThat(page2).containsExactly(p + "3", p + "4");
        assertThat(rest).containsExactly(p + "5", p + "6");
    }

    /** The point-in-time id a cursor's handle names (the fingerprint is the search's, for the filter of these walks). */
    String pitOf(String cursor) {
        SubjectFilter bound = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules().convertValue(filter(), SubjectFilter.class);
        String fingerprint = SubjectSearch.fingerprint(bound, SubjectSort.orDefault(null, bound));
        Integer handle = cursors.decode(cursor, fingerprint).pit();
        return handle == null ? null : pits.pit(handle, java.time.Duration.ofMinutes(5));
    }
}
