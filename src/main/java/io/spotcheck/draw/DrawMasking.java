package io.spotcheck.draw;

import io.spotcheck.api.GlobalIds;
import io.spotcheck.api.MaskedCopies;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A task's inspector-draw records, substitutions and assignments as the public reads them
 * (docs/SECURITY.md, "Natural persons"): records name natural persons by their public member key
 * where one is known, assignments by the masked code. What the queries answer a caller who sees
 * persons masked, and what the mutations that draw, move and substitute answer such a caller too.
 * Every masked copy is remembered as standing for its clear id ({@link MaskedCopies}).
 *
 * <p>The lists are shown in an order that does not follow a person's ID number either (its hidden
 * digits are a birth date, so code order would compare the persons' ages): a person sorts by their
 * public member key, by the masked code where none is known; what is still tied goes by the subject's
 * code sealed with the server's secret ({@link GlobalIds}), which nobody can compute from a guess.
 */
@Component
public class DrawMasking {

    private final InspectorDrawService service;
    private final InspectorDrawStore store;
    private final DrawStore draws;
    private final MaskedCopies maskedCopies;
    private final GlobalIds sealer;

    DrawMasking(InspectorDrawService service, InspectorDrawStore store, DrawStore draws, MaskedCopies maskedCopies, GlobalIds sealer) {
        this.service = service;
        this.store = store;
        this.draws = draws;
        this.maskedCopies = maskedCopies;
        this.sealer = sealer;
    }

    /** The task's persons, read once for the copies of one answer. */
    public final class Task {
        private final String taskId;
        private Map<String, String> keys;
        private Set<String> persons;

        private Task(String taskId) {
            this.taskId = taskId;
        }

        public InspectorDrawRecord record(InspectorDrawRecord record) {
            if (record == null) {
                return null;
            }
            if (keys == null) {
                keys = personKeys(taskId);
            }
            return maskedCopies.remember(record.masked(keys), record.id());
        }

        public SubstitutionRecord substitution(SubstitutionRecord record) {
            return record == null ? null : maskedCopies.remember(record.masked(), record.id());
        }

        public DrawStore.Assignment assignment(DrawStore.Assignment a) {
            if (a == null) {
                return null;
            }
            return maskedCopies.remember(masked(a, persons()), a.id());
        }

        public List<DrawStore.Assignment> assignments(List<DrawStore.Assignment> list) {
            return list == null ? null : list.stream().map(this::assignment).toList();
        }

        /** A task's assignments as a list shows them: masked, in {@link #subjectOrder()}, then department and sequence. */
        public List<DrawStore.Assignment> listed(List<DrawStore.Assignment> list) {
            Comparator<DrawStore.Assignment> order = Comparator.comparing(DrawStore.Assignment::subjectCode, subjectOrder())
                    .thenComparing(DrawStore.Assignment::department, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(a -> a.seq() == null ? 0 : a.seq());
            return list.stream().sorted(order).map(this::assignment).toList();
        }

        /** The task's inspector-draw records as a list shows them: masked, by the id shown, then when drawn. */
        public List<InspectorDrawRecord> listedRecords(List<InspectorDrawRecord> list) {
            record Shown(InspectorDrawRecord clear, InspectorDrawRecord masked) {}
            return list.stream().map(r -> new Shown(r, record(r)))
                    .sorted(Comparator.comparing((Shown s) -> s.masked().id())
                            .thenComparing(s -> s.clear().drawnAt(), Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(s -> sealed(s.clear().id())))
                    .map(Shown::masked).toList();
        }

        /** The task's substitutions as a list shows them: masked, in chain order (version 2), else by when drawn. */
        public List<SubstitutionRecord> listedSubstitutions(List<SubstitutionRecord> list) {
            return list.stream().sorted(Comparator.comparing(SubstitutionRecord::seq, Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(SubstitutionRecord::drawnAt, Comparator.nullsLast(Comparator.naturalOrder()))
                            .thenComparing(r -> sealed(r.id())))
                    .map(this::substitution).toList();
        }

        /**
         * Subject codes in the order a caller who sees persons masked reads them: each by the name it
         * goes by in public (an organisation by its code, a person by their public member key, or by the
         * masked code when none is known), ties by the sealed code.
         */
        public Comparator<String> subjectOrder() {
            return Comparator.comparing(this::orderName).thenComparing(DrawMasking.this::sealed);
        }

        private String orderName(String code) {
            if (!persons().contains(code)) {
                return code;
            }
            if (keys == null) {
                keys = personKeys(taskId);
            }
            String key = keys.get(code);
            return key != null ? key : DrawRecord.mask(code);
        }

        /** A substitution's payload: the substitute (drawn by this very call, perhaps) and its assignments masked. */
        public InspectorDrawService.SubstitutionPayload payload(InspectorDrawService.SubstitutionPayload p) {
            SubstitutionRecord r = p.substitution();
            if (r != null && r.substitute() != null && "NATURAL_PERSON".equals(r.substitute().kind())) {
                person(r.substitute().code());
            }
            if (r != null && "NATURAL_PERSON".equals(r.movedOutKind())) {
                person(r.movedOutCode());
            }
            return new InspectorDrawService.SubstitutionPayload(substitution(r), assignments(p.assignments()), p.errors());
        }

        /** Counts {@code code} among the task's persons (one drawn by the very answer being masked may not be searchable yet). */
        public Task person(String code) {
            if (code != null) {
                persons();
                persons.add(code);
            }
            return this;
        }

        /** A subject code as the task's assignments show it: masked when it is a person's. */
        public String code(String code) {
            return mask(code, persons());
        }

        private Set<String> persons() {
            if (persons == null) {
                persons = DrawMasking.this.persons(taskId);
            }
            return persons;
        }
    }

    /** A stable tie-break that follows no code a caller can read or guess. */
    private String sealed(String id) {
        return sealer.encode("order", id, true);
    }

    /** The masking of one task's draws. */
    public Task of(String taskId) {
        return new Task(taskId);
    }

    /** Natural persons of the task's subject draw and substitutions, code → public member key (version 2 draws only). */
    Map<String, String> personKeys(String taskId) {
        Map<String, String> keys = new HashMap<>();
        service.keys(draws.recordReadAsUsed(DrawRecord.idFor(taskId)), taskId).forEach((code, key) -> {
            if (io.spotcheck.subject.PublicKeys.isPersonKey(key)) {
                keys.put(code, key);
            }
        });
        return keys;
    }

    /** Codes of the natural persons among the task's drawn subjects and substitutes. */
    Set<String> persons(String taskId) {
        Set<String> persons = new HashSet<>();
        DrawRecord record = draws.recordReadAsUsed(DrawRecord.idFor(taskId));
        if (record != null) {
            for (SubjectDrawAlgorithm.Selected s : record.selected()) {
                if ("NATURAL_PERSON".equals(s.kind())) {
                    persons.add(s.code());
                }
            }
        }
        service.substitutesOf(taskId).stream().filter(s -> "NATURAL_PERSON".equals(s.kind())).forEach(s -> persons.add(s.code()));
        return persons;
    }

    static DrawStore.Assignment masked(DrawStore.Assignment a, Set<String> persons) {
        return new DrawStore.Assignment(a.taskId(), a.department(), a.agency(), mask(a.subjectCode(), persons), a.region(), a.stratum(), a.status(),
                a.assignedAt(), a.state(), a.seq(), a.inspectorIds(), maskId(a.inspectorDrawId(), persons), a.staffing(), a.unstaffedReason(),
                maskId(a.replaces(), persons), maskId(a.replacedBy(), persons), a.note() == null ? null : maskId(a.note(), persons), a.changedAt());
    }

    private static String mask(String code, Set<String> persons) {
        return persons.contains(code) ? DrawRecord.mask(code) : code;
    }

    /** Ids and notes name subjects (task:department:code, IDA-…-code-n): every person's code in them is masked. */
    private static String maskId(String text, Set<String> persons) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String p : persons) {
            if (out.contains(p)) {
                out = out.replace(p, DrawRecord.mask(p));
            }
        }
        return out;
    }
}
