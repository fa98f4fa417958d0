package io.spotcheck.department;

import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * A regulatory department (执法部门) with its agencies; every department keeps its own map of which
 * agency covers which jurisdiction. Stored in the {@code departments} alias, its agencies also one by one
 * in {@code agencies}.
 */
@Document(indexName = "#{@indexNames.alias('departments')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record Department(@Id String code, String name, String shortName, List<Agency> agencies) {

    /**
     * An agency of a department: the bureau itself (局本级) or a station (站所).
     *
     * @param jurisdictions region codes the agency covers
     */
    @Document(indexName = "#{@indexNames.alias('agencies')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
    public record Agency(@Id String id, String department, String name, String level, List<String> jurisdictions) {}

    /** The agency of this department that covers {@code regionCode}, or null when none does. */
    public Agency agencyCovering(String regionCode) {
        for (Agency agency : agencies) {
            if (agency.jurisdictions() != null && agency.jurisdictions().contains(regionCode)) {
                return agency;
            }
        }
        return null;
    }
}
