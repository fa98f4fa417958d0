package io.spotcheck.subject;

/**
 * The order of a subject search; {@code code} always breaks ties, so the order is total and a
 * search_after cursor never skips or repeats a subject.
 *
 * @param field RELEVANCE, NAME, ESTABLISHED_ON, REGISTERED_CAPITAL or CODE
 * @param direction ASC or DESC; null means DESC for relevance and ASC otherwise
 */
public record SubjectSort(String field, String direction) {

    public static final SubjectSort CODE = new SubjectSort("CODE", "ASC");
    public static final SubjectSort RELEVANCE = new SubjectSort("RELEVANCE", "DESC");

    public SubjectSort {
        field = field == null ? "RELEVANCE" : field;
        direction = direction == null ? ("RELEVANCE".equals(field) ? "DESC" : "ASC") : direction;
    }

    /** Relevance without text scores nothing, so it falls back to the code order. */
    public static SubjectSort orDefault(SubjectSort sort, SubjectFilter filter) {
        boolean hasText = filter != null && filter.text() != null && !filter.text().isBlank();
        if (sort == null) {
            return hasText ? RELEVANCE : CODE;
        }
        if ("RELEVANCE".equals(sort.field()) && !hasText) {
            return CODE;
        }
        return sort;
    }

    public boolean descending() {
        return "DESC".equals(direction);
    }
}
