package io.spotcheck.item;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An entry of a department's spot-check item list (抽查事项清单): what may be checked, how, and how
 * often. GENERAL items cap the share of subjects drawn ({@link #maxRatioPercent}); KEY items have
 * no cap.
 *
 * @param methods ON_SITE, DOCUMENT, ONLINE_MONITORING, TESTING, COMMISSIONED
 */
public record Item(String code, String name, String department, String field, String itemClass, Double maxRatioPercent,
                   List<String> targetKinds, String leadDepartment, List<String> cooperatingDepartments, String legalBasis,
                   List<String> methods, Double defaultRatioPercent, String frequency, String requiredQualification,
                   Boolean offSiteCheckable, OffsetDateTime updatedAt) {

    public static final List<String> METHODS = List.of("ON_SITE", "DOCUMENT", "ONLINE_MONITORING", "TESTING", "COMMISSIONED");

    /** The ratio cap this item imposes on a draw, or null for none. */
    public Double ratioCap() {
        return "GENERAL".equals(itemClass) ? maxRatioPercent : null;
    }
}
