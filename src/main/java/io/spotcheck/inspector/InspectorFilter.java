package io.spotcheck.inspector;

import io.spotcheck.system.SpotcheckException;
import java.time.LocalDate;
import java.util.List;

/**
 * What to list from the inspector directory; every list is OR within itself and AND with the
 * others, except {@link #qualificationsAll}.
 *
 * @param text words of the name (each must occur); plain text, never query syntax
 * @param ids exact inspector ids
 * @param departments department codes
 * @param agencies agency ids
 * @param statuses statuses
 * @param qualificationsAny holds at least one of these
 * @param qualificationsAll holds all of these
 * @param certificate certificate states on {@link #certificateOn}
 * @param certificateOn the day certificate states refer to; today when absent
 * @param recusedFor subject code: only inspectors with a recusal for it
 */
public record InspectorFilter(String text, List<String> ids, List<String> departments, List<String> agencies,
                              List<InspectorStatus> statuses, List<Qualification> qualificationsAny,
                              List<Qualification> qualificationsAll, List<CertificateState> certificate,
                              LocalDate certificateOn, String recusedFor) {

    public static final InspectorFilter NONE = new InspectorFilter(null, null, null, null, null, null, null, null, null, null);

    static final int MAX_VALUES = 200;
    static final int MAX_TEXT = 100;

    /** Certificate state on a given day. */
    public enum CertificateState { VALID, EXPIRED, NOT_YET_VALID, NONE }

    /** Refuses oversized input before it reaches Elasticsearch. */
    public InspectorFilter validated() {
        if (text != null && text.length() > MAX_TEXT) {
            throw SpotcheckException.badInput("filter.text", "text is limited to " + MAX_TEXT + " characters");
        }
        if (recusedFor != null && recusedFor.length() > 64) {
            throw SpotcheckException.badInput("filter.recusedFor", "not a subject code");
        }
        check("filter.ids", ids);
        check("filter.departments", departments);
        check("filter.agencies", agencies);
        return this;
    }

    private static void check(String field, List<String> values) {
        if (values == null) {
            return;
        }
        if (values.size() > MAX_VALUES) {
            throw SpotcheckException.badInput(field, "at most " + MAX_VALUES + " values");
        }
        for (String value : values) {
            if (value == null || value.isBlank() || value.length() > 64) {
                throw SpotcheckException.badInput(field, "values must be non-blank codes of at most 64 characters");
            }
        }
    }
}
