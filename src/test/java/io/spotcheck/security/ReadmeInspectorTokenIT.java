package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.spotcheck.draw.DrawFixture;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.inspector.seed.SeededInspectors;
import io.spotcheck.search.IndexNames;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The inspector token printed in the README works for the phone flow: it names the seeded inspector
 * SCJG-S01-010, who sees the subjects it was drawn for in {@code myAssignments}. The test writes that
 * inspector's seeded record (seeding is off in tests; another test may have loaded the whole seeded
 * directory already) and draws as many inspectors per subject as SCJG-S01 can give, up to the limit
 * of 20, over several of the station's subjects: the draw takes the least loaded inspectors first, so
 * the README's inspector is drawn.
 */
@IntegrationTest
class ReadmeInspectorTokenIT {

    static final LocalDate FROM = LocalDate.of(2026, 12, 7);
    static final LocalDate TO = LocalDate.of(2026, 12, 18);

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    InspectorDirectory inspectors;

    String readmeInspector;
    boolean created;

    @AfterEach
    void removeTheRecordThisTestWrote() throws Exception {
        if (created) {
            client.delete(d -> d.index(names.alias("inspectors")).id(readmeInspector).refresh(Refresh.True));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReadmeInspectorTokenSeesItsAssignmentsAfterADraw() throws Exception {
        Matcher row = Pattern.compile("\\| `([A-Z]+-S\\d\\d-\\d{3})` \\| inspector [^|]* at station SCJG-S01[^|]*\\|[^`]*```\\s*(\\S+)\\s*```")
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(row.find()).as("an SCJG-S01 inspector row in the README's token table").isTrue();
        readmeInspector = row.group(1);
        String token = row.group(2);
        testers.withToken(token).document("{ viewer { id roles agency } }").execute()
                .path("viewer.id").entity(String.class).isEqualTo(readmeInspector)
                .path("viewer.roles").entityList(String.class).containsExactly("INSPECTOR");

        Inspector seeded = SeededInspectors.byId(readmeInspector, LocalDate.now(InspectorDirectory.ZONE)).orElseThrow();
        created = inspectors.createAll(List.of(seeded)) == 1;
        DrawFixture.seedStationInspectors(inspectors);
        DrawFixture fixture = new DrawFixture(testers, client, names);
        String tag = DrawFixture.tag();
        fixture.indexValidSubjects(tag, 600);
        String taskId = fixture.scopedTask(tag, false);
        fixture.drawClassCAndGroup(taskId);

        // SCJG-002 needs FOOD_SAFETY
        long drawable = inspectors.eligibleCandidates("SCJG", List.of("SCJG-S01")).stream()
                .filter(i -> "ACTIVE".equals(i.status()) && i.qualifications().contains("FOOD_SAFETY"))
                .filter(i -> i.certificateValidFrom() != null && !i.certificateValidFrom().isAfter(FROM))
                .filter(i -> i.certificateValidUntil() != null && !i.certificateValidUntil().isBefore(TO))
                .count();
        assertThat(drawable).as("drawable inspectors of SCJG-S01").isGreaterThanOrEqualTo(2L);
        int perSubject = (int) Math.min(20, drawable);
        fixture.drawInspectors(fixture.scjg(), taskId, "SCJG", perSubject);

        List<Map<String, Object>> station = fixture.scjg()
                .document("query($t:String!){ taskAssignments(taskId:$t, department:\"SCJG\"){ agency subjectCode inspectorIds } }")
                .variable("t", taskId).execute().path("taskAssignments").entityList(Map.class).get().stream()
                .map(a -> (Map<String, Object>) a).filter(a -> "SCJG-S01".equals(a.get("agency"))).toList();
        assertThat(station.size() * perSubject).as("places to fill in SCJG-S01").isGreaterThanOrEqualTo((int) drawable);
        List<String> stationSubjects = station.stream().filter(a -> ((List<String>) a.get("inspectorIds")).contains(readmeInspector))
                .map(a -> (String) a.get("subjectCode")).toList();
        assertThat(stationSubjects).as("subjects the README inspector was drawn for").isNotEmpty();

        testers.withToken(token).document("query($t:String){ myAssignments(taskId:$t){ subjectCode agency state } }")
                .variable("t", taskId).execute()
                .path("myAssignments[*].subjectCode").entityList(String.class)
                .satisfies(codes -> assertThat(codes).containsExactlyInAnyOrderElementsOf(stationSubjects))
                .path("myAssignments[*].agency").entityList(String.class).satisfies(a -> assertThat(a).containsOnly("SCJG-S01"));

        // the same list a page at a time, every subject once
        List<String> paged = new java.util.ArrayList<>();
        String after = null;
        do {
            Map<?, ?> page = testers.withToken(token).document("query($t:String,$a:String){ myAssignmentPage(taskId:$t, first: 1, after: $a)"
                            + "{ totalCount pageInfo { hasNextPage endCursor } edges { node { subjectCode } } } }")
                    .variable("t", taskId).variable("a", after).execute().path("myAssignmentPage").entity(Map.class).get();
            assertThat(((Number) page.get("totalCount")).intValue()).isEqualTo(stationSubjects.size());
            for (Object edge : (List<?>) page.get("edges")) {
                paged.add((String) ((Map<?, ?>) ((Map<?, ?>) edge).get("node")).get("subjectCode"));
            }
            Map<?, ?> info = (Map<?, ?>) page.get("pageInfo");
            after = Boolean.TRUE.equals(info.get("hasNextPage")) ? (String) info.get("endCursor") : null;
        } while (after != null);
        assertThat(paged).containsExactlyInAnyOrderElementsOf(stationSubjects);
    }
}
