package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.security.Role;
import io.spotcheck.subject.TestCodes;
import io.spotcheck.support.Testers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A small district made through the API for the privacy tests: natural persons with valid resident
 * ID numbers and names, organisations, items of SCJG and WSJK that target both kinds, a frozen
 * FILTER scope that lists every code (so the scope definition names persons), and a joint task
 * with a public draw.
 */
public final class PrivacyDistrict {

    public record Person(String code, String name) {}

    /**
     * Surnames no seeded inspector bears (InspectorSeedGenerator's list): inspectors' names are public in the
     * inspector draws, so a person named like one (陈平, say) would be "found" in clear where only the
     * inspector is named. Check the list against InspectorSeedGenerator's whenever either changes.
     */
    static final String[] SURNAMES = {"韦", "廖", "贾", "万", "邹", "熊", "尹", "谭", "黎", "常", "乔", "欧阳", "司马", "诸葛", "上官"};
    static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美玉桂兰霞平刚桂珍建国志红";

    public final String tag = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    public final List<Person> persons = new ArrayList<>();
    /** The organisations' credit class (persons are C): C puts them in the persons' stratum. */
    public String organisationRisk = "A";
    final List<String> organisations = new ArrayList<>();
    final Testers testers;
    final Random random = new Random();
    String scjgItem;
    String wsjkItem;
    String scopeId;
    public String taskId;

    public PrivacyDistrict(Testers testers) {
        this.testers = testers;
    }

    public HttpGraphQlTester scjg() {
        return testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_OPERATOR);
    }

    public HttpGraphQlTester wsjk() {
        return testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
    }

    /** A valid resident ID of the district (330109), born between 1940 and 2005. */
    String residentId() {
        LocalDate born = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 65));
        String body = "330109" + born.toString().replace("-", "") + String.format("%03d", random.nextInt(1000));
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    String personName() {
        String surname = SURNAMES[random.nextInt(SURNAMES.length)];
        StringBuilder b = new StringBuilder(surname);
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            b.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return b.toString();
    }

    /** The district's persons' 片区: how callers who see persons masked find them (a code or name would be a guess). */
    String unit() {
        return "隐私片区" + tag;
    }

    public static String region(int i) {
        return String.format("330109%03d", 1 + i % 20);
    }

    public void upsert(Map<String, Object> input) {
        scjg().document("mutation($in: SubjectInput!) { upsertSubject(input: $in) { subject { code } errors { code message } } }")
                .variable("in", input).execute().path("upsertSubject.errors").entityList(Object.class).hasSize(0);
    }

    public Map<String, Object> personInput(Person p, String region) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("code", p.code());
        in.put("kind", "NATURAL_PERSON");
        in.put("type", "PERSON");
        in.put("name", p.name());
        in.put("legalRepresentative", p.name());
        in.put("address", "萧山区某某路" + (10 + random.nextInt(80)) + "号");
        in.put("regionCode", region);
        in.put("supervisingUnit", unit());
        in.put("status", "ACTIVE");
        in.put("risk", Map.of("comprehensive", "C"));
        return in;
    }

    /** Items, inspectors, subjects, scope and task; the task ends SCOPED with publicDraw set. */
    public void create(InspectorDirectory inspectors, int personCount, int organisationCount) throws Exception {
        seedInspectors(inspectors);
        scjgItem = "SCJG-P" + tag.substring(1, 7).toUpperCase();
        wsjkItem = "WSJK-P" + tag.substring(1, 7).toUpperCase();
        item(testers.as("SCJG", null, Role.DEPT_ADMIN), scjgItem, "SCJG", "FOOD_SAFETY");
        item(testers.as("WSJK", null, Role.DEPT_ADMIN), wsjkItem, "WSJK", "PUBLIC_HEALTH");
        for (int i = 0; i < personCount; i++) {
            Person p = new Person(residentId(), personName());
            persons.add(p);
            upsert(personInput(p, region(i)));
        }
        for (int i = 0; i < organisationCount; i++) {
            String code = TestCodes.newCode();
            organisations.add(code);
            upsert(Map.of("code", code, "kind", "ORGANISATION", "type", "ENTERPRISE", "name", "隐私测试企业" + i + "有限公司",
                    "legalRepresentative", personName(), "regionCode", region(i), "status", "ACTIVE", "risk", Map.of("comprehensive", organisationRisk)));
        }
        List<String> codes = new ArrayList<>(organisations);
        persons.forEach(p -> codes.add(p.code()));
        // Commit, then freeze, then reveal: where the public value will come from, before the scope is frozen.
        String[] frozen = new String[1];
        taskId = io.spotcheck.draw.DrawFixture.committedThenScoped(scjg(), () -> scjg().document("""
                        mutation($in: CreateTaskInput!) { createTask(input: $in) { task { id: localId version } errors { code message } } }""")
                .variable("in", Map.of("name", "隐私联合抽查 " + tag, "leadDepartment", "SCJG", "level", "DISTRICT", "publicDraw", true,
                        "parts", List.of(Map.of("department", "SCJG", "itemCodes", List.of(scjgItem), "expectedOnSiteMinutes", 40),
                                Map.of("department", "WSJK", "itemCodes", List.of(wsjkItem), "expectedOnSiteMinutes", 30))))
                .execute().path("createTask.errors").entityList(Object.class).hasSize(0)
                .path("createTask.task").entity(Map.class).get(),
                attempt -> frozen[0] = io.spotcheck.draw.DrawFixture.frozenScope(scjg(), "SCJG", "S-" + tag + (attempt == 0 ? "" : "-r" + attempt),
                        Map.of("codes", codes)));
        scopeId = frozen[0];
    }

    private static void item(HttpGraphQlTester admin, String code, String department, String qualification) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("code", code);
        in.put("name", "个人与企业检查 " + code);
        in.put("department", department);
        in.put("field", "测试");
        in.put("itemClass", "KEY");
        in.put("targetKinds", List.of("ORGANISATION", "NATURAL_PERSON"));
        in.put("methods", List.of("ON_SITE"));
        in.put("requiredQualification", qualification);
        admin.document("mutation($in: ItemInput!) { upsertItem(input: $in) { item { code } errors { code message } } }")
                .variable("in", in).execute().path("upsertItem.errors").entityList(Object.class).hasSize(0);
    }

    /** The same inspectors InspectorDrawIT seeds (same ids and fields), so loading them twice changes nothing. */
    static void seedInspectors(InspectorDirectory inspectors) {
        List<Inspector> list = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            for (int i = 1; i <= 3; i++) {
                list.add(inspector("IDIT-SCJG-S0" + s + "-" + i, "SCJG", "SCJG-S0" + s, "FOOD_SAFETY"));
            }
        }
        for (int s = 1; s <= 3; s++) {
            for (int i = 1; i <= 3; i++) {
                list.add(inspector("IDIT-WSJK-S0" + s + "-" + i, "WSJK", "WSJK-S0" + s, "HEALTH"));
            }
        }
        list.add(new Inspector("IDIT-SCJG-S01-LEAVE", "休假员", "SCJG", "SCJG-S01", "浙执A00000001", LocalDate.of(2020, 1, 1),
                LocalDate.of(2035, 1, 1), List.of("FOOD_SAFETY"), "ON_LEAVE", "13800000000", List.of(), null, Instant.now()));
        inspectors.createAll(list);
    }

    static Inspector inspector(String id, String department, String agency, String qualification) {
        return new Inspector(id, "检查员" + id.substring(id.length() - 6), department, agency, "浙执" + id.replace("-", ""),
                LocalDate.of(2020, 1, 1), LocalDate.of(2035, 12, 31), List.of(qualification), "ACTIVE", "13912345678", List.of(), null,
                Instant.now());
    }
}
