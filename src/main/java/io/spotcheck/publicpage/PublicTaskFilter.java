package io.spotcheck.publicpage;

import io.spotcheck.system.SpotcheckException;
import java.time.LocalDate;

/** The {@code publicTasks} filter; every field optional. */
public record PublicTaskFilter(String department, String itemCode, LocalDate from, LocalDate to, String organisation) {

    static final int MAX_ORGANISATION_LENGTH = 100;

    static PublicTaskFilter orEmpty(PublicTaskFilter filter) {
        return filter == null ? new PublicTaskFilter(null, null, null, null, null) : filter;
    }

    /** The organisation search text, trimmed; null when absent. */
    String organisationText() {
        if (organisation == null || organisation.isBlank()) {
            return null;
        }
        String text = organisation.strip();
        if (text.length() > MAX_ORGANISATION_LENGTH) {
            throw SpotcheckException.badInput("organisation: at most " + MAX_ORGANISATION_LENGTH + " characters");
        }
        return text;
    }

    void validate() {
        if (from != null && to != null && from.isAfter(to)) {
            throw SpotcheckException.badInput("from is after to");
        }
        organisationText();
    }
}
