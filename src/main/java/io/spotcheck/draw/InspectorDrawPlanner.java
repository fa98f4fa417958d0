package io.spotcheck.draw;

import io.spotcheck.inspector.Inspector;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import io.spotcheck.inspector.DrawCandidate;

/**
 * Everything between the stored data and {@link InspectorDraw} that involves no I/O: a
 * department's active assignments become one group per agency, its directory entries become
 * candidate snapshots, and the draw's result becomes the record's picks. The mutation and
 * {@code InspectorDrawBench} both run exactly this.
 */
public final class InspectorDrawPlanner {

    private InspectorDrawPlanner() {}

    /** What the draw is run on, as the record keeps it. */
    public record Plan(List<InspectorDrawRecord.Group> groups, List<AssignmentGroup> drawGroups, List<CandidateSnapshot> candidates,
                       String candidateDigest, List<InspectorDrawRecord.Uncovered> uncovered, String algorithm) {

        /** The identifier the draw used → the subject's code. */
        Map<String, String> codes() {
            Map<String, String> codes = new HashMap<>();
            groups.forEach(g -> g.subjects().forEach(s -> codes.put(s.drawnAs(), s.code())));
            return codes;
        }
    }

    /** {@code inspector-draw/1}: subjects named by their codes (kept for the bench and older records). */
    public static Plan plan(String department, List<DrawStore.Assignment> active, List<Inspector> inspectors,
                            Map<String, Set<String>> lastInspectors, Map<String, String> kinds, Set<String> qualifications,
                            LocalDate from, LocalDate to, int perSubject, int year) {
        return plan(department, active, inspectors, lastInspectors, kinds, null, qualifications, from, to, perSubject, year);
    }

    /**
     * @param active the department's ACTIVE assignments to staff
     * @param inspectors directory entries of the agencies concerned
     * @param lastInspectors subject code → inspectors who inspected it last time
     * @param kinds subject code → kind (NATURAL_PERSON is masked for the public)
     * @param keys subject code → public member key: the draw is {@code inspector-draw/2}, naming every
     *             subject by its key in hashes, order, digest and the candidates' recusals (only those of
     *             the draw's subjects, which are all a recusal can change); null: {@code inspector-draw/1}
     */
    public static Plan plan(String department, List<DrawStore.Assignment> active, List<Inspector> inspectors,
                            Map<String, Set<String>> lastInspectors, Map<String, String> kinds, Map<String, String> keys,
                            Set<String> qualifications, LocalDate from, LocalDate to, int perSubject, int year) {
        Map<String, List<InspectorDrawRecord.GroupSubject>> byAgency = new TreeMap<>(InspectorDraw.CANONICAL);
        List<InspectorDrawRecord.Uncovered> uncovered = new ArrayList<>();
        for (DrawStore.Assignment a : active) {
            if (a.agency() == null) {
                uncovered.add(new InspectorDrawRecord.Uncovered(a.subjectCode(), a.region(),
                        "no agency of " + department + " covers jurisdiction " + a.region()));
                continue;
            }
            List<String> last = lastInspectors.getOrDefault(a.subjectCode(), Set.of()).stream().sorted(InspectorDraw.CANONICAL).toList();
            String kind = kinds.get(a.subjectCode());
            if (keys != null && !keys.containsKey(a.subjectCode()) && "NATURAL_PERSON".equals(kind)) {
                // Its code is its ID number: as the key it would be published in clear and hashed into every digest.
                throw new IllegalStateException("a natural person drawn in task " + a.taskId() + " has no public member key");
            }
            byAgency.computeIfAbsent(a.agency(), x -> new ArrayList<>())
                    .add(new InspectorDrawRecord.GroupSubject(a.subjectCode(), kind, last,
                            keys == null ? null : keys.getOrDefault(a.subjectCode(), a.subjectCode())));
        }
        uncovered.sort(Comparator.comparing(InspectorDrawRecord.Uncovered::subjectCode, InspectorDraw.CANONICAL));
        List<InspectorDrawRecord.Group> groups = new ArrayList<>();
        Map<String, String> drawnAs = new HashMap<>();
        byAgency.forEach((agency, subjects) -> {
            subjects.sort(Comparator.comparing(InspectorDrawRecord.GroupSubject::drawnAs, InspectorDraw.CANONICAL));
            subjects.forEach(s -> drawnAs.put(s.code(), s.drawnAs()));
            groups.add(new InspectorDrawRecord.Group(agency, List.copyOf(subjects)));
        });
        List<CandidateSnapshot> candidates = inspectors.stream().filter(i -> department.equals(i.department()) && byAgency.containsKey(i.agency()))
                .map(i -> CandidateSnapshot.of(i, year)).map(c -> keys == null ? c : c.withRecusalsAs(drawnAs))
                .sorted(Comparator.comparing(CandidateSnapshot::id, InspectorDraw.CANONICAL)).toList();
        return new Plan(List.copyOf(groups), drawGroups(department, groups, qualifications, from, to, perSubject), candidates,
                CandidateSnapshot.digest(candidates), List.copyOf(uncovered), keys == null ? InspectorDraw.ALGORITHM : InspectorDraw.ALGORITHM_2);
    }

    /** The library's groups from the record's groups (a verifier rebuilds them the same way). */
    public static List<AssignmentGroup> drawGroups(String department, List<InspectorDrawRecord.Group> groups, Set<String> qualifications,
                                                   LocalDate from, LocalDate to, int perSubject) {
        return groups.stream().map(g -> new AssignmentGroup(department, g.agency(), g.subjects().stream()
                        .map(s -> new AssignmentGroup.GroupSubject(s.drawnAs(), Set.copyOf(s.lastInspectors()))).toList(),
                from, to, qualifications, perSubject)).toList();
    }

    public static DrawResult draw(String seed, Plan plan) {
        return InspectorDraw.draw(plan.algorithm(), seed, plan.drawGroups(), plan.candidates().stream().map(CandidateSnapshot::toCandidate).toList());
    }

    public static List<DrawCandidate> drawCandidates(List<CandidateSnapshot> candidates) {
        return candidates.stream().map(CandidateSnapshot::toCandidate).toList();
    }

    /** The record's picks, with names from the snapshots. */
    public static List<InspectorDrawRecord.Pick> picks(DrawResult result, List<CandidateSnapshot> candidates) {
        return picks(result, candidates, Map.of());
    }

    /** The record's picks by subject code (the draw named them as the plan says), with names from the snapshots. */
    public static List<InspectorDrawRecord.Pick> picks(DrawResult result, Plan plan) {
        return picks(result, plan.candidates(), plan.codes());
    }

    private static List<InspectorDrawRecord.Pick> picks(DrawResult result, List<CandidateSnapshot> candidates, Map<String, String> codes) {
        Map<String, String> names = new HashMap<>();
        candidates.forEach(c -> names.put(c.id(), c.name()));
        return result.assignments().stream().map(a -> new InspectorDrawRecord.Pick(a.agency(), codes.getOrDefault(a.subjectCode(), a.subjectCode()),
                a.inspectorIds(), a.inspectorIds().stream().map(id -> names.getOrDefault(id, "")).toList())).toList();
    }

    public static List<InspectorDrawRecord.Unstaffed> unstaffed(DrawResult result) {
        return unstaffed(result, Map.of());
    }

    public static List<InspectorDrawRecord.Unstaffed> unstaffed(DrawResult result, Plan plan) {
        return unstaffed(result, plan.codes());
    }

    private static List<InspectorDrawRecord.Unstaffed> unstaffed(DrawResult result, Map<String, String> codes) {
        return result.unstaffed().stream().map(u -> {
            Map<String, Integer> excluded = new TreeMap<>();
            u.excluded().forEach((k, v) -> excluded.put(k.name(), v));
            return new InspectorDrawRecord.Unstaffed(u.agency(), codes.getOrDefault(u.subjectCode(), u.subjectCode()), u.needed(), u.eligible(),
                    excluded, u.reason());
        }).toList();
    }
}
