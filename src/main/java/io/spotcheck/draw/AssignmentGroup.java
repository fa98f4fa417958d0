package io.spotcheck.draw;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The subjects one agency of one department must staff: each gets {@link #inspectorsPerSubject}
 * inspectors of that agency. (department, agency) is unique within a draw.
 *
 * @param department department code
 * @param agency agency id whose inspectors are drawn
 * @param subjects subjects to staff, with who inspected each last time
 * @param inspectionFrom first day of the inspection window
 * @param inspectionTo last day of the inspection window (inclusive)
 * @param requiredQualifications qualifications every drawn inspector must hold (all of them); empty = none
 * @param inspectorsPerSubject k, at least 2
 */
public record AssignmentGroup(String department, String agency, List<GroupSubject> subjects,
                              LocalDate inspectionFrom, LocalDate inspectionTo,
                              Set<String> requiredQualifications, int inspectorsPerSubject) {

    public static final int MIN_INSPECTORS = 2;
    public static final int MAX_INSPECTORS = 20;

    public AssignmentGroup {
        InspectorDraw.requireId("group department", department);
        InspectorDraw.requireId("group agency", agency);
        if (inspectionFrom == null || inspectionTo == null || inspectionTo.isBefore(inspectionFrom)) {
            throw new IllegalArgumentException("group " + department + "/" + agency + ": inspection window must be from <= to");
        }
        if (inspectorsPerSubject < MIN_INSPECTORS || inspectorsPerSubject > MAX_INSPECTORS) {
            throw new IllegalArgumentException("group " + department + "/" + agency + ": inspectorsPerSubject must be "
                    + MIN_INSPECTORS + ".." + MAX_INSPECTORS);
        }
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        requiredQualifications = requiredQualifications == null ? Set.of() : Set.copyOf(requiredQualifications);
    }

    /** The key hashed into every tie-break of this group: {@code department + "/" + agency}. */
    public String key() {
        return department + "/" + agency;
    }

    /**
     * A subject to staff.
     *
     * @param code subject code (credit code or other identifier)
     * @param lastInspectors inspector ids who inspected it last time; they are not drawn again
     */
    public record GroupSubject(String code, Set<String> lastInspectors) {
        public GroupSubject {
            InspectorDraw.requireId("subject code", code);
            lastInspectors = lastInspectors == null ? Set.of() : Set.copyOf(lastInspectors);
        }

        public static GroupSubject of(String code) {
            return new GroupSubject(code, Set.of());
        }
    }
}
