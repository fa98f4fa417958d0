package io.spotcheck.result;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.spotcheck.search.IndexNames;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import io.spotcheck.task.TaskStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Result entry on the real Elasticsearch. The fixture writes an IN_PROGRESS joint task, a subject and
 * its assignments with drawn inspector ids straight through the stores: the inspector-draw mutation
 * that writes {@code assignments.inspectorIds} is another feature's and not on this branch.
 */
@IntegrationTest
class ResultEntryIT {

    @Autowired
    Testers testers;
    @Autowired
    ElasticsearchClient client;
    @Autowired
    IndexNames names;
    @Autowired
    TaskStore tasks;
    @Autowired
    SubjectWriter subjects;
    @Autowired
    ResultStore results;
    @Autowired
    ResultEntryReads reads;
    @Autowired
    ResultEffectsWorker effectsWorker;
    @Autowired
    ResultEffectsOutbox outbox;
    @Autowired
    ResultEffects effects;
    @Autowired
    io.spotcheck.relocation.RelocationQueue relocations;

    /** What a submission changes elsewhere follows its answer (docs/RESULTS.md): wait for it, as a reader a moment later would. */
    void settle() {
        ResultEffectsSettle.settle(effectsWorker, client, names);
    }

    static final String SUBMIT = "mutation($in: SubmitResultInput!) { submitResult(input: $in) { result { id version status resultCodes "
            + "problemFound joint agency anomalyListingDue reassignmentNeeded submissionCount followUpCount followUpsClosed } "
            + "errors { code field } } }";

    record Fixture(String taskId, String subject) {}

    Fixture fixture(TaskStatus status) throws Exception {
        String taskId = "rt-" + UUID.randomUUID();
        String subject = "91R" + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
        tasks.create(new Task(taskId, null, "结果录入测试", "SCJG", List.of("SCJG", "WSJK"), List.of("SCJG-002", "WSJK-001"),
                List.of(new Task.Part("SCJG", List.of("SCJG-002"), 40), new Task.Part("WSJK", List.of("WSJK-001"), 30)), "DISTRICT", false,
                LocalDate.parse("2024-09-01"), LocalDate.parse("2024-12-31"), status, null, null, false, "test",
                OffsetDateTime.now(), OffsetDateTime.now(), null));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("code", subject);
        doc.put("kind", "ORGANISATION");
        doc.put("type", "ENTERPRISE");
        doc.put("name", "结果测试企业");
        doc.put("regionCode", "330109001");
        doc.put("status", "ACTIVE");
        doc.put("lastInspections", List.of(Map.of("item", "WSJK-001", "department", "WSJK", "date", "2023-03-01", "taskId", "old")));
        client.index(i -> i.index(names.alias("subjects")).id(subject).document(doc).refresh(Refresh.True));
        assign(taskId, "SCJG", "SCJG-S01", subject, List.of("scjg-ins-1", "scjg-ins-2", "scjg-ins-3"));
        assign(taskId, "WSJK", "WSJK-S01", subject, List.of("wsjk-ins-1", "wsjk-ins-2"));
        return new Fixture(taskId, subject);
    }

    void assign(String taskId, String dept, String agency, String subject, List<String> inspectors) throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("taskId", taskId);
        a.put("department", dept);
        a.put("agency", agency);
        a.put("subjectCode", subject);
        a.put("region", "330109001");
        a.put("status", "ASSIGNED");
        a.put("assignedAt", Instant.now().toString());
        a.put("inspectorIds", inspectors);
        client.index(i -> i.index(names.alias("assignments")).id(taskId + ":" + dept + ":" + subject).document(a).refresh(Refresh.True));
    }

    HttpGraphQlTester inspector(String id, String dept, String agency) {
        return testers.withToken(DevTokens.mint(testers.signingKey(), new DevTokens.Spec(id, id, dept, agency, List.of(Role.INSPECTOR), null,
                Instant.now().plusSeconds(3600), DevTokens.AUDIENCE)));
    }

    static Map<String, Object> input(Fixture f, String dept, String item, List<String> codes, List<String> inspectors, String channel) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("taskId", f.taskId());
        in.put("department", dept);
        in.put("subjectCode", f.subject());
        in.put("resultCodes", codes);
        in.put("itemRows", List.of(Map.of("itemCode", item, "checked", true, "problemFound", !codes.contains("NO_PROBLEM"))));
        in.put("verificationMethods", List.of("ON_SITE", "DOCUMENTARY"));
        in.put("followUps", List.of(Map.of("measure", "RECTIFICATION_ORDER", "done", false)));
        in.put("inspectionDate", "2024-09-27");
        in.put("inspectorIds", inspectors);
        in.put("evidence", List.of("oss://photos/1.jpg"));
        in.put("channel", channel);
        return in;
    }

    @Test
    void aDrawnInspectorSubmitsAndTheSubjectsLastInspectionAndAnAnomalyListingDueAcrossNationalDayFollow() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        GraphQlTester.Response r = inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                .variable("in", input(f, "SCJG", "SCJG-002", List.of("UNREACHABLE_AT_REGISTERED_ADDRESS"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                .execute();
        settle();
        r.path("submitResult.errors").entityList(Object.class).hasSize(0)
                .path("submitResult.result.status").entity(String.class).isEqualTo("SUBMITTED")
                .path("submitResult.result.resultCodes").entityList(String.class).containsExactly("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS")
                .path("submitResult.result.problemFound").entity(Boolean.class).isEqualTo(true)
                .path("submitResult.result.joint").entity(Boolean.class).isEqualTo(true)
                .path("submitResult.result.agency").entity(String.class).isEqualTo("SCJG-S01")
                // Fri 2024-09-27 + 10 working days: Sun 09-29 and Sat 10-12 are make-up days, 10-01..07 are off
                .path("submitResult.result.anomalyListingDue").entity(String.class).isEqualTo("2024-10-16");

        var lastInspections = subjects.get(f.subject()).subject().lastInspections();
        assertThat(lastInspections).extracting(li -> li.item() + "/" + li.department() + "/" + li.date() + "/" + li.taskId())
                .containsExactlyInAnyOrder("WSJK-001/WSJK/2023-03-01/old", "SCJG-002/SCJG/2024-09-27/" + f.taskId());

        String id = Result.id(f.taskId(), "SCJG", f.subject());
        ResultStore.AnomalyListing listing = results.listing(id + "|UNREACHABLE_AT_REGISTERED_ADDRESS");
        assertThat(listing).isNotNull();
        assertThat(listing.status()).isEqualTo("PENDING");
        assertThat(listing.due()).isEqualTo(LocalDate.parse("2024-10-16"));
        assertThat(listing.subjectCode()).isEqualTo(f.subject());
    }

    @Test
    void aFirstSubmissionSentAgainByItsInspectorIsAnsweredWithTheStoredResultAndAnythingElseStillConflicts() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        Map<String, Object> in = input(f, "SCJG", "SCJG-002", List.of("NO_PROBLEM"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE");
        HttpGraphQlTester phone = inspector("scjg-ins-1", "SCJG", "SCJG-S01");
        Long version = phone.document(SUBMIT).variable("in", in).execute()
                .path("submitResult.errors").entityList(Object.class).hasSize(0)
                .path("submitResult.result.version").entity(Long.class).get();

        // the answer was lost; the phone sends the same first submission again
        phone.document(SUBMIT).variable("in", in).execute()
                .path("submitResult.errors").entityList(Object.class).hasSize(0)
                .path("submitResult.result.version").entity(Long.class).isEqualTo(version)
                .path("submitResult.result.submissionCount").entity(Integer.class).isEqualTo(1);
        assertThat(results.get(Result.id(f.taskId(), "SCJG", f.subject())).seqNo()).as("nothing written again").isEqualTo(version);

        // other content, or the same content from another inspector, without expectedVersion: still a conflict
        Map<String, Object> changed = input(f, "SCJG", "SCJG-002", List.of("PROBLEM_CORRECTED"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE");
        phone.document(SUBMIT).variable("in", changed).execute()
                .path("submitResult.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        inspector("scjg-ins-2", "SCJG", "SCJG-S01").document(SUBMIT).variable("in", in).execute()
                .path("submitResult.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        settle();
    }

    /**
     * submitResult answers once the result is stored; its effects follow from a durable marker. Here the
     * server "stops" between the two (the worker hands nothing on, then its first pass throws), and a
     * new worker, as after a restart, redoes them from the marker: applied once, and a redo changes nothing.
     */
    @Test
    void theEffectsOfAnAcknowledgedResultSurviveAStopBeforeThemAndARedoAppliesThemOnce() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        String id = Result.id(f.taskId(), "SCJG", f.subject());
        String listingId = id + "|UNREACHABLE_AT_REGISTERED_ADDRESS";
        long subjectSeqNo = subjects.get(f.subject()).seqNo();
        effectsWorker.pause(true);
        try {
            inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                    .variable("in", input(f, "SCJG", "SCJG-002", List.of("UNREACHABLE_AT_REGISTERED_ADDRESS"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                    .execute().path("submitResult.errors").entityList(Object.class).hasSize(0)
                    .path("submitResult.result.anomalyListingDue").entity(String.class).isEqualTo("2024-10-16");
        } finally {
            effectsWorker.pause(false);
        }
        // acknowledged: the result is stored and its effects are marked, none applied yet
        assertThat(results.get(id)).isNotNull();
        assertThat(outbox.get(id)).isNotNull();
        assertThat(subjects.get(f.subject()).seqNo()).isEqualTo(subjectSeqNo);
        assertThat(results.listing(listingId)).isNull();

        // the first pass fails before writing anything: the marker stays
        effectsWorker.failNextOnce();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> effectsWorker.apply(id)).isInstanceOf(IllegalStateException.class);
        assertThat(outbox.get(id)).isNotNull();

        // a new worker (the server started again) redoes what is marked
        ResultEffectsWorker restarted = new ResultEffectsWorker(outbox, reads, effects, relocations, 1, java.time.Duration.ofSeconds(10),
                java.time.Duration.ZERO);
        assertThat(restarted.recover(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(1);
        assertThat(outbox.get(id)).isNull();
        SubjectWriter.Stored after = subjects.get(f.subject());
        assertThat(after.seqNo()).isGreaterThan(subjectSeqNo);
        assertThat(after.subject().lastInspections()).extracting(li -> li.item() + "/" + li.department() + "/" + li.date() + "/" + li.taskId())
                .containsExactlyInAnyOrder("WSJK-001/WSJK/2023-03-01/old", "SCJG-002/SCJG/2024-09-27/" + f.taskId());
        assertThat(after.subject().findings()).contains("SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS");
        assertThat(results.listing(listingId).status()).isEqualTo("PENDING");
        long listingSeqNo = client.get(g -> g.index(names.alias("anomaly_listings")).id(listingId), Map.class).seqNo();

        // redone once more (a worker that stopped after the effects, before clearing the marker): nothing is written again
        outbox.mark(id, results.get(id).result().submittedAt(), null, "scjg-ins-1", null);
        assertThat(restarted.apply(id)).isTrue();
        assertThat(outbox.get(id)).isNull();
        assertThat(subjects.get(f.subject()).seqNo()).isEqualTo(after.seqNo());
        assertThat(client.get(g -> g.index(names.alias("anomaly_listings")).id(listingId), Map.class).seqNo()).isEqualTo(listingSeqNo);
        // nothing left for the running worker either
        assertThat(effectsWorker.apply(id)).isFalse();
        restarted.stop();
    }

    /**
     * Effects wait for their round: submissions gathered during a window are applied together when it
     * ends, each result once however often it was submitted meanwhile, without anyone flushing; a
     * window as long as the recovery age is refused (recovery would redo what waits for its round).
     */
    @Test
    void effectsAreAppliedInTheRoundAfterTheirWindowNotBefore() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        String id = Result.id(f.taskId(), "SCJG", f.subject());
        long subjectSeqNo = subjects.get(f.subject()).seqNo();
        effectsWorker.pause(true);
        try {
            inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                    .variable("in", input(f, "SCJG", "SCJG-002", List.of("FALSE_DISCLOSURE"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                    .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
        } finally {
            effectsWorker.pause(false);
        }
        ResultEffectsWorker windowed = new ResultEffectsWorker(outbox, reads, effects, relocations, 2, java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(4));
        try {
            long handed = System.nanoTime();
            windowed.submitted(id);
            windowed.submitted(id);
            Thread.sleep(1_000);
            // within the window: nothing applied yet, the marker is still there
            assertThat(outbox.get(id)).isNotNull();
            assertThat(subjects.get(f.subject()).seqNo()).isEqualTo(subjectSeqNo);
            assertThat(windowed.awaitIdle(java.time.Duration.ofSeconds(20))).isTrue();
            assertThat(System.nanoTime() - handed).isGreaterThanOrEqualTo(java.util.concurrent.TimeUnit.SECONDS.toNanos(4));
            assertThat(outbox.get(id)).isNull();
            SubjectWriter.Stored after = subjects.get(f.subject());
            assertThat(after.seqNo()).isGreaterThan(subjectSeqNo);
            assertThat(after.subject().findings()).contains("SCJG:FALSE_DISCLOSURE");
        } finally {
            windowed.stop();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ResultEffectsWorker(outbox, reads, effects, relocations, 1,
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("effects-window");
    }

    /**
     * A round applies its results as one batch (one multi-get of markers and results, one of subjects,
     * one bulk of subject updates, one bulk of marker removals), and each result's effects hold as a
     * pass of its own would leave them: two subjects, two results of the same subject (the second is
     * applied over the first's write, not lost to it), a listing opened, and a marker whose submission
     * is not stored yet left for that submission's own pass. Redone, the batch writes nothing again.
     */
    @Test
    void aRoundsBatchAppliesEveryResultAsItsOwnPassWouldAndLeavesAnUnstoredSubmissionsMarker() throws Exception {
        Fixture f1 = fixture(TaskStatus.IN_PROGRESS);
        Fixture f2 = fixture(TaskStatus.IN_PROGRESS);
        String scjg1 = Result.id(f1.taskId(), "SCJG", f1.subject());
        String wsjk1 = Result.id(f1.taskId(), "WSJK", f1.subject());
        String scjg2 = Result.id(f2.taskId(), "SCJG", f2.subject());
        String notStored = Result.id(f2.taskId(), "WSJK", f2.subject());
        effectsWorker.pause(true);
        try {
            inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                    .variable("in", input(f1, "SCJG", "SCJG-002", List.of("FALSE_DISCLOSURE"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                    .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
            inspector("wsjk-ins-1", "WSJK", "WSJK-S01").document(SUBMIT)
                    .variable("in", input(f1, "WSJK", "WSJK-001", List.of("PROBLEM_CORRECTED"), List.of("wsjk-ins-1", "wsjk-ins-2"), "PHONE"))
                    .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
            inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                    .variable("in", input(f2, "SCJG", "SCJG-002", List.of("UNREACHABLE_AT_REGISTERED_ADDRESS"), List.of("scjg-ins-1", "scjg-ins-2"),
                            "PHONE"))
                    .execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
        } finally {
            effectsWorker.pause(false);
        }
        // a submission announced a moment ago whose result is not written yet
        outbox.mark(notStored, Instant.now(), null, "wsjk-ins-1", null);
        long seqNo1 = subjects.get(f1.subject()).seqNo();
        long seqNo2 = subjects.get(f2.subject()).seqNo();

        effectsWorker.applyAll(List.of(scjg1, wsjk1, scjg2, notStored));

        assertThat(outbox.get(scjg1)).isNull();
        assertThat(outbox.get(wsjk1)).isNull();
        assertThat(outbox.get(scjg2)).isNull();
        assertThat(outbox.get(notStored)).isNotNull();
        SubjectWriter.Stored one = subjects.get(f1.subject());
        assertThat(one.seqNo()).isGreaterThan(seqNo1);
        assertThat(one.subject().findings()).contains("SCJG:FALSE_DISCLOSURE", "WSJK:PROBLEM_CORRECTED");
        assertThat(one.subject().lastInspections()).extracting(li -> li.item() + "/" + li.department() + "/" + li.date() + "/" + li.taskId())
                .containsExactlyInAnyOrder("WSJK-001/WSJK/2024-09-27/" + f1.taskId(), "SCJG-002/SCJG/2024-09-27/" + f1.taskId());
        SubjectWriter.Stored two = subjects.get(f2.subject());
        assertThat(two.seqNo()).isGreaterThan(seqNo2);
        assertThat(two.subject().findings()).contains("SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS");
        assertThat(results.listing(scjg2 + "|UNREACHABLE_AT_REGISTERED_ADDRESS").status()).isEqualTo("PENDING");

        // redone (a worker that stopped after the effects, before removing the markers): nothing is written again
        outbox.mark(scjg1, results.get(scjg1).result().submittedAt(), null, "scjg-ins-1", null);
        outbox.mark(scjg2, results.get(scjg2).result().submittedAt(), null, "scjg-ins-1", null);
        effectsWorker.applyAll(List.of(scjg1, scjg2));
        assertThat(outbox.get(scjg1)).isNull();
        assertThat(outbox.get(scjg2)).isNull();
        assertThat(subjects.get(f1.subject()).seqNo()).isEqualTo(one.seqNo());
        assertThat(subjects.get(f2.subject()).seqNo()).isEqualTo(two.seqNo());
        outbox.clear(outbox.get(notStored));
    }

    @Test
    void reSubmissionNeedsTheCurrentVersionReplacesTheResultAndCancelsAListingNoLongerWanted() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        HttpGraphQlTester ins = inspector("scjg-ins-2", "SCJG", "SCJG-S01");
        Long v1 = ins.document(SUBMIT).variable("in", input(f, "SCJG", "SCJG-002", List.of("FALSE_DISCLOSURE"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                .execute().path("submitResult.result.version").entity(Long.class).get();
        settle();

        // a second first-submission is refused: a result exists
        ins.document(SUBMIT).variable("in", input(f, "SCJG", "SCJG-002", List.of("NO_PROBLEM"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                .execute().path("submitResult.errors[0].code").entity(String.class).isEqualTo("CONFLICT");
        settle();

        Map<String, Object> corrected = input(f, "SCJG", "SCJG-002", List.of("MOVED_OUT"), List.of("scjg-ins-2", "scjg-ins-3"), "PHONE");
        corrected.put("expectedVersion", v1);
        corrected.put("itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true, "problemFound", false)));
        ins.document(SUBMIT).variable("in", corrected).execute()
                .path("submitResult.errors").entityList(Object.class).hasSize(0)
                .path("submitResult.result.submissionCount").entity(Integer.class).isEqualTo(2)
                .path("submitResult.result.reassignmentNeeded").entity(Boolean.class).isEqualTo(true)
                .path("submitResult.result.anomalyListingDue").valueIsNull();
        settle();
        String id = Result.id(f.taskId(), "SCJG", f.subject());
        assertThat(results.listing(id + "|FALSE_DISCLOSURE").status()).isEqualTo("CANCELLED");

        // after approval (the review feature's write) the result is locked
        ResultStore.Versioned stored = results.get(id);
        client.update(u -> u.index(names.alias("results")).id(id).doc(Map.of("status", "APPROVED")).refresh(Refresh.WaitFor), Map.class);
        Map<String, Object> late = input(f, "SCJG", "SCJG-002", List.of("NO_PROBLEM"), List.of("scjg-ins-2", "scjg-ins-3"), "PHONE");
        late.put("expectedVersion", stored.seqNo() + 1);
        ins.document(SUBMIT).variable("in", late).execute().path("submitResult.errors[0].code").entity(String.class).isEqualTo("RESULT_LOCKED");
        settle();
        assertThat(results.get(id).result().resultCodes()).containsExactly("MOVED_OUT");
    }

    @Test
    void anInvalidResultComesBackFieldByFieldAndWritesNothing() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        Map<String, Object> in = input(f, "SCJG", "SCJG-002", List.of("NO_PROBLEM", "MOVED_OUT"), List.of("scjg-ins-1", "nobody"), "PHONE");
        in.put("itemRows", List.of(Map.of("itemCode", "SCJG-002", "checked", true, "problemFound", true)));
        inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                .variable("in", in)
                .execute()
                .path("submitResult.result").valueIsNull()
                .path("submitResult.errors[*].field").entityList(Object.class).satisfies(fields -> assertThat(fields.toString())
                        .contains("[input, resultCodes, 1]").contains("[input, itemRows, 0, problemFound]").contains("[input, inspectorIds, 1]"));
        settle();
        assertThat(results.get(Result.id(f.taskId(), "SCJG", f.subject()))).isNull();
        assertThat(subjects.get(f.subject()).subject().lastInspections()).hasSize(1);
    }

    @Test
    void onlyDrawnInspectorsOfTheDepartmentOrItsOperatorOnThePcSubmitAndOnlyWhileTheTaskRuns() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        Map<String, Object> scjg = input(f, "SCJG", "SCJG-002", List.of("NO_PROBLEM"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE");
        // an inspector of the department who was not drawn
        inspector("scjg-ins-9", "SCJG", "SCJG-S01").document(SUBMIT).variable("in", scjg).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        settle();
        // a participating department's inspector cannot enter the lead department's part
        inspector("wsjk-ins-1", "WSJK", "WSJK-S01").document(SUBMIT).variable("in", scjg).execute()
                .errors().satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "FORBIDDEN")));
        settle();
        assertThat(results.get(Result.id(f.taskId(), "SCJG", f.subject()))).isNull();

        // the participating department's operator enters its own part, on the PC only
        HttpGraphQlTester operator = testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
        Map<String, Object> wsjk = input(f, "WSJK", "WSJK-001", List.of("NO_PROBLEM"), List.of("wsjk-ins-1", "wsjk-ins-2"), "PHONE");
        operator.document(SUBMIT).variable("in", wsjk).execute().path("submitResult.errors[0].code").entity(String.class).isEqualTo("PC_ONLY");
        settle();
        wsjk.put("channel", "PC");
        operator.document(SUBMIT).variable("in", wsjk).execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
        settle();
        assertThat(subjects.get(f.subject()).subject().lastInspections())
                .anySatisfy(li -> assertThat(li.item() + li.department() + li.date()).isEqualTo("WSJK-001WSJK2024-09-27"));

        Fixture drawnOnly = fixture(TaskStatus.INSPECTORS_DRAWN);
        inspector("scjg-ins-1", "SCJG", "SCJG-S01").document(SUBMIT)
                .variable("in", input(drawnOnly, "SCJG", "SCJG-002", List.of("NO_PROBLEM"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE"))
                .execute().path("submitResult.errors[0].code").entity(String.class).isEqualTo("TASK_NOT_IN_PROGRESS");
        settle();
        assertThat(results.get(Result.id(drawnOnly.taskId(), "SCJG", drawnOnly.subject()))).isNull();
    }

    static final String SAVE_RULE = "mutation($input: TagRuleInput!) { saveTagRule(input: $input) { rule { id condition { findings problemFoundBy } } "
            + "errors { code field } } }";
    static final String DELETE_RULE = "mutation($id: ID!) { deleteTagRule(id: $id) { deletedId errors { code } } }";
    static final String FIND = "query($f: SubjectFilter) { subjects(filter: $f) { totalCount edges { node { code findings "
            + "lastResults { department taskId inspectionDate resultCodes problemFound } tags { key source rule } } } facets { findings { value count } } } }";

    static Map<String, Object> findingFilter(String subject, String finding) {
        return Map.of("codes", List.of(subject), "findings", List.of(finding));
    }

    @Test
    void aTagRuleOnAFindingTagsTheSubjectOnSubmissionAndAReSubmissionWithoutTheCodeTakesTheTagAway() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        String tag = "失联" + UUID.randomUUID().toString().substring(0, 6);
        String unreachable = "SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS";
        HttpGraphQlTester admin = testers.as("SCJG", null, Role.DEPT_ADMIN);
        admin.document(SAVE_RULE).variable("input", Map.of("department", "SCJG", "tagName", tag,
                        "condition", Map.of("findings", List.of("SCJG:UNREACHABLE", "NOPE:NO_PROBLEM"), "problemFoundBy", List.of("NOPE")))).execute()
                .path("saveTagRule.rule").valueIsNull()
                .path("saveTagRule.errors[*].code").entityList(String.class)
                // one error per unknown department, at its first mention
                .satisfies(codes -> assertThat(codes).containsExactlyInAnyOrder("UNKNOWN_RESULT_CODE", "UNKNOWN_DEPARTMENT"))
                .path("saveTagRule.errors[*].field").entityList(Object.class).satisfies(fields -> assertThat(fields.toString())
                        .contains("[input, condition, findings, 0]").contains("[input, condition, findings, 1]"));
        String ruleId = admin.document(SAVE_RULE).variable("input", Map.of("department", "SCJG", "tagName", tag,
                        "condition", Map.of("findings", List.of(unreachable)))).execute()
                .path("saveTagRule.errors").entityList(Object.class).hasSize(0)
                .path("saveTagRule.rule.condition.findings").entityList(String.class).containsExactly(unreachable)
                .path("saveTagRule.rule.id").entity(String.class).get();
        try {
            HttpGraphQlTester ins = inspector("scjg-ins-1", "SCJG", "SCJG-S01");
            Long v1 = ins.document(SUBMIT).variable("in", input(f, "SCJG", "SCJG-002", List.of("UNREACHABLE_AT_REGISTERED_ADDRESS"),
                    List.of("scjg-ins-1", "scjg-ins-2"), "PHONE")).execute().path("submitResult.result.version").entity(Long.class).get();
            settle();

            var stored = subjects.get(f.subject()).subject();
            assertThat(stored.findings()).containsExactly("SCJG:PROBLEM_PENDING", unreachable);
            assertThat(stored.lastResults()).singleElement().satisfies(r -> {
                assertThat(r.taskId()).isEqualTo(f.taskId());
                assertThat(r.problemFound()).isTrue();
            });
            assertThat(stored.tags()).filteredOn(t -> t.name().equals(tag)).singleElement().satisfies(t -> {
                assertThat(t.department()).isEqualTo("SCJG");
                assertThat(t.source()).isEqualTo("RULE");
                assertThat(t.rule()).isEqualTo(ruleId);
                assertThat(t.by()).isEqualTo("rule:" + ruleId);
            });
            assertThat(stored.tagKeys()).contains("SCJG:" + tag);

            // the findings filter finds it, the facet counts it, and another department's finding does not match
            GraphQlTester.Response found = testers.as("WSJK", null, Role.DEPT_OPERATOR).document(FIND)
                    .variable("f", findingFilter(f.subject(), unreachable)).execute();
            found.path("subjects.totalCount").entity(Long.class).isEqualTo(1L)
                    .path("subjects.edges[0].node.findings").entityList(String.class).containsExactly("SCJG:PROBLEM_PENDING", unreachable)
                    .path("subjects.edges[0].node.lastResults[0].resultCodes").entityList(String.class)
                    .containsExactly("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS")
                    .path("subjects.edges[0].node.tags[?(@.key == 'SCJG:" + tag + "')].rule").entityList(String.class).containsExactly(ruleId)
                    .path("subjects.facets.findings[?(@.value == '" + unreachable + "')].count").entityList(Long.class).containsExactly(1L);
            testers.as("WSJK", null, Role.DEPT_OPERATOR).document(FIND)
                    .variable("f", findingFilter(f.subject(), "WSJK:UNREACHABLE_AT_REGISTERED_ADDRESS")).execute()
                    .path("subjects.totalCount").entity(Long.class).isEqualTo(0L);

            // re-submitting without the code: the department's findings are replaced and the rule tag goes
            Map<String, Object> corrected = input(f, "SCJG", "SCJG-002", List.of("NO_PROBLEM"), List.of("scjg-ins-1", "scjg-ins-2"), "PHONE");
            corrected.put("expectedVersion", v1);
            ins.document(SUBMIT).variable("in", corrected).execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
            settle();
            var after = subjects.get(f.subject()).subject();
            assertThat(after.findings()).containsExactly("SCJG:NO_PROBLEM");
            assertThat(after.tagKeys()).doesNotContain("SCJG:" + tag);
            assertThat(after.tags()).noneMatch(t -> t.name().equals(tag));
            testers.as("WSJK", null, Role.DEPT_OPERATOR).document(FIND).variable("f", findingFilter(f.subject(), unreachable)).execute()
                    .path("subjects.totalCount").entity(Long.class).isEqualTo(0L);
            testers.as("WSJK", null, Role.DEPT_OPERATOR).document(FIND).variable("f", findingFilter(f.subject(), "SCJG:NO_PROBLEM")).execute()
                    .path("subjects.totalCount").entity(Long.class).isEqualTo(1L);

            // the participating department's result adds its own findings beside them
            HttpGraphQlTester operator = testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR);
            Map<String, Object> wsjk = input(f, "WSJK", "WSJK-001", List.of("PROBLEM_CORRECTED"), List.of("wsjk-ins-1", "wsjk-ins-2"), "PC");
            operator.document(SUBMIT).variable("in", wsjk).execute().path("submitResult.errors").entityList(Object.class).hasSize(0);
            settle();
            assertThat(subjects.get(f.subject()).subject().findings()).containsExactly("SCJG:NO_PROBLEM", "WSJK:PROBLEM_CORRECTED");
        } finally {
            admin.document(DELETE_RULE).variable("id", ruleId).execute().path("deleteTagRule.deletedId").entity(String.class).isEqualTo(ruleId);
        }
    }

    @Test
    void aProblemFoundRuleSavedAfterTheResultsReachesTheSubjectThroughTheReApplyJob() throws Exception {
        Fixture f = fixture(TaskStatus.IN_PROGRESS);
        Map<String, Object> wsjk = input(f, "WSJK", "WSJK-001", List.of("PROBLEM_CORRECTED"), List.of("wsjk-ins-1", "wsjk-ins-2"), "PC");
        testers.as("WSJK", "WSJK-BUREAU", Role.DEPT_OPERATOR).document(SUBMIT).variable("in", wsjk).execute()
                .path("submitResult.errors").entityList(Object.class).hasSize(0);
        settle();
        String tag = "重点关注" + UUID.randomUUID().toString().substring(0, 6);
        HttpGraphQlTester admin = testers.as("WSJK", null, Role.DEPT_ADMIN);
        GraphQlTester.Response saved = admin.document("mutation($input: TagRuleInput!) { saveTagRule(input: $input) { rule { id } job { id } "
                        + "errors { code } } }")
                .variable("input", Map.of("department", "WSJK", "tagName", tag, "condition", Map.of("problemFoundBy", List.of("WSJK"))))
                .execute();
        String ruleId = saved.path("saveTagRule.rule.id").entity(String.class).get();
        String jobId = saved.path("saveTagRule.job.id").entity(String.class).get();
        try {
            String status = "RUNNING";
            for (int i = 0; i < 600 && "RUNNING".equals(status); i++) {
                Thread.sleep(100);
                status = admin.document("query($id: ID!) { tagRuleJob(id: $id) { status } }").variable("id", jobId).execute()
                        .path("tagRuleJob.status").entity(String.class).get();
            }
            assertThat(status).isEqualTo("DONE");
            assertThat(subjects.get(f.subject()).subject().tags()).filteredOn(t -> t.name().equals(tag)).singleElement()
                    .satisfies(t -> assertThat(t.source() + "/" + t.rule()).isEqualTo("RULE/" + ruleId));
        } finally {
            admin.document(DELETE_RULE).variable("id", ruleId).execute().path("deleteTagRule.deletedId").entity(String.class).isEqualTo(ruleId);
        }
    }
}
