package io.spotcheck.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A page of 100 inspectors resolves departments and agencies with one batch lookup each. */
class InspectorBatchLoadingTest {

    @Test
    void departmentsAndAgenciesOfAPageAreLoadedInOneBatchEach() {
        DepartmentDirectory departments = mock(DepartmentDirectory.class);
        Department.Agency s01 = new Department.Agency("SCJG-S01", "SCJG", "城厢市场监管所", "STATION", List.of());
        Department.Agency s02 = new Department.Agency("SCJG-S02", "SCJG", "北干市场监管所", "STATION", List.of());
        Department scjg = new Department("SCJG", "市场监管局", "市场监管局", List.of(s01, s02));
        when(departments.departments(anyCollection())).thenReturn(Map.of("SCJG", scjg));
        when(departments.agencies(anyCollection())).thenReturn(Map.of("SCJG-S01", s01, "SCJG-S02", s02));
        InspectorController controller = new InspectorController(mock(InspectorDirectory.class), departments, mock(AuditLog.class), "k");

        Caller caller = new Caller("u", "u", "SCJG", null, Set.of(Role.DEPT_OPERATOR), Set.of());
        List<InspectorView> page = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            Inspector i = new Inspector("I" + n, "张" + n, "SCJG", n % 2 == 0 ? "SCJG-S01" : "SCJG-S02", null, null, null,
                    List.of(), "ACTIVE", null, List.of(), null, Instant.now());
            page.add(InspectorView.of(i, caller, LocalDate.now()));
        }
        Map<InspectorView, Department> byDepartment = controller.department(page);
        Map<InspectorView, Department.Agency> byAgency = controller.agency(page);

        assertThat(byDepartment).hasSize(100).containsValue(scjg);
        assertThat(byAgency.get(page.get(1))).isEqualTo(s02);
        verify(departments, times(1)).departments(anyCollection());
        verify(departments, times(1)).agencies(anyCollection());
    }
}
