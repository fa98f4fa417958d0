package io.spotcheck.item;

import io.spotcheck.persistence.StoredTimes;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.ValueConverter;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * An entry of a department's spot-check item list (抽查事项清单): what may be checked, how, and how
 * often. GENERAL items cap the share of subjects drawn ({@link #maxRatioPercent}); KEY items have
 * no cap.
 *
 * <p>Stored in the {@code items} alias under its code (mapping: index-mappings/items.json).
 *
 * @param methods ON_SITE, DOCUMENT, ONLINE_MONITORING, TESTING, COMMISSIONED
 */
@Document(indexName = "#{@indexNames.alias('items')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record Item(@Id String code, String name, String department, String field, String itemClass, Double maxRatioPercent,
                   List<String> targetKinds, String leadDepartment, List<String> cooperatingDepartments, String legalBasis,
                   List<String> methods, Double defaultRatioPercent, String frequency, String requiredQualification,
                   Boolean offSiteCheckable, @ValueConverter(StoredTimes.OffsetDateTimes.class) OffsetDateTime updatedAt) {

    public static final List<String> METHODS = List.of("ON_SITE", "DOCUMENT", "ONLINE_MONITORING", "TESTING", "COMMISSIONED");

    /** The ratio cap this item imposes on a draw, or null for none. */
    public Double ratioCap() {
        return "GENERAL".equals(itemClass) ? maxRatioPercent : null;
    }
}
