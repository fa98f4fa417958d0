package io.spotcheck.draw;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The immutable record of a subject draw (抽取记录), written once with op_type=create under an id
 * fixed per task. Holds everything {@code docs/DRAW-ALGORITHM.md} needs to recompute the draw from
 * the kept scope snapshot.
 */
public record DrawRecord(String id, String taskId, List<String> itemCodes, Integer year, String algorithm, String seed,
                         String publicValue, String scopeId, Map<String, Object> scopeDefinition, String scopeDigest,
                         Long scopeSize, Map<String, Long> scopeSizes, Map<String, Long> eligibleSizes, Map<String, Long> quotas,
                         String mode, Integer count, String creditRuleId, Map<String, Double> ratios, Integer minPerJurisdiction,
                         List<String> excludedStatuses, Map<String, Object> exclusionSettings,
                         List<SubjectDrawAlgorithm.Exclusion> exclusions, List<SubjectDrawAlgorithm.Selected> selected,
                         List<String> selectedCodes, String selectedDigest, Integer selectedCount, String drawnBy,
                         String drawnByDepartment, OffsetDateTime drawnAt) {

    public static String idFor(String taskId) {
        return "D-" + taskId;
    }

    /** The same record with natural persons' identifiers masked, for the public. */
    public DrawRecord masked() {
        java.util.Set<String> persons = new java.util.HashSet<>();
        List<SubjectDrawAlgorithm.Selected> sel = selected.stream().map(s -> {
            if (!"NATURAL_PERSON".equals(s.kind())) {
                return s;
            }
            persons.add(s.code());
            return new SubjectDrawAlgorithm.Selected(mask(s.code()), s.stratum(), s.region(), s.kind(), s.rank(), s.reason());
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
