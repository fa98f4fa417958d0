package io.spotcheck.draw;

import io.spotcheck.persistence.StoredTimes;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.ValueConverter;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * The immutable record of an inspector draw (执法检查人员抽取记录), written once with op_type=create:
 * one per task and department ({@link #idFor}), and one per amendment ({@link #amendmentIdFor}: a
 * reassigned subject or a substitute drawn again in one agency). It keeps everything
 * docs/INSPECTOR-DRAW.md needs to recompute the draw: seed and its derivation, the groups as drawn
 * (subjects with who inspected them last), the candidate snapshots and their digest.
 *
 * @param kind DRAW or AMENDMENT
 * @param subjectDrawId the task's subject draw, whose seed the seed derives from
 * @param seed lower-case hex
 * @param publicValue the department's optional public value mixed into the seed
 * @param requiredQualifications directory qualifications every drawn inspector holds (QualificationMap)
 * @param groups per agency, the subjects drawn for, in canonical order
 * @param candidates every inspector of those agencies as the draw saw it (phones and certificate numbers never kept)
 * @param candidateDigest SHA-256 over the candidates' canonical lines
 * @param picks staffed subjects with the inspectors drawn
 * @param unstaffed subjects with fewer eligible inspectors than needed, with the reason (listed, never dropped)
 * @param uncovered subjects no agency of the department covers (nobody could be drawn)
 * @param resultDigest {@link DrawResult#digest()} of the draw
 * @param amendment what an amendment changed; null for a department's draw
 */
@Document(indexName = "#{@indexNames.alias('inspector_draws')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record InspectorDrawRecord(@Id String id, String kind, String taskId, String department, String subjectDrawId, String algorithm,
                                  String seed, String seedDerivation, String publicValue,
                                  @ValueConverter(StoredTimes.LocalDates.class) LocalDate inspectionFrom,
                                  @ValueConverter(StoredTimes.LocalDates.class) LocalDate inspectionTo, Integer perSubject, List<String> requiredQualifications, List<Group> groups,
                                  List<CandidateSnapshot> candidates, String candidateDigest, Integer candidateCount, List<Pick> picks,
                                  List<Unstaffed> unstaffed, List<Uncovered> uncovered, String resultDigest, Amendment amendment,
                                  String drawnBy, String drawnByDepartment,
                                  @ValueConverter(StoredTimes.OffsetDateTimes.class) OffsetDateTime drawnAt) {

    public static final String DRAW = "DRAW";
    public static final String AMENDMENT = "AMENDMENT";

    public static String idFor(String taskId, String department) {
        return "ID-" + taskId + "-" + department;
    }

    public static String amendmentIdFor(String taskId, String department, String subjectCode, int seq) {
        return "IDA-" + taskId + "-" + department + "-" + subjectCode + "-" + seq;
    }

    /** One agency's subjects. */
    public record Group(String agency, List<GroupSubject> subjects) {}

    /**
     * A subject of a group: its kind (to mask natural persons), who inspected it last time and its
     * public member key, which an {@code inspector-draw/2} record hashes and orders by instead of
     * the code (null in older records).
     */
    public record GroupSubject(String code, String kind, List<String> lastInspectors, String key) {

        public GroupSubject(String code, String kind, List<String> lastInspectors) {
            this(code, kind, lastInspectors, null);
        }

        /** The identifier the draw used for this subject. */
        public String drawnAs() {
            return key == null ? code : key;
        }
    }

    /** A staffed subject: inspector ids in picked order, with their names (public officials). */
    public record Pick(String agency, String subjectCode, List<String> inspectorIds, List<String> inspectorNames) {}

    /** A subject nobody could be drawn for in its agency, with the count each rule excluded. */
    public record Unstaffed(String agency, String subjectCode, int needed, int eligible, Map<String, Integer> excluded, String reason) {}

    /** A subject outside every agency of the department. */
    public record Uncovered(String subjectCode, String region, String reason) {}

    /**
     * @param cause REASSIGNMENT (jurisdiction changed) or SUBSTITUTE (staffing a substitute)
     * @param seq the subject's assignment sequence number this amendment created
     */
    public record Amendment(String cause, String subjectCode, String subjectKind, Integer seq, String reason, String fromAgency, String toAgency,
                            String fromRegion, String toRegion, String replacesAssignment, String newAssignment) {}

    /** True when subjects are named by their public member keys in the draw ({@code inspector-draw/2}). */
    public boolean keyed() {
        return io.spotcheck.draw.InspectorDraw.ALGORITHM_2.equals(algorithm);
    }

    /** Subject code → the identifier the draw used (the public key in a keyed record, else the code). */
    public Map<String, String> drawnAs() {
        Map<String, String> as = new java.util.HashMap<>();
        if (groups != null) {
            groups.forEach(g -> g.subjects().forEach(s -> as.put(s.code(), s.drawnAs())));
        }
        return as;
    }

    public boolean hasDraw() {
        return seed != null;
    }

    /** Subjects by their draw outcome in this record: the pick, or null when unstaffed/uncovered. */
    public Pick pickOf(String subjectCode) {
        return picks == null ? null : picks.stream().filter(p -> p.subjectCode().equals(subjectCode)).findFirst().orElse(null);
    }

    public Unstaffed unstaffedOf(String subjectCode) {
        return unstaffed == null ? null : unstaffed.stream().filter(p -> p.subjectCode().equals(subjectCode)).findFirst().orElse(null);
    }

    /** The record for the public, with only the keys the record itself holds ({@link #masked(Map)}). */
    public InspectorDrawRecord masked() {
        return masked(Map.of());
    }

    /**
     * The record for the public: a natural person named by their public member key wherever one is
     * known (this record's groups, or {@code knownKeys}: the task's subject draw and substitutions),
     * only else (version 1 draws) by the masked code; the amendment's id follows the same rule, so
     * the record, its verification and the substitution it staffed name it alike. Recusal relations
     * and who drew left out; inspector names kept (public officials acting in office), phones and
     * certificate numbers are never in a record.
     *
     * @param knownKeys subject code → public member key of natural persons
     */
    public InspectorDrawRecord masked(Map<String, String> knownKeys) {
        Map<String, String> names = publicNames(knownKeys);
        java.util.function.UnaryOperator<String> m = c -> c != null ? names.getOrDefault(c, c) : null;
        List<Group> g = groups == null ? null : groups.stream().map(x -> new Group(x.agency(), x.subjects().stream()
                .map(s -> new GroupSubject(m.apply(s.code()), s.kind(), s.lastInspectors(), keyShown(s) ? s.key() : m.apply(s.key()))).toList()))
                .toList();
        List<Pick> p = picks == null ? null : picks.stream().map(x -> new Pick(x.agency(), m.apply(x.subjectCode()), x.inspectorIds(), x.inspectorNames())).toList();
        List<Unstaffed> u = unstaffed == null ? null : unstaffed.stream()
                .map(x -> new Unstaffed(x.agency(), m.apply(x.subjectCode()), x.needed(), x.eligible(), x.excluded(), x.reason())).toList();
        List<Uncovered> n = uncovered == null ? null : uncovered.stream().map(x -> new Uncovered(m.apply(x.subjectCode()), x.region(), x.reason())).toList();
        List<CandidateSnapshot> c = candidates == null ? null : candidates.stream().map(CandidateSnapshot::withoutRecusals).toList();
        // A person's older amendment seeded over the ID number: its seed and everything computed from it would confirm a
        // guessed birth date (the subject draw's seed is public); withheld.
        boolean codeSeeded = seededOverPersonCode();
        Amendment a = amendment == null ? null : new Amendment(amendment.cause(), m.apply(amendment.subjectCode()), amendment.subjectKind(), amendment.seq(), amendment.reason(),
                amendment.fromAgency(), amendment.toAgency(), amendment.fromRegion(), amendment.toRegion(), null, null);
        // An amendment's id names its subject: named like the subject.
        String publicId = amendment == null || !names.containsKey(amendment.subjectCode()) ? id
                : amendmentIdFor(taskId, department, m.apply(amendment.subjectCode()), amendment.seq());
        return new InspectorDrawRecord(publicId, kind, taskId, department, subjectDrawId, algorithm, codeSeeded ? null : seed, seedDerivation,
                publicValue, inspectionFrom, inspectionTo, perSubject, requiredQualifications, g, c, candidateDigest, candidateCount, p, u, n,
                codeSeeded ? null : resultDigest, a, null, drawnByDepartment, drawnAt);
    }

    /** An amendment of a natural person whose seed was derived from the subject's code (records from before public keys). */
    public boolean seededOverPersonCode() {
        return amendment != null && seed != null && "NATURAL_PERSON".equals(amendment.subjectKind())
                && !InspectorDrawSeed.keyed(seedDerivation);
    }

    /** Whether the subject's key may be shown: an organisation's (its public code) or a person's random key, never a person's code. */
    private static boolean keyShown(GroupSubject s) {
        return s.key() != null && (!"NATURAL_PERSON".equals(s.kind()) || io.spotcheck.subject.PublicKeys.isPersonKey(s.key()));
    }

    /** Natural persons of this record, code → the name the public reads: their key when known, else their masked code. */
    public Map<String, String> publicNames(Map<String, String> knownKeys) {
        Set<String> persons = new java.util.HashSet<>();
        if (groups != null) {
            groups.forEach(g -> g.subjects().stream().filter(s -> "NATURAL_PERSON".equals(s.kind())).forEach(s -> persons.add(s.code())));
        }
        if (amendment != null && "NATURAL_PERSON".equals(amendment.subjectKind())) {
            persons.add(amendment.subjectCode());
        }
        Map<String, String> keys = new java.util.HashMap<>(knownKeys == null ? Map.of() : knownKeys);
        if (keyed() && groups != null) {
            // Only a key that is one: records drawn before the fix took a person's code as its key on tasks drawn under version 1.
            groups.forEach(x -> x.subjects().stream().filter(InspectorDrawRecord::keyShown).forEach(s -> keys.put(s.code(), s.key())));
        }
        Map<String, String> names = new java.util.HashMap<>();
        persons.forEach(c -> names.put(c, keys.getOrDefault(c, DrawRecord.mask(c))));
        return names;
    }
}
