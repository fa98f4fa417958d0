package io.spotcheck.draw;

import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.InspectorCandidates;
import io.spotcheck.persistence.StoredTimes;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import io.spotcheck.scope.Sha256;
import io.spotcheck.inspector.DrawCandidate;
import org.springframework.data.elasticsearch.annotations.ValueConverter;

/**
 * One inspector as an inspector-draw record keeps it: what {@link InspectorDraw} reads, plus the
 * name (public officials' names are published with the draw). Never the phone or the certificate
 * number.
 */
public record CandidateSnapshot(String id, String name, String department, String agency, String status,
                                @ValueConverter(StoredTimes.LocalDates.class) LocalDate certificateValidFrom,
                                @ValueConverter(StoredTimes.LocalDates.class) LocalDate certificateValidUntil, List<String> qualifications,
                                List<String> recusedSubjects, long currentLoad) {

    public CandidateSnapshot {
        qualifications = qualifications == null ? List.of() : qualifications.stream().sorted(InspectorDraw.CANONICAL).toList();
        recusedSubjects = recusedSubjects == null ? List.of() : recusedSubjects.stream().sorted(InspectorDraw.CANONICAL).toList();
    }

    /** Through {@link InspectorCandidates}, the directory's own mapping (load = draws this year). */
    public static CandidateSnapshot of(Inspector inspector, int year) {
        DrawCandidate c = InspectorCandidates.toCandidate(inspector, year);
        return new CandidateSnapshot(c.id(), inspector.name(), c.department(), c.agency(), c.status(), c.certificateValidFrom(),
                c.certificateValidUntil(), List.copyOf(c.qualifications()), List.copyOf(c.recusedSubjects()), c.currentLoad());
    }

    public DrawCandidate toCandidate() {
        return new DrawCandidate(id, department, agency, status, certificateValidFrom, certificateValidUntil, Set.copyOf(qualifications),
                Set.copyOf(recusedSubjects), currentLoad);
    }

    /** {@code id TAB department TAB agency TAB status TAB from TAB until TAB q1,q2 TAB r1,r2 TAB load}; absent dates empty. */
    public String canonicalLine() {
        return id + '\t' + department + '\t' + agency + '\t' + status + '\t' + (certificateValidFrom == null ? "" : certificateValidFrom)
                + '\t' + (certificateValidUntil == null ? "" : certificateValidUntil) + '\t' + String.join(",", qualifications)
                + '\t' + String.join(",", recusedSubjects) + '\t' + currentLoad;
    }

    /** SHA-256 hex over the canonical lines, each followed by LF, candidates by id in canonical order. */
    public static String digest(List<CandidateSnapshot> candidates) {
        StringBuilder text = new StringBuilder();
        candidates.stream().sorted(Comparator.comparing(CandidateSnapshot::id, InspectorDraw.CANONICAL))
                .forEach(c -> text.append(c.canonicalLine()).append('\n'));
        return Sha256.hexOf(text.toString());
    }

    /**
     * The same snapshot with its recusals of the draw's subjects only, each named as the draw
     * names it ({@code drawnAs}: code → public key): recusals of other subjects cannot change the
     * draw, and a person's code must not enter the published candidate digest.
     */
    public CandidateSnapshot withRecusalsAs(java.util.Map<String, String> drawnAs) {
        return new CandidateSnapshot(id, name, department, agency, status, certificateValidFrom, certificateValidUntil, qualifications,
                recusedSubjects.stream().filter(drawnAs::containsKey).map(drawnAs::get).toList(), currentLoad);
    }

    /** The same snapshot without its recusal relations, for the public (a recusal says who is related to whom). */
    public CandidateSnapshot withoutRecusals() {
        return new CandidateSnapshot(id, name, department, agency, status, certificateValidFrom, certificateValidUntil, qualifications,
                List.of(), currentLoad);
    }
}
