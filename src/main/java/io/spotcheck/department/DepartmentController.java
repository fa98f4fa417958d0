package io.spotcheck.department;

import io.spotcheck.security.Caller;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Departments, agencies and jurisdictions: public reference data, read in batches. */
@Controller
class DepartmentController {

    private final DepartmentDirectory directory;

    DepartmentController(DepartmentDirectory directory) {
        this.directory = directory;
    }

    /** Who regulates where is published information, so every caller, the public included, may read it. */
    @QueryMapping
    List<Department> departments(Caller caller) {
        return directory.allDepartments();
    }

    /** Published like the departments: every caller may read it. */
    @QueryMapping
    List<Jurisdiction> jurisdictions(Caller caller) {
        return directory.allJurisdictions();
    }

    @SchemaMapping(typeName = "Agency", field = "departmentCode")
    String departmentCode(Department.Agency agency) {
        return agency.department();
    }

    @BatchMapping(typeName = "Agency", field = "department")
    Map<Department.Agency, Department> department(List<Department.Agency> agencies) {
        Map<String, Department> found = directory.departments(agencies.stream().map(Department.Agency::department).toList());
        Map<Department.Agency, Department> result = new LinkedHashMap<>();
        agencies.forEach(a -> {
            Department d = found.get(a.department());
            if (d != null) {
                result.put(a, d);
            }
        });
        return result;
    }

    @BatchMapping(typeName = "Agency", field = "jurisdictions")
    Map<Department.Agency, List<Jurisdiction>> jurisdictions(List<Department.Agency> agencies) {
        Set<String> codes = new HashSet<>();
        agencies.forEach(a -> {
            if (a.jurisdictions() != null) {
                codes.addAll(a.jurisdictions());
            }
        });
        Map<String, Jurisdiction> found = directory.jurisdictions(codes);
        Map<Department.Agency, List<Jurisdiction>> result = new LinkedHashMap<>();
        agencies.forEach(a -> result.put(a, a.jurisdictions() == null ? List.of()
                : a.jurisdictions().stream().map(found::get).filter(java.util.Objects::nonNull).toList()));
        return result;
    }
}
