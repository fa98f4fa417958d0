package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@IntegrationTest
class SubjectWriteIT {

    static final String UPSERT = """
            mutation($input: SubjectInput!) { upsertSubject(input: $input) {
              subject { code name tags { department name source rule by at validUntil } }
              errors { code message field } } }""";
    static final String SET_TAGS = """
            mutation($input: SetSubjectTagsInput!) { setSubjectTags(input: $input) {
              subject { code tags { department name source by at } }
              errors { code message field } } }""";

    @Autowired
    Testers testers;

    @Autowired
    SubjectWriter writer;

    static String newCode() {
        return io.spotcheck.subject.TestCodes.newCode();
    }

    static Map<String, Object> input(String code, String name) {
        Map<String, Object> input = new HashMap<>();
        input.put("code", code);
        input.put("kind", "ORGANISATION");
        input.put("type", "ENTERPRISE");
        input.put("name", name);
        input.put("regionCode", "330109001");
        input.put("status", "ACTIVE");
        input.put("industryCode", "H6210");
        input.put("establishedOn", "2018-04-01");
        input.put("registeredCapital", 50.0);
        input.put("licences", List.of("FOOD_BUSINESS"));
        return input;
    }

    HttpGraphQlTester scjgOperator() {
        return testers.as("SCJG", "SCJG-S01", Role.DEPT_OPERATOR);
    }

    GraphQlTester.Response upsert(HttpGraphQlTester tester, Map<String, Object> input) {
        return tester.document(UPSERT).variable("input", input).execute();
    }

    @Test
    void upsertStoresTheSubjectAndARepeatedUpsertWritesNothing() {
        String code = newCode();
        upsert(scjgOperator(), input(code, "杭州萧山某某餐饮管理有限公司")).path("upsertSubject.errors").entityList(Object.class).hasSize(0)
                .path("upsertSubject.subject.code").entity(String.class).isEqualTo(code);
        SubjectWriter.Stored first = writer.get(code);
        assertThat(first.subject().industryPath()).containsExactly("H", "H62", "H621", "H6210");
        assertThat(first.subject().updatedAt()).isNotNull();

        upsert(scjgOperator(), input(code, "杭州萧山某某餐饮管理有限公司")).path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        SubjectWriter.Stored second = writer.get(code);
        assertThat(second.seqNo()).isEqualTo(first.seqNo());
        assertThat(second.subject()).isEqualTo(first.subject());
    }

    @Test
    void reUpsertKeepsEveryDepartmentsTagsWithTheirProvenance() {
        String code = newCode();
        upsert(scjgOperator(), input(code, "甲公司")).path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        Map<String, Object> tags = Map.of("code", code, "department", "WSJK",
                "add", List.of(Map.of("name", "重点监管", "validUntil", "2027-12-31")));
        testers.as("WSJK", "WSJK-S01", Role.DEPT_OPERATOR).document(SET_TAGS).variable("input", tags).execute()
                .path("setSubjectTags.errors").entityList(Object.class).hasSize(0)
                .path("setSubjectTags.subject.tags[0].source").entity(String.class).isEqualTo("MANUAL");
        Subject tagged = writer.get(code).subject();
        Subject.Tag manual = tagged.tags().stream().filter(t -> t.department().equals("WSJK")).findFirst().orElseThrow();
        assertThat(manual.by()).isEqualTo("WSJK-dept_operator");
        assertThat(tagged.tagKeys()).contains("WSJK:重点监管");

        upsert(scjgOperator(), input(code, "甲公司（更名）")).path("upsertSubject.subject.name").entity(String.class).isEqualTo("甲公司（更名）");
        Subject after = writer.get(code).subject();
        assertThat(after.tags()).contains(manual);
        assertThat(after.tagKeys()).containsExactlyElementsOf(after.tags().stream().map(Subject.Tag::key).toList());
        assertThat(after.updatedAt()).isAfter(tagged.updatedAt());
    }

    @Test
    void aDepartmentMayNotChangeAnotherDepartmentsTagsAndNothingIsWritten() {
        String code = newCode();
        upsert(scjgOperator(), input(code, "乙公司")).path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        SubjectWriter.Stored before = writer.get(code);
        Map<String, Object> tags = Map.of("code", code, "department", "SCJG", "add", List.of(Map.of("name", "冒名")));
        testers.as("WSJK", "WSJK-S01", Role.DEPT_ADMIN).document(SET_TAGS).variable("input", tags).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        testers.as("SCJG", "SCJG-S01", Role.INSPECTOR).document(SET_TAGS).variable("input", tags).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        testers.automation("WSJK", "tags:write").document(SET_TAGS).variable("input", tags).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        assertThat(writer.get(code).seqNo()).isEqualTo(before.seqNo());

        testers.automation("SCJG", "tags:write").document(SET_TAGS).variable("input", tags).execute()
                .path("setSubjectTags.errors").entityList(Object.class).hasSize(0);
        assertThat(writer.get(code).subject().tagKeys()).contains("SCJG:冒名");
    }

    @Test
    void removingATagTouchesOnlyTheCallersDepartment() {
        String code = newCode();
        upsert(scjgOperator(), input(code, "丙公司")).path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        for (String department : List.of("SCJG", "WSJK")) {
            testers.as(department, null, Role.DEPT_ADMIN).document(SET_TAGS)
                    .variable("input", Map.of("code", code, "department", department, "add", List.of(Map.of("name", "同名"))))
                    .execute().path("setSubjectTags.errors").entityList(Object.class).hasSize(0);
        }
        testers.as("WSJK", null, Role.DEPT_ADMIN).document(SET_TAGS)
                .variable("input", Map.of("code", code, "department", "WSJK", "remove", List.of("同名"))).execute()
                .path("setSubjectTags.errors").entityList(Object.class).hasSize(0);
        assertThat(writer.get(code).subject().tagKeys()).contains("SCJG:同名").doesNotContain("WSJK:同名");
    }

    @Test
    void invalidInputComesBackAsFieldErrorsAndWritesNothing() {
        String code = newCode();
        Map<String, Object> bad = input(code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0'), "丁公司");
        bad.put("registeredCapital", -1.0);
        bad.put("regionCode", "999999999");
        // subject is null (the JSON encoder may omit null fields)
        upsert(scjgOperator(), bad).path("upsertSubject").entity(Map.class).satisfies(p -> assertThat(p.get("subject")).isNull())
                .path("upsertSubject.errors[*].field[1]").entityList(String.class)
                .satisfies(fields -> assertThat(fields).containsExactlyInAnyOrder("code", "registeredCapital", "regionCode"))
                .path("upsertSubject.errors[*].code").entityList(String.class).contains("INVALID_CREDIT_CODE", "UNKNOWN_REGION");
        assertThat(writer.get((String) bad.get("code"))).isNull();
    }

    @Test
    void settingTagsOnAnUnknownSubjectIsAnError() {
        scjgOperator().document(SET_TAGS).variable("input", Map.of("code", newCode(), "department", "SCJG",
                "add", List.of(Map.of("name", "x")))).execute()
                .path("setSubjectTags.errors[0].code").entity(String.class).isEqualTo("NOT_FOUND");
    }

    @Test
    void unknownDepartmentsAndExpiredTagsAreRefusedAsData() {
        String code = newCode();
        upsert(scjgOperator(), input(code, "庚公司")).path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        SubjectWriter.Stored before = writer.get(code);
        testers.platformAdmin().document(SET_TAGS).variable("input", Map.of("code", code, "department", "NOPE",
                "add", List.of(Map.of("name", "x")))).execute()
                .path("setSubjectTags.errors[0].code").entity(String.class).isEqualTo("UNKNOWN_DEPARTMENT");
        scjgOperator().document(SET_TAGS).variable("input", Map.of("code", code, "department", "SCJG",
                "add", List.of(Map.of("name", "过期", "validUntil", "2020-01-01")))).execute()
                .path("setSubjectTags.errors[0].code").entity(String.class).isEqualTo("DATE_IN_PAST")
                .path("setSubjectTags.errors[0].field").entityList(String.class).containsExactly("input", "add", "0", "validUntil");
        assertThat(writer.get(code).seqNo()).isEqualTo(before.seqNo());
    }

    @Test
    void onlyWritersAndImportScriptsMayUpsert() {
        for (HttpGraphQlTester denied : List.of(testers.anonymous(), testers.as("SCJG", "SCJG-S01", Role.INSPECTOR),
                testers.as("SCJG", "SCJG-S01", Role.AGENCY_REVIEWER), testers.automation("SCJG", "stats:read"))) {
            String code = newCode();
            upsert(denied, input(code, "戊公司")).errors().satisfy(errors -> assertThat(errors).singleElement()
                    .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
            assertThat(writer.get(code)).isNull();
        }
        String code = newCode();
        upsert(testers.automation("SCJG", "subjects:import"), input(code, "己公司"))
                .path("upsertSubject.errors").entityList(Object.class).hasSize(0);
        assertThat(writer.get(code)).isNotNull();
    }
}
