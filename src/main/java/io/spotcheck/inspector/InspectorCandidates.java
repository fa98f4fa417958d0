package io.spotcheck.inspector;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns directory entries into the snapshots the draw library takes (and a draw record keeps). */
public final class InspectorCandidates {

    private InspectorCandidates() {}

    /**
     * The running load a draw starts from is the inspector's draws in {@code year}; an uncertified
     * inspector gets no certificate dates, so the draw excludes it.
     */
    public static DrawCandidate toCandidate(Inspector i, int year) {
        Set<String> recused = new HashSet<>();
        i.recusals().forEach(r -> recused.add(r.subjectCode()));
        boolean certified = i.certificateNumber() != null;
        return new DrawCandidate(i.id(), i.department(), i.agency(), i.status(),
                certified ? i.certificateValidFrom() : null, certified ? i.certificateValidUntil() : null,
                Set.copyOf(i.qualifications()), recused, i.workload().asOf(year).drawsThisYear());
    }

    public static List<DrawCandidate> toCandidates(List<Inspector> inspectors, int year) {
        return inspectors.stream().map(i -> toCandidate(i, year)).toList();
    }
}
