package io.spotcheck.draw;

import io.spotcheck.department.Department;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups drawn subjects per participating department by that department's own station map:
 * every subject goes to the agency covering its jurisdiction, and subjects no agency of the
 * department covers are kept in a list of their own, never dropped.
 */
public final class Grouping {

    private Grouping() {}

    /** One department's groups: agency id → subjects, plus the uncovered ones. */
    public record DepartmentGroups(String department, Map<String, List<SubjectDrawAlgorithm.Selected>> byAgency,
                                   List<SubjectDrawAlgorithm.Selected> uncovered) {}

    public static DepartmentGroups group(Department department, List<SubjectDrawAlgorithm.Selected> subjects) {
        Map<String, List<SubjectDrawAlgorithm.Selected>> byAgency = new TreeMap<>();
        List<SubjectDrawAlgorithm.Selected> uncovered = new ArrayList<>();
        for (SubjectDrawAlgorithm.Selected s : subjects) {
            Department.Agency agency = department.agencyCovering(s.region());
            if (agency == null) {
                uncovered.add(s);
            } else {
                byAgency.computeIfAbsent(agency.id(), a -> new ArrayList<>()).add(s);
            }
        }
        return new DepartmentGroups(department.code(), new LinkedHashMap<>(byAgency), uncovered);
    }
}
