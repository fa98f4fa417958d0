package io.spotcheck.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a rejected line of an imported list is quoted in the report (docs/REVIEW-STATS.md). */
class ImportedListQuotingTest {

    final Caller masked = new Caller("k", "k", "SCJG", null, Set.of(Role.AUTOMATION), Set.of("scopes:write"));
    final Caller operator = new Caller("op", "op", "SCJG", "SCJG-BUREAU", Set.of(Role.DEPT_OPERATOR), Set.of());

    @Test
    void aCallerWhoSeesPersonsMaskedReadsOnlyTheFirstCellWithResidentIdNumbersMasked() {
        assertThat(ScopeJobs.quoted(masked, "330106 19900101 123X,欧阳震华,杭州市萧山区某路1号")).isEqualTo("330106 ******** 123X");
        assertThat(ScopeJobs.quoted(masked, " 330106-900101-123\t欧阳震华")).isEqualTo("330106-******-123");
        assertThat(ScopeJobs.quoted(masked, "9133 0100 MA2A,某公司")).isEqualTo("9133 0100 MA2A");
    }

    @Test
    void aCallerWhoSeesPersonsReadsTheLineCutAtEightyCharacters() {
        assertThat(ScopeJobs.quoted(operator, "330106 19900101 123X,欧阳震华")).isEqualTo("330106 19900101 123X,欧阳震华");
        assertThat(ScopeJobs.quoted(operator, "x".repeat(100))).isEqualTo("x".repeat(80) + "…");
    }
}
