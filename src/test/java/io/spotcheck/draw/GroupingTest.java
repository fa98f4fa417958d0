package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.department.Department;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupingTest {

    static SubjectDrawAlgorithm.Selected subject(String code, String region) {
        return new SubjectDrawAlgorithm.Selected(code, "A", region, "ORGANISATION", "00", "STRATUM");
    }

    @Test
    void eachSubjectGoesToTheAgencyCoveringItsJurisdictionAndUncoveredOnesAreKept() {
        Department health = new Department("WSJK", "卫健", "卫健", List.of(
                new Department.Agency("WSJK-BUREAU", "WSJK", "局本级", "BUREAU", List.of()),
                new Department.Agency("WSJK-S01", "WSJK", "一所", "STATION", List.of("330109001", "330109002")),
                new Department.Agency("WSJK-S02", "WSJK", "二所", "STATION", List.of("330109003"))));
        List<SubjectDrawAlgorithm.Selected> drawn = List.of(subject("C1", "330109001"), subject("C2", "330109003"),
                subject("C3", "330109002"), subject("C4", "330109023"), subject("C5", ""));
        Grouping.DepartmentGroups groups = Grouping.group(health, drawn);
        assertThat(groups.byAgency().keySet()).containsExactly("WSJK-S01", "WSJK-S02");
        assertThat(groups.byAgency().get("WSJK-S01")).extracting(SubjectDrawAlgorithm.Selected::code).containsExactly("C1", "C3");
        assertThat(groups.byAgency().get("WSJK-S02")).extracting(SubjectDrawAlgorithm.Selected::code).containsExactly("C2");
        assertThat(groups.uncovered()).extracting(SubjectDrawAlgorithm.Selected::code).containsExactly("C4", "C5");
    }

    @Test
    void naturalPersonsAreMaskedForThePublic() {
        assertThat(DrawRecord.mask("330109198001011234")).isEqualTo("330109********1234");
        assertThat(DrawRecord.mask("12345")).isEqualTo("*****");
    }
}
