package io.spotcheck.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.review.ResultFixtures;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.RawHttp;
import io.spotcheck.support.Testers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each caller kind reads each output path that shows natural persons (docs/SECURITY.md, "Natural
 * persons"): the ID number and name appear in clear exactly where the table allows, and everywhere
 * else in the one masked form, the same on every path.
 */
@IntegrationTest
class PersonVisibilityMatrixIT {

    /** KEY: by the person's public member key only, neither the ID (clear or masked) nor the name. */
    enum Sees { CLEAR, MASKED, KEY, NOTHING }

    /** A caller kind and its bearer token (null: the public). */
    record CallerKind(String name, Function<Testers, String> token) {}

    static final List<CallerKind> CALLERS = List.of(
            new CallerKind("anonymous", t -> null),
            new CallerKind("PLATFORM_ADMIN", t -> t.token(null, null, null, Role.PLATFORM_ADMIN)),
            new CallerKind("DEPT_ADMIN SCJG", t -> t.token("SCJG", null, null, Role.DEPT_ADMIN)),
            new CallerKind("DEPT_OPERATOR SCJG", t -> t.token("SCJG", "SCJG-BUREAU", null, Role.DEPT_OPERATOR)),
            new CallerKind("INSPECTOR SCJG", t -> t.token("SCJG", "SCJG-S01", null, Role.INSPECTOR)),
            new CallerKind("AGENCY_REVIEWER SCJG-S01", t -> t.token("SCJG", "SCJG-S01", null, Role.AGENCY_REVIEWER)),
            new CallerKind("AUTOMATION SCJG", t -> t.token("SCJG", null, "subjects:read draws:read tasks:read review:read inspectors:read", Role.AUTOMATION)),
            new CallerKind("AUTOMATION SCJG persons:read",
                    t -> t.token("SCJG", null, "subjects:read draws:read tasks:read review:read inspectors:read persons:read", Role.AUTOMATION)));

    /** The inspector (of SCJG-S01, whose reviewer reads it) who is recused from every person of the district. */
    static final String RECUSING = "IDIT-SCJG-S01-1";

    /** Per output path, what each caller (in the order of {@link #CALLERS}) sees of a person. */
    static final Map<String, List<Sees>> TABLE = new LinkedHashMap<>();

    static {
        Sees C = Sees.CLEAR;
        Sees M = Sees.MASKED;
        Sees N = Sees.NOTHING;
        Sees K = Sees.KEY;
        //                                 anon PA DA DO IN RV AU AU+p
        TABLE.put("subjects", List.of(N, C, C, C, C, M, M, C));
        TABLE.put("drawRecord", List.of(M, C, C, C, C, M, M, C));
        TABLE.put("inspectorDrawRecords", List.of(K, C, C, C, C, K, K, C));
        TABLE.put("taskAssignments", List.of(M, C, C, C, C, M, M, C));
        TABLE.put("taskGrouping", List.of(N, C, C, C, C, M, M, C));
        TABLE.put("reviewQueue", List.of(N, C, C, C, N, C, M, C));
        TABLE.put("publishedResults", List.of(M, M, M, M, M, M, M, M));
        TABLE.put("inspectorRecusals", List.of(N, C, C, C, C, M, M, C));
    }

    static final Map<String, String> QUERIES = Map.ofEntries(
            Map.entry("subjects", "query($u:[String!]){ subjects(filter:{supervisingUnits:$u}, first: 50){ edges { node { code name legalRepresentative } } } }"),
            Map.entry("subjectKeys", "query($u:[String!]){ subjects(filter:{supervisingUnits:$u}, first: 50){ edges { node { code publicKey address } } } }"),
            Map.entry("subjectGuesses", """
                    query($u:[String!], $n:String!, $c:[String!]){
                      byName: subjects(filter:{supervisingUnits:$u, text:$n}, first: 50){ totalCount facets { kind { value count } } edges { node { code } } }
                      byAddress: subjects(filter:{supervisingUnits:$u, text:"某某路"}, first: 50){ totalCount edges { node { code } } }
                      byPrefix: subjects(filter:{supervisingUnits:$u, namePrefix:$n}, first: 50){ totalCount edges { node { code } } }
                      byCode: subjects(filter:{codes:$c}, first: 50){ totalCount edges { node { code } } } }"""),
            Map.entry("drawRecord", "query($t:String!){ drawRecord(taskId:$t){ scopeDefinition selected { code kind } selectedCodes: selected { code } } }"),
            Map.entry("inspectorDrawRecords", "query($t:String!){ inspectorDrawRecords(taskId:$t){ localId groups { subjects { code } } picks { subjectCode } } }"),
            Map.entry("taskAssignments", "query($t:String!){ taskAssignments(taskId:$t){ localId subjectCode } }"),
            Map.entry("taskGrouping", "query($t:String!){ taskGrouping(taskId:$t){ groups { subjectCodes } uncovered } }"),
            Map.entry("verifyDraw", "query($t:String!){ verifyDraw(drawId:$t){ verdict } }"),
            Map.entry("reviewQueue", "query($t:String!){ reviewQueue(filter:{taskId:$t}, first: 50){ edges { node { id subjectCode subjectName } } } }"),
            Map.entry("publishedResults", "query($t:String!){ publishedResults(filter:{taskId:$t}, first: 50){ edges { cursor node { id subjectCode subjectName } } } }"),
            Map.entry("inspectorRecusals", "{ inspectors(filter:{ids:[\"" + RECUSING + "\"]}){ edges { node { localId recusals { subjectCode } } } }"
                    + " inspector(id:\"" + RECUSING + "\"){ recusals { subjectCode } } }"));

    @LocalServerPort
    int port;
    /** The district's 片区, by which the subject paths find its persons. */
    String unit;
    @Autowired
    Testers testers;
    @Autowired
    InspectorDirectory inspectors;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    @Test
    @SuppressWarnings("unchecked")
    void eachCallerSeesPersonsInClearExactlyWhereAllowedAndInTheOneMaskedFormElsewhere() throws Exception {
        PrivacyDistrict d = new PrivacyDistrict(testers);
        d.create(inspectors, 6, 4);
        unit = d.unit();
        d.scjg().document(PublicBruteForceIT.DRAW).variable("in", Map.of("taskId", d.taskId, "publicValue", "M " + d.tag,
                        "ratios", List.of(Map.of("stratum", "C", "percent", 100), Map.of("stratum", "A", "percent", 50))))
                .execute().path("drawSubjects.errors").entityList(Object.class).hasSize(0);
        d.scjg().document("mutation($t:String!){ groupTask(taskId:$t){ errors{ code } } }").variable("t", d.taskId).execute()
                .path("groupTask.errors").entityList(Object.class).hasSize(0);
        for (String dept : List.of("SCJG", "WSJK")) {
            (dept.equals("SCJG") ? d.scjg() : d.wsjk()).document(PublicBruteForceIT.DRAW_INSPECTORS).variable("in", Map.of("taskId", d.taskId,
                    "department", dept, "inspectionFrom", "2026-12-07", "inspectionTo", "2026-12-18")).execute()
                    .path("drawInspectors.errors").entityList(Object.class).hasSize(0);
        }
        // After the draws (so they are as they would be without it): an inspector recused from every person.
        for (PrivacyDistrict.Person p : d.persons) {
            testers.as("SCJG", null, Role.DEPT_ADMIN).document("mutation($s:String!){ addRecusal(inspectorId:\"" + RECUSING
                            + "\", subjectCode:$s, reason:\"亲属关系\"){ errors { code } } }")
                    .variable("s", p.code()).execute().path("addRecusal.errors").entityList(Object.class).hasSize(0);
        }
        // Every person is drawn (class C at 100 %). The first is under review at SCJG-S01, the others published.
        List<Map<String, Object>> assignments = d.scjg().document(PublicBruteForceIT.ASSIGNMENTS).variable("t", d.taskId).variable("d", "SCJG")
                .execute().path("taskAssignments").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, String> agencyOf = new LinkedHashMap<>();
        for (int i = 0; i < d.persons.size(); i++) {
            PrivacyDistrict.Person p = d.persons.get(i);
            String agency = i == 0 ? "SCJG-S01" : assignments.stream().filter(a -> p.code().equals(a.get("subjectCode")))
                    .map(a -> (String) a.get("agency")).findFirst().orElseThrow();
            agencyOf.put(p.code(), agency);
            results.add(ResultFixtures.result(d.taskId, "SCJG", agency, p.code(), i == 0 ? "SUBMITTED" : "APPROVED", "2026-12-08",
                    Map.of("subjectKind", "NATURAL_PERSON", "subjectName", p.name(), "itemCodes", List.of(d.scjgItem))));
        }
        ResultFixtures.index(client, names, "results", results);
        for (String to : List.of("IN_PROGRESS", "REVIEWING")) {
            Long version = d.scjg().document("query($id:String!){ task(id:$id){ version } }").variable("id", d.taskId).execute()
                    .path("task.version").entity(Long.class).get();
            d.scjg().document("mutation($id:String!,$v:Long!,$to:TaskStatus!){ transitionTask(id:$id, expectedVersion:$v, to:$to){ errors{ code } } }")
                    .variable("id", d.taskId).variable("v", version).variable("to", to).execute()
                    .path("transitionTask.errors").entityList(Object.class).hasSize(0);
        }
        d.scjg().document("mutation($t: String!, $d: String!) { publishResults(taskId: $t, department: $d) { published errors { code } } }")
                .variable("t", d.taskId).variable("d", "SCJG").execute()
                .path("publishResults.published").entity(Integer.class).isEqualTo(d.persons.size() - 1);

        List<String> codes = d.persons.stream().map(PrivacyDistrict.Person::code).toList();
        Map<String, String> keys = new LinkedHashMap<>();
        testers.as(null, null, Role.PLATFORM_ADMIN).document("query($c:[String!]){ subjects(filter:{codes:$c}, first: 50){ edges { node { code publicKey } } } }")
                .variable("c", codes).execute().path("subjects.edges[*].node").entityList(Map.class).get()
                .forEach(n -> keys.put((String) n.get("code"), (String) n.get("publicKey")));
        assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(codes);
        List<String> wrong = new ArrayList<>();
        TABLE.forEach((path, row) -> {
            for (int c = 0; c < CALLERS.size(); c++) {
                CallerKind caller = CALLERS.get(c);
                String body = read(caller.token().apply(testers), path, d.taskId, codes);
                // Persons this path shows at all (the review queue shows the one under review, published results the others).
                List<PrivacyDistrict.Person> shown = switch (path) {
                    case "reviewQueue" -> d.persons.subList(0, 1);
                    case "publishedResults" -> d.persons.subList(1, d.persons.size());
                    default -> d.persons;
                };
                boolean names = List.of("subjects", "reviewQueue", "publishedResults").contains(path);
                for (PrivacyDistrict.Person p : shown) {
                    String cell = path + " × " + caller.name() + " × " + p.code() + ": ";
                    boolean clearId = body.contains(p.code());
                    boolean clearName = body.contains("\"" + p.name() + "\"");
                    boolean maskedId = body.contains(PersonMask.id(p.code()));
                    boolean maskedName = body.contains("\"" + PersonMask.name(p.name()) + "\"");
                    switch (row.get(c)) {
                        case CLEAR -> {
                            if (!clearId || (names && !clearName)) {
                                wrong.add(cell + "expected in clear, read " + abbreviate(body));
                            }
                        }
                        case MASKED -> {
                            if (clearId || clearName || !maskedId || (names && !maskedName)) {
                                wrong.add(cell + "expected masked as " + PersonMask.id(p.code()) + " / " + PersonMask.name(p.name())
                                        + ", read " + abbreviate(body));
                            }
                        }
                        case KEY -> {
                            if (clearId || clearName || maskedId || !body.contains(keys.get(p.code()))) {
                                wrong.add(cell + "expected by key " + keys.get(p.code()) + " only, read " + abbreviate(body));
                            }
                        }
                        case NOTHING -> {
                            if (clearId || clearName || maskedId) {
                                wrong.add(cell + "expected nothing, read " + abbreviate(body));
                            }
                        }
                    }
                }
            }
        });
        // A caller who sees persons masked gets neither their public key (it would link the public pseudonym to the
        // masked ID) nor their address beyond its administrative divisions.
        List<Sees> subjectsRow = TABLE.get("subjects");
        for (int c = 0; c < CALLERS.size(); c++) {
            if (subjectsRow.get(c) == Sees.NOTHING) {
                continue;
            }
            CallerKind caller = CALLERS.get(c);
            String body = read(caller.token().apply(testers), "subjectKeys", d.taskId, codes);
            boolean clear = subjectsRow.get(c) == Sees.CLEAR;
            for (PrivacyDistrict.Person p : d.persons) {
                String key = keys.get(p.code());
                if (body.contains(key) != clear) {
                    wrong.add("subject publicKey × " + caller.name() + " × " + p.code() + ": expected " + (clear ? "" : "no ") + "key, read "
                            + abbreviate(body));
                }
            }
            if (body.contains("某某路") != clear || (!clear && !body.contains("萧山区****"))) {
                wrong.add("subject address × " + caller.name() + ": expected " + (clear ? "in clear" : "萧山区****") + ", read " + abbreviate(body));
            }
        }
        // Guessing: a caller who sees persons masked cannot confirm a person's name, address or ID number by searching
        // for it (no hit, no count, no facet); who sees them in clear finds each. One person is probed; the others alike.
        PrivacyDistrict.Person probed = d.persons.get(1);
        for (int c = 0; c < CALLERS.size(); c++) {
            if (subjectsRow.get(c) == Sees.NOTHING) {
                continue;
            }
            CallerKind caller = CALLERS.get(c);
            String body = guesses(caller.token().apply(testers), probed);
            boolean clear = subjectsRow.get(c) == Sees.CLEAR;
            boolean found = body.contains(probed.code()) || body.contains(PersonMask.id(probed.code()));
            boolean counted = body.contains("NATURAL_PERSON") || java.util.regex.Pattern.compile("\"totalCount\":[1-9]").matcher(body).find();
            if (clear != found || clear != counted || body.contains("errors")) {
                wrong.add("subject guesses × " + caller.name() + ": expected " + (clear ? "found" : "neither found nor counted") + ", read "
                        + abbreviate(body));
            }
        }
        // Naming a person by ID number: a caller who sees persons masked gets an answer only for the persons it already
        // sees in clear (a reviewer, those of its own queue); for every other person subject(code:), subjectChanges(code:)
        // and result(...) answer as for a code that does not exist, so a right guess of a masked ID reads like a wrong one.
        for (int c = 0; c < CALLERS.size(); c++) {
            if (subjectsRow.get(c) != Sees.MASKED) {
                continue;
            }
            CallerKind caller = CALLERS.get(c);
            for (PrivacyDistrict.Person p : d.persons) {
                boolean inView = caller.name().startsWith("AGENCY_REVIEWER") && "SCJG-S01".equals(agencyOf.get(p.code()));
                String body = byCode(caller.token().apply(testers), d.taskId, p.code());
                boolean answered = body.contains(PersonMask.id(p.code())) || java.util.regex.Pattern.compile("\"totalCount\":[1-9]").matcher(body).find() || body.contains("\"id\":\"");
                if (body.contains("errors") || body.contains(p.code()) || answered != inView
                        || (inView && !(body.contains(PersonMask.id(p.code())) && body.contains("\"id\":\"")))) {
                    wrong.add("by code × " + caller.name() + " × " + p.code() + ": expected " + (inView ? "the masked person and its result"
                            : "no answer, as for a code that does not exist") + ", read " + abbreviate(body));
                }
            }
        }
        // Nor by asking which inspectors are recused from a person: for a caller who sees persons masked a resident ID
        // number matches nothing (totalCount 0, like a code nobody is recused for); who sees them in clear finds the inspector.
        List<Sees> recusalsRow = TABLE.get("inspectorRecusals");
        for (int c = 0; c < CALLERS.size(); c++) {
            if (recusalsRow.get(c) == Sees.NOTHING) {
                continue;
            }
            CallerKind caller = CALLERS.get(c);
            boolean clear = recusalsRow.get(c) == Sees.CLEAR;
            for (PrivacyDistrict.Person p : d.persons) {
                String body = recusedFor(caller.token().apply(testers), p.code());
                boolean found = body.contains(RECUSING) || java.util.regex.Pattern.compile("\"totalCount\":[1-9]").matcher(body).find();
                if (body.contains("errors") || found != clear || (!clear && !body.contains("\"totalCount\":0"))) {
                    wrong.add("recusedFor × " + caller.name() + " × " + p.code() + ": expected " + (clear ? RECUSING : "no inspector, totalCount 0")
                            + ", read " + abbreviate(body));
                }
            }
        }
        // The export is public: masked, whoever downloads it.
        String export = new RawHttp(port).send("GET", "/export/published-results.ndjson?taskId=" + d.taskId, Map.of(), null).body();
        for (PrivacyDistrict.Person p : d.persons.subList(1, d.persons.size())) {
            if (export.contains(p.code()) || export.contains("\"" + p.name() + "\"") || !export.contains(PersonMask.id(p.code()))
                    || !export.contains("\"" + PersonMask.name(p.name()) + "\"")) {
                wrong.add("export × " + p.code() + ": expected masked, read " + abbreviate(export));
            }
        }
        // Error messages quote what they refuse: a person's ID number in one is masked for callers who may not see it.
        String probe = d.persons.get(0).code();
        for (int c = 0; c < CALLERS.size(); c++) {
            CallerKind caller = CALLERS.get(c);
            String body = read(caller.token().apply(testers), "verifyDraw", probe, codes);
            boolean clear = TABLE.get("drawRecord").get(c) == Sees.CLEAR;
            if (!body.contains("errors") || body.contains(probe) != clear || (!clear && !body.contains(PersonMask.id(probe)))) {
                wrong.add("error message × " + caller.name() + ": expected the ID " + (clear ? "in clear" : "masked") + ", read " + abbreviate(body));
            }
        }
        assertThat(wrong).isEmpty();
    }

    private String read(String token, String path, String taskId, List<String> codes) {
        try {
            Map<String, Object> variables = path.startsWith("subject") ? Map.of("u", List.of(unit))
                    : path.equals("inspectorRecusals") ? Map.of() : Map.of("t", taskId);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return new RawHttp(port).post(RawHttp.body(Map.of("query", QUERIES.get(path), "variables", variables)), headers).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A person named by ID number on the three queries that take a subject code. */
    private String byCode(String token, String taskId, String code) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return new RawHttp(port).post(RawHttp.body(Map.of("query", """
                    query($c:String!, $t:String!){
                      one: subject(code:$c){ code kind }
                      changes: subjectChanges(code:$c){ totalCount }
                      result: result(taskId:$t, department:"SCJG", subjectCode:$c){ id } }""", "variables",
                    Map.of("c", code, "t", taskId))), headers).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inspectors recused from a subject, named by its code. */
    private String recusedFor(String token, String code) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return new RawHttp(port).post(RawHttp.body(Map.of("query",
                    "query($c:String!){ inspectors(filter:{recusedFor:$c}, first: 50){ totalCount edges { node { localId } } } }",
                    "variables", Map.of("c", code))), headers).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String guesses(String token, PrivacyDistrict.Person p) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return new RawHttp(port).post(RawHttp.body(Map.of("query", QUERIES.get("subjectGuesses"), "variables",
                    Map.of("u", List.of(unit), "n", p.name(), "c", List.of(p.code())))), headers).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
