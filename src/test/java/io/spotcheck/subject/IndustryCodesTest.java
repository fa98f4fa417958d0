package io.spotcheck.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IndustryCodesTest {

    @Test
    void pathsListEveryAncestor() {
        assertThat(IndustryCodes.path("H6210")).containsExactly("H", "H62", "H621", "H6210");
        assertThat(IndustryCodes.path("H62")).containsExactly("H", "H62");
        assertThat(IndustryCodes.path("F")).containsExactly("F");
        assertThat(IndustryCodes.parent("H6210")).isEqualTo("H621");
        assertThat(IndustryCodes.parent("H62")).isEqualTo("H");
        assertThat(IndustryCodes.parent("H")).isNull();
        assertThat(IndustryCodes.level("H621")).isEqualTo(3);
    }

    @Test
    void onlyTheShapesOfGbt4754AreWellFormed() {
        for (String good : new String[] {"A", "H", "H62", "H621", "H6210", "T97"}) {
            assertThat(IndustryCodes.isWellFormed(good)).as(good).isTrue();
        }
        for (String bad : new String[] {"", "h62", "U", "X99", "H6", "H62101", "62", "H62.1", "H.*", null}) {
            assertThat(IndustryCodes.isWellFormed(bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThatThrownBy(() -> IndustryCodes.path("H.*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childrenPatternsMatchExactlyTheNextLevelDown() {
        Pattern sections = Pattern.compile(IndustryCodes.childrenPattern(null));
        assertThat(sections.matcher("H").matches()).isTrue();
        assertThat(sections.matcher("H62").matches()).isFalse();
        Pattern divisions = Pattern.compile(IndustryCodes.childrenPattern("H"));
        assertThat(divisions.matcher("H62").matches()).isTrue();
        assertThat(divisions.matcher("H621").matches()).isFalse();
        assertThat(divisions.matcher("F52").matches()).isFalse();
        Pattern groups = Pattern.compile(IndustryCodes.childrenPattern("H62"));
        assertThat(groups.matcher("H621").matches()).isTrue();
        assertThat(groups.matcher("H6210").matches()).isFalse();
        assertThat(Pattern.compile(IndustryCodes.childrenPattern("H621")).matcher("H6210").matches()).isTrue();
        assertThat(IndustryCodes.childrenPattern("H6210")).isNull();
    }

    @Test
    void theReferenceTableIsAConsistentHierarchy() {
        IndustryCatalog catalog = new IndustryCatalog();
        assertThat(catalog.label("H62")).isEqualTo("餐饮业");
        assertThat(catalog.label("F52")).isEqualTo("零售业");
        assertThat(catalog.label("C13")).isEqualTo("农副食品加工业");
        assertThat(catalog.label("C14")).isEqualTo("食品制造业");
        for (IndustryCatalog.Industry industry : catalog.all()) {
            assertThat(IndustryCodes.isWellFormed(industry.code())).as(industry.code()).isTrue();
            assertThat(industry.parent()).as(industry.code()).isEqualTo(IndustryCodes.parent(industry.code()));
            if (industry.parent() != null) {
                assertThat(catalog.label(industry.parent())).as("parent of " + industry.code()).isNotNull();
            }
        }
        assertThat(catalog.classes()).isNotEmpty().allSatisfy(i -> assertThat(i.code()).hasSize(5));
    }
}
