package io.spotcheck.tag;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.importer.ImportRecords;
import io.spotcheck.subject.importer.SubjectImporter;
import io.spotcheck.subject.write.SubjectInput;
import io.spotcheck.subject.TestCodes;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.spotcheck.subject.write.TagRule;
import io.spotcheck.subject.write.TagCondition;

@IntegrationTest
class TagRuleIT {

    static final String SAVE = """
            mutation($input: TagRuleInput!) { saveTagRule(input: $input) {
              rule { id department tagName version enabled condition { licences } }
              job { id status }
              errors { code message field } } }""";
    static final String JOB = "query($id: ID!) { tagRuleJob(id: $id) { id status processed changed chunks lastCode } }";
    static final Caller IMPORTER = new Caller("it", "it", null, null, Set.of(Role.PLATFORM_ADMIN), Set.of());

    @Autowired
    Testers testers;
    @Autowired
    SubjectWriter writer;
    @Autowired
    TagRuleStore store;
    @Autowired
    TagRuleJobs jobs;
    @Autowired
    SubjectImporter importer;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;

    static String licence() {
        return "LIC_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    static SubjectInput subject(String code, String licence) {
        return new SubjectInput(code, "ORGANISATION", "ENTERPRISE", "测试主体" + code.substring(10), List.of(), null, null, null, null,
                "330109003", null, "F5211", "ACTIVE", null, 10.0, null, List.of(), licence == null ? List.of() : List.of(licence));
    }

    void importAll(List<SubjectInput> inputs) {
        List<ImportRecords.Line> lines = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            lines.add(new ImportRecords.Line(i + 1, inputs.get(i), List.of()));
        }
        SubjectImporter.Summary summary = importer.run(IMPORTER, lines.iterator(), r -> {
            throw new AssertionError("rejected " + r);
        });
        assertThat(summary.accepted()).isEqualTo(inputs.size());
    }

    long countTagged(String key) throws Exception {
        writer.refresh();
        return client.count(c -> c.index(names.alias("subjects")).query(q -> q.term(t -> t.field("tagKeys").value(key)))).count();
    }

    long countAll() throws Exception {
        writer.refresh();
        return client.count(c -> c.index(names.alias("subjects"))).count();
    }

    @Test
    void aSavedRuleTagsExistingSubjectsInTheBackgroundAndNewOnesOnUpsert() throws Exception {
        String licence = licence();
        String before = TestCodes.newCode();
        importAll(List.of(subject(before, licence)));
        String tag = "食品" + licence.substring(4, 8);
        Map<String, Object> input = Map.of("department", "SCJG", "tagName", tag, "condition", Map.of("licences", List.of(licence)));
        String jobId = testers.as("SCJG", null, Role.DEPT_ADMIN).document(SAVE).variable("input", input).execute()
                .path("saveTagRule.errors").entityList(Object.class).hasSize(0)
                .path("saveTagRule.rule.version").entity(Long.class).isEqualTo(1L)
                .path("saveTagRule.job.id").entity(String.class).get();
        String status = "RUNNING";
        for (int i = 0; i < 600 && !"DONE".equals(status); i++) {
            Thread.sleep(100);
            status = testers.as("SCJG", null, Role.DEPT_OPERATOR).document(JOB).variable("id", jobId).execute()
                    .path("tagRuleJob.status").entity(String.class).get();
        }
        assertThat(status).isEqualTo("DONE");
        String ruleId = store.all().stream().filter(r -> r.tagName().equals(tag)).findFirst().orElseThrow().id();
        Map<String, Object> same = Map.of("id", ruleId, "department", "SCJG", "tagName", tag,
                "condition", Map.of("licences", List.of(licence)));
        testers.as("SCJG", null, Role.DEPT_ADMIN).document(SAVE).variable("input", same).execute()
                .path("saveTagRule.rule.version").entity(Long.class).isEqualTo(1L)
                .path("saveTagRule.job.id").entity(String.class).isEqualTo(jobId)
                .path("saveTagRule.job.status").entity(String.class).isEqualTo("DONE");
        Subject tagged = writer.get(before).subject();
        assertThat(tagged.tagKeys()).contains("SCJG:" + tag);
        Subject.Tag ruleTag = tagged.tags().stream().filter(t -> t.name().equals(tag)).findFirst().orElseThrow();
        assertThat(ruleTag.source()).isEqualTo("RULE");
        assertThat(ruleTag.rule()).isNotBlank();

        String after = TestCodes.newCode();
        importAll(List.of(subject(after, licence)));
        assertThat(writer.get(after).subject().tagKeys()).contains("SCJG:" + tag);
        // The licence lapses: the rule tag goes on the next change, a manual tag of another department stays.
        testers.as("WSJK", null, Role.DEPT_OPERATOR).document("""
                mutation($input: SetSubjectTagsInput!) { setSubjectTags(input: $input) { errors { code } } }""")
                .variable("input", Map.of("code", after, "department", "WSJK", "add", List.of(Map.of("name", "手工")))).execute()
                .path("setSubjectTags.errors").entityList(Object.class).hasSize(0);
        importAll(List.of(subject(after, null)));
        assertThat(writer.get(after).subject().tagKeys()).containsExactly("WSJK:手工");
    }

    @Test
    void onlyAdminsOfTheOwningDepartmentChangeRules() {
        Map<String, Object> input = Map.of("department", "SCJG", "tagName", "越权", "condition", Map.of("licences", List.of(licence())));
        for (var denied : List.of(testers.as("SCJG", null, Role.DEPT_OPERATOR), testers.as("WSJK", null, Role.DEPT_ADMIN),
                testers.anonymous(), testers.automation("SCJG", "tags:write"))) {
            denied.document(SAVE).variable("input", input).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                    .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        }
        String id = testers.as("SCJG", null, Role.DEPT_ADMIN).document(SAVE).variable("input", input).execute()
                .path("saveTagRule.rule.id").entity(String.class).get();
        testers.as("WSJK", null, Role.DEPT_ADMIN).document("mutation($id: ID!) { deleteTagRule(id: $id) { deletedId } }")
                .variable("id", id).execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        assertThat(store.get(id)).isNotNull();
        testers.as("SCJG", null, Role.DEPT_ADMIN).document("mutation($id: ID!) { deleteTagRule(id: $id) { deletedId errors { code } } }")
                .variable("id", id).execute().path("deleteTagRule.deletedId").entity(String.class).isEqualTo(id);
        assertThat(store.get(id)).isNull();
    }

    @Test
    void aRuleWithoutConditionOrWithUnknownValuesIsRefusedAsData() {
        testers.as("SCJG", null, Role.DEPT_ADMIN).document(SAVE)
                .variable("input", Map.of("department", "SCJG", "tagName", "全部", "condition", Map.of())).execute()
                .path("saveTagRule.errors[0].field").entityList(String.class).containsExactly("input", "condition");
        testers.as("SCJG", null, Role.DEPT_ADMIN).document(SAVE)
                .variable("input", Map.of("department", "SCJG", "tagName", "x", "condition", Map.of("statuses", List.of("ALIVE")))).execute()
                .path("saveTagRule.errors[0].code").entity(String.class).isEqualTo("INVALID_VALUE");
    }

    @Test
    void anInterruptedReapplyResumesFromItsCheckpointAndEndsExact() throws Exception {
        String licence = licence();
        TreeMap<String, Boolean> ours = new TreeMap<>();
        List<SubjectInput> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String code = TestCodes.newCode();
            boolean matches = i % 3 == 0;
            ours.put(code, matches);
            inputs.add(subject(code, matches ? licence : null));
        }
        importAll(inputs);
        long matching = ours.values().stream().filter(m -> m).count();
        String tag = "住建" + licence.substring(4, 8);
        TagRule rule = new TagRule("it-" + licence.toLowerCase(), "ZFJS", tag, TagCondition.none().withLicences(List.of(licence)), true, 1,
                "it", Instant.now());
        store.save(rule);
        long total = countAll();
        int chunk = 500;

        String id = "it-job-" + licence;
        jobs.register(id, rule.id(), "ZFJS");
        TagRuleJobs.JobState interrupted = jobs.run(id, 2, chunk);
        assertThat(interrupted.status()).isEqualTo("RUNNING");
        assertThat(interrupted.chunks()).isEqualTo(2);
        assertThat(interrupted.processed()).isEqualTo(2L * chunk);
        long doneSoFar = ours.headMap(interrupted.lastCode(), true).values().stream().filter(m -> m).count();
        assertThat(interrupted.changed()).isEqualTo(doneSoFar);
        assertThat(countTagged("ZFJS:" + tag)).isEqualTo(doneSoFar);

        TagRuleJobs.JobState resumed = jobs.run(id, Integer.MAX_VALUE, chunk);
        assertThat(resumed.status()).isEqualTo("DONE");
        assertThat(resumed.processed()).as("every subject looked at once, the done chunks skipped").isEqualTo(total);
        assertThat(resumed.chunks()).isEqualTo((total + chunk - 1) / chunk);
        assertThat(resumed.changed()).isEqualTo(matching);
        assertThat(countTagged("ZFJS:" + tag)).isEqualTo(matching);
        for (Map.Entry<String, Subject> e : writer.getAll(List.copyOf(ours.keySet()).subList(0, 200)).entrySet()) {
            assertThat(e.getValue().tagKeys().contains("ZFJS:" + tag)).as(e.getKey()).isEqualTo(ours.get(e.getKey()));
        }

        assertThat(jobs.run(id, Integer.MAX_VALUE, chunk).status()).as("a finished job does not run again").isEqualTo("DONE");
        String again = "it-job-again-" + licence;
        jobs.register(again, rule.id(), "ZFJS");
        TagRuleJobs.JobState rerun = jobs.run(again, Integer.MAX_VALUE, chunk);
        assertThat(rerun.changed()).as("re-applying changes nothing").isZero();

        store.delete(rule.id());
        String removal = "it-job-removal-" + licence;
        jobs.register(removal, rule.id(), "ZFJS");
        assertThat(jobs.run(removal, Integer.MAX_VALUE, 1000).changed()).isEqualTo(matching);
        assertThat(countTagged("ZFJS:" + tag)).isZero();
    }
}
