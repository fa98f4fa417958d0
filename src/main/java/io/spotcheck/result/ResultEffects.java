package io.spotcheck.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.calendar.CalendarService;
import io.spotcheck.system.ConcurrentWrites;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.write.SubjectMerger;
import io.spotcheck.subject.write.SubjectWriter;
import io.spotcheck.tag.TagRuleStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import io.spotcheck.subject.ResultCode;

/**
 * Closes the loop of a result. Applied on every submission (the inspection took place whatever the
 * review says, and the 10-working-day listing deadline runs from the inspection, not the review),
 * and idempotent, so a re-submission before review corrects what the previous one set and the
 * review may call {@link #apply(Result, Result)} again on approval without changing anything.
 *
 * <ul>
 *   <li>the subject's last inspection per checked item and department ({@code lastInspections});</li>
 *   <li>the subject's latest result of the department ({@code lastResults}, flattened into the
 *       {@code findings} keys "DEPT:RESULTCODE") and, in the same write, its rule tags recomputed,
 *       so tag rules on findings follow every submission;</li>
 *   <li>{@link ResultCode#ANOMALY_LISTING} codes open a PENDING listing in {@code anomaly_listings}
 *       (id {@code resultId|code}) due {@link #LISTING_WORKING_DAYS} working days after the
 *       inspection date; a re-submission without the code sets a still PENDING one to CANCELLED;</li>
 *   <li>{@link ResultCode#REASSIGNMENT} codes set {@code reassignmentNeeded} on the result (computed
 *       in {@link #reassignmentNeeded}); the reassignment itself is another feature's.</li>
 * </ul>
 */
@Service
public class ResultEffects {

    public static final int LISTING_WORKING_DAYS = 10;

    private final SubjectWriter subjects;
    private final TagRuleStore rules;
    private final ResultStore store;
    private final CalendarService calendars;
    private final ObjectMapper json;

    public ResultEffects(SubjectWriter subjects, TagRuleStore rules, ResultStore store, CalendarService calendars, ObjectMapper json) {
        this.subjects = subjects;
        this.rules = rules;
        this.store = store;
        this.calendars = calendars;
        this.json = json;
    }

    /** The due date of a pending anomaly listing for a result with these codes, or null when none is needed. */
    public LocalDate listingDue(List<String> resultCodes, LocalDate inspectionDate) {
        boolean needed = resultCodes.stream().anyMatch(c -> ResultCode.ANOMALY_LISTING.contains(ResultCode.valueOf(c)));
        return needed && inspectionDate != null ? calendars.current().plusWorkingDays(inspectionDate, LISTING_WORKING_DAYS) : null;
    }

    public static boolean reassignmentNeeded(List<String> resultCodes) {
        return resultCodes.stream().anyMatch(c -> ResultCode.REASSIGNMENT.contains(ResultCode.valueOf(c)));
    }

    /** Applies {@code now}'s effects, undoing what {@code previous} (the result it replaced, or null) set and {@code now} no longer does. */
    public void apply(Result now, Result previous, String by) {
        apply(now, checkedItems(previous), by);
    }

    /**
     * As {@link #apply(Result, Result, String)}, with the items replaced submissions had checked
     * ({@code previouslyChecked}) in place of the replaced result: what {@link ResultEffectsWorker}
     * redoes from the marker {@link ResultEffectsOutbox} keeps.
     */
    public void apply(Result now, Set<String> previouslyChecked, String by) {
        updateSubject(now, previouslyChecked);
        updateListings(now, by);
    }

    /**
     * One guarded partial update of the subject: its last inspections, its latest result of this
     * department with the {@code findings} keys, and its rule tags recomputed by the same
     * {@link SubjectMerger#withRulesApplied} path every upsert takes, so a rule on a finding sets or
     * takes away its tag in the same write. Nothing is written when nothing changes.
     */
    private void updateSubject(Result now, Set<String> previouslyChecked) {
        ConcurrentWrites.retry("subject " + now.subjectCode(), () -> {
            SubjectWriter.Stored stored = subjects.get(now.subjectCode());
            if (stored == null) {
                return null; // the subject left the directory; nothing to record
            }
            ObjectNode doc = subjectFields(now, previouslyChecked, stored.subject(), rules.all(), Instant.now());
            if (doc != null && !subjects.updateFields(stored, doc)) {
                throw new ConcurrentWrites.Stale();
            }
            return null;
        });
    }

    /**
     * The fields of {@code subject} that {@code now} changes — last inspections, last results with
     * the findings keys, rule tags — as a partial document; null when nothing changes.
     */
    private ObjectNode subjectFields(Result now, Set<String> previouslyChecked, Subject subject, List<io.spotcheck.subject.write.TagRule> tagRules,
                                     Instant at) {
        Subject next = SubjectMerger.withLastInspections(subject, lastInspections(orEmpty(subject.lastInspections()), now, previouslyChecked));
        next = SubjectMerger.withLastResults(next, lastResults(orEmpty(subject.lastResults()), now));
        next = SubjectMerger.withRulesApplied(next, tagRules, at);
        if (SubjectMerger.sameContent(subject, next)) {
            return null;
        }
        ObjectNode doc = json.createObjectNode();
        doc.set("lastInspections", json.valueToTree(next.lastInspections()));
        doc.set("lastResults", json.valueToTree(next.lastResults()));
        doc.set("findings", json.valueToTree(next.findings()));
        doc.set("tags", json.valueToTree(next.tags()));
        doc.set("tagKeys", json.valueToTree(next.tagKeys()));
        doc.set("updatedAt", json.valueToTree(at));
        return doc;
    }

    /** One result's effects to apply: as {@link #apply(Result, Set, String)} takes them. */
    public record Applying(Result now, Set<String> previouslyChecked, String by) {}

    /**
     * {@link #apply(Result, Set, String)} for several results of different subjects at once: their
     * subjects read in one multi-get and the changed ones written in one bulk request, each update
     * guarded by the version it was computed from, then each result's listings. Answers the ids of the
     * results whose subject someone changed meanwhile: nothing of theirs was applied, and the caller
     * applies them one by one (which reads again and retries).
     */
    public Set<String> applyAll(List<Applying> batch) {
        Set<String> again = new java.util.LinkedHashSet<>();
        if (batch.isEmpty()) {
            return again;
        }
        Map<String, SubjectWriter.Stored> stored = subjects.getStored(batch.stream().map(a -> a.now().subjectCode()).toList());
        List<io.spotcheck.subject.write.TagRule> tagRules = rules.all();
        Instant at = Instant.now();
        List<SubjectWriter.FieldChange> changes = new ArrayList<>();
        Map<String, String> resultOfSubject = new java.util.HashMap<>();
        for (Applying a : batch) {
            SubjectWriter.Stored s = stored.get(a.now().subjectCode());
            if (s == null) {
                continue; // the subject left the directory; nothing to record
            }
            if (resultOfSubject.putIfAbsent(a.now().subjectCode(), a.now().id()) != null) {
                again.add(a.now().id()); // a second result of the same subject: computed from the first one's write, alone
                continue;
            }
            ObjectNode doc = subjectFields(a.now(), a.previouslyChecked(), s.subject(), tagRules, at);
            if (doc != null) {
                changes.add(new SubjectWriter.FieldChange(s, doc));
            }
        }
        for (String code : subjects.updateFields(changes)) {
            again.add(resultOfSubject.get(code));
        }
        for (Applying a : batch) {
            if (!again.contains(a.now().id())) {
                try {
                    updateListings(a.now(), a.by());
                } catch (RuntimeException e) {
                    again.add(a.now().id()); // redone alone, where a failure surfaces (and recovery follows)
                }
            }
        }
        return again;
    }

    /**
     * The subject's latest result per department after {@code now}: the department's entry becomes
     * {@code now} unless it records a later inspection by another task (a re-submission of the same
     * task always replaces its own entry); other departments' entries are untouched.
     */
    static List<Subject.LastResult> lastResults(List<Subject.LastResult> current, Result now) {
        Subject.LastResult mine = new Subject.LastResult(now.department(), now.taskId(), now.inspectionDate(),
                List.copyOf(now.resultCodes()), Boolean.TRUE.equals(now.problemFound()));
        List<Subject.LastResult> next = new ArrayList<>();
        boolean placed = false;
        for (Subject.LastResult r : current) {
            if (!now.department().equals(r.department())) {
                next.add(r);
            } else if (!placed) {
                boolean keepOther = !now.taskId().equals(r.taskId()) && r.inspectionDate() != null && now.inspectionDate() != null
                        && r.inspectionDate().isAfter(now.inspectionDate());
                next.add(keepOther ? r : mine);
                placed = true;
            }
        }
        if (!placed) {
            next.add(mine);
        }
        return List.copyOf(next);
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    /**
     * The subject's last inspections after {@code now}: each checked item of the department gets the
     * inspection date unless a later inspection by another task is recorded; an item {@code previous}
     * had checked and {@code now} does not loses the entry this task set (the earlier one is not kept).
     */
    static List<Subject.LastInspection> lastInspections(List<Subject.LastInspection> current, Result now, Result previous) {
        return lastInspections(current, now, checkedItems(previous));
    }

    static List<Subject.LastInspection> lastInspections(List<Subject.LastInspection> current, Result now, Set<String> previouslyChecked) {
        Set<String> checked = checkedItems(now);
        Set<String> uncheckedNow = new HashSet<>(previouslyChecked);
        uncheckedNow.removeAll(checked);
        List<Subject.LastInspection> next = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Subject.LastInspection li : current) {
            boolean mine = now.department().equals(li.department());
            if (mine && checked.contains(li.item())) {
                placed.add(li.item());
                boolean keepOther = !now.taskId().equals(li.taskId()) && li.date() != null && li.date().isAfter(now.inspectionDate());
                next.add(keepOther ? li : new Subject.LastInspection(li.item(), li.department(), now.inspectionDate(), now.taskId()));
            } else if (mine && uncheckedNow.contains(li.item()) && now.taskId().equals(li.taskId())) {
                // set by the replaced submission, no longer true: drop
            } else {
                next.add(li);
            }
        }
        for (String item : checked.stream().sorted().toList()) {
            if (!placed.contains(item)) {
                next.add(new Subject.LastInspection(item, now.department(), now.inspectionDate(), now.taskId()));
            }
        }
        return List.copyOf(next);
    }

    /** The items a result checked; none for no result. */
    static Set<String> checkedItems(Result r) {
        Set<String> s = new HashSet<>();
        if (r != null && r.itemRows() != null) {
            r.itemRows().stream().filter(row -> Boolean.TRUE.equals(row.checked())).forEach(row -> s.add(row.itemCode()));
        }
        return s;
    }

    /** The result's first submission: nothing an earlier one of it opened (listings, relocation findings) can exist. */
    static boolean firstSubmission(Result r) {
        return r.submissionCount() != null && r.submissionCount() <= 1;
    }

    private void updateListings(Result now, String by) {
        Set<String> wanted = new HashSet<>();
        for (String code : now.resultCodes()) {
            if (ResultCode.ANOMALY_LISTING.contains(ResultCode.valueOf(code))) {
                wanted.add(code);
            }
        }
        // Listings are opened only here, under ids of this result: a first submission that wants none has none to cancel.
        if (wanted.isEmpty() && firstSubmission(now)) {
            return;
        }
        LocalDate due = listingDue(now.resultCodes(), now.inspectionDate());
        // the listings a result can open have known ids: read by id (real time, one multi-get), not searched
        Map<String, ResultStore.AnomalyListing> stored = store.listings(ResultCode.ANOMALY_LISTING.stream()
                .map(code -> now.id() + "|" + code.name()).toList());
        for (String reason : wanted) {
            String id = now.id() + "|" + reason;
            ResultStore.AnomalyListing existing = stored.get(id);
            if (existing != null && !"PENDING".equals(existing.status()) && !"CANCELLED".equals(existing.status())) {
                continue; // already acted upon (e.g. LISTED): not reopened
            }
            ResultStore.AnomalyListing listing = new ResultStore.AnomalyListing(id, now.subjectCode(), reason, now.id(), now.taskId(),
                    now.department(), now.agency(), now.inspectionDate(), due, "PENDING",
                    existing != null && "PENDING".equals(existing.status()) ? existing.openedAt() : Instant.now(),
                    existing != null && "PENDING".equals(existing.status()) ? existing.openedBy() : by);
            if (!listing.equals(existing)) {
                store.putListing(listing);
            }
        }
        for (ResultCode code : ResultCode.ANOMALY_LISTING) {
            ResultStore.AnomalyListing old = wanted.contains(code.name()) ? null : stored.get(now.id() + "|" + code.name());
            if (old != null && "PENDING".equals(old.status())) {
                store.putListing(new ResultStore.AnomalyListing(old.id(), old.subjectCode(), old.reason(), old.resultId(), old.taskId(),
                        old.department(), old.agency(), old.inspectionDate(), old.due(), "CANCELLED", old.openedAt(), old.openedBy()));
            }
        }
    }
}
