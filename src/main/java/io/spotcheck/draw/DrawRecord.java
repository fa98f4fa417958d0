package io.spotcheck.draw;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The immutable record of a subject draw (抽取记录), written once with op_type=create under an id
 * fixed per task. Holds everything {@code docs/DRAW-ALGORITHM.md} needs to recompute the draw from
 * the kept scope snapshot. Version 2 adds the commitment, the snapshot's size and chunk count, the
 * ratios as basis points and the target kinds; its {@code selected} carry each member's public key
 * beside its (internal) code, and its exclusions name members by key only.
 */
public record DrawRecord(String id, String taskId, List<String> itemCodes, Integer year, String algorithm, String seed,
                         String publicValue, String scopeId, Map<String, Object> scopeDefinition, String scopeDigest,
                         Long scopeSize, Map<String, Long> scopeSizes, Map<String, Long> eligibleSizes, Map<String, Long> quotas,
                         String mode, Integer count, String creditRuleId, Map<String, Double> ratios, Integer minPerJurisdiction,
                         List<String> excludedStatuses, Map<String, Object> exclusionSettings,
                         List<SubjectDrawAlgorithm.Exclusion> exclusions, List<SubjectDrawAlgorithm.Selected> selected,
                         List<String> selectedCodes, String selectedDigest, Integer selectedCount, String drawnBy,
                         String drawnByDepartment, OffsetDateTime drawnAt, SeedCommitment commitment, String scopeFrozenAt,
                         Integer chunkCount, Long snapshotBytes, Map<String, Integer> ratioBasisPoints, List<String> targetKinds) {

    /** A version 1 record. */
    public DrawRecord(String id, String taskId, List<String> itemCodes, Integer year, String algorithm, String seed,
                      String publicValue, String scopeId, Map<String, Object> scopeDefinition, String scopeDigest,
                      Long scopeSize, Map<String, Long> scopeSizes, Map<String, Long> eligibleSizes, Map<String, Long> quotas,
                      String mode, Integer count, String creditRuleId, Map<String, Double> ratios, Integer minPerJurisdiction,
                      List<String> excludedStatuses, Map<String, Object> exclusionSettings,
                      List<SubjectDrawAlgorithm.Exclusion> exclusions, List<SubjectDrawAlgorithm.Selected> selected,
                      List<String> selectedCodes, String selectedDigest, Integer selectedCount, String drawnBy,
                      String drawnByDepartment, OffsetDateTime drawnAt) {
        this(id, taskId, itemCodes, year, algorithm, seed, publicValue, scopeId, scopeDefinition, scopeDigest, scopeSize, scopeSizes,
                eligibleSizes, quotas, mode, count, creditRuleId, ratios, minPerJurisdiction, excludedStatuses, exclusionSettings, exclusions,
                selected, selectedCodes, selectedDigest, selectedCount, drawnBy, drawnByDepartment, drawnAt, null, null, null, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVersion2() {
        return SubjectDrawAlgorithm.VERSION_2.equals(algorithm);
    }

    /** The same record with other lists (the stored form keeps them as lines). */
    public DrawRecord withLists(List<SubjectDrawAlgorithm.Exclusion> newExclusions, List<SubjectDrawAlgorithm.Selected> newSelected,
                                List<String> newSelectedCodes) {
        return new DrawRecord(id, taskId, itemCodes, year, algorithm, seed, publicValue, scopeId, scopeDefinition, scopeDigest, scopeSize,
                scopeSizes, eligibleSizes, quotas, mode, count, creditRuleId, ratios, minPerJurisdiction, excludedStatuses, exclusionSettings,
                newExclusions, newSelected, newSelectedCodes, selectedDigest, selectedCount, drawnBy, drawnByDepartment, drawnAt, commitment,
                scopeFrozenAt, chunkCount, snapshotBytes, ratioBasisPoints, targetKinds);
    }

    /** Where the public reads a draw and its parts (docs/DRAW-ALGORITHM.md, "How to verify a draw yourself"). */
    public static String publicUrl(String drawId) {
        return "/public/draws/" + java.net.URLEncoder.encode(drawId, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The version 2 record as the public reads it: natural persons by key only, no code, no author. */
    public PublicDraw publicView() {
        return new PublicDraw(id, taskId, itemCodes, algorithm, seed, publicValue, commitment == null ? null
                : new SeedCommitment(commitment.taskId(), commitment.source(), commitment.revealAt(), commitment.committedAt(), null),
                scopeId, scopeFrozenAt, scopeDigest, scopeSize, chunkCount, snapshotBytes, scopeDigest, publicUrl(id) + "/snapshot",
                publicUrl(id) + "/substitutions", scopeSizes, eligibleSizes, quotas, mode, count, ratios, ratioBasisPoints, minPerJurisdiction,
                excludedStatuses, targetKinds, exclusions, PartedList.mapped(selected, PublicDraw.Member::of), selectedDigest, selectedCount,
                drawnAt == null ? null : SeedCommitment.format(drawnAt));
    }

    public static String idFor(String taskId) {
        return "D-" + taskId;
    }

    /**
     * The same record with natural persons' identifiers masked, for a caller who does not see persons.
     * A version 1 rank is SHA-256(seed ":" code) with the seed public: for a natural person it would
     * confirm a guess of the hidden birth date, so a person's line carries no rank (organisations keep
     * theirs, their codes are public).
     */
    public DrawRecord masked() {
        if (isVersion2()) {
            // Version 2: persons appear by their public key only; exclusions are keyed already and public.
            // Views, not copies: a stored record's lists are read a part at a time as they are used.
            List<SubjectDrawAlgorithm.Selected> sel = PartedList.mapped(selected, s -> new SubjectDrawAlgorithm.Selected(s.key(), s.stratum(),
                    s.region(), s.kind(), s.rank(), s.reason(), s.key()));
            return new DrawRecord(id, taskId, itemCodes, year, algorithm, seed, publicValue, scopeId, scopeDefinition, scopeDigest, scopeSize,
                    scopeSizes, eligibleSizes, quotas, mode, count, creditRuleId, ratios, minPerJurisdiction, excludedStatuses,
                    exclusionSettings, exclusions, sel, PartedList.mapped(sel, SubjectDrawAlgorithm.Selected::key), selectedDigest,
                    selectedCount, null, drawnByDepartment, drawnAt, commitment == null ? null : new SeedCommitment(commitment.taskId(),
                    commitment.source(), commitment.revealAt(), commitment.committedAt(), null), scopeFrozenAt, chunkCount, snapshotBytes,
                    ratioBasisPoints, targetKinds);
        }
        java.util.Set<String> persons = new java.util.HashSet<>();
        List<SubjectDrawAlgorithm.Selected> sel = selected.stream().map(s -> {
            if (!"NATURAL_PERSON".equals(s.kind())) {
                return s;
            }
            persons.add(s.code());
            return new SubjectDrawAlgorithm.Selected(mask(s.code()), s.stratum(), s.region(), s.kind(), null, s.reason());
        }).toList();
        List<String> codes = selectedCodes.stream().map(c -> persons.contains(c) ? mask(c) : c).toList();
        // Exclusions do not say which members are persons; the public sees none of them.
        return new DrawRecord(id, taskId, itemCodes, year, algorithm, seed, publicValue, scopeId, scopeDefinition, scopeDigest, scopeSize,
                scopeSizes, eligibleSizes, quotas, mode, count, creditRuleId, ratios, minPerJurisdiction, excludedStatuses,
                exclusionSettings, List.of(), sel, codes, selectedDigest, selectedCount, null, drawnByDepartment, drawnAt);
    }

    /** The one masking rule, {@link io.spotcheck.privacy.PersonMask#id}. */
    public static String mask(String code) {
        return io.spotcheck.privacy.PersonMask.id(code);
    }
}
