package io.spotcheck.devtoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.inspector.Inspector;
import io.spotcheck.inspector.seed.SeededInspectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;

class DevTokenCommandTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    @Test
    void anInspectorTokenNamesARealDrawableSeededInspectorOfTheAgency() {
        DevTokens.Spec spec = DevTokenCommand.spec(List.of(Role.INSPECTOR), "SCJG", "SCJG-S01", null, TODAY);
        assertThat(spec.subject()).isNotEqualTo("dev-inspector").startsWith("SCJG-S01-");
        Inspector seeded = SeededInspectors.byId(spec.subject(), TODAY).orElseThrow();
        assertThat(seeded.agency()).isEqualTo("SCJG-S01");
        assertThat(SeededInspectors.drawableOn(seeded, TODAY)).isTrue();
        assertThat(spec.name()).isEqualTo(seeded.name());
        assertThat(spec.roles()).containsExactly(Role.INSPECTOR);
    }

    @Test
    void aNamedInspectorMustBeSeededInThatAgency() {
        assertThat(DevTokenCommand.spec(List.of(Role.INSPECTOR), "SCJG", "SCJG-S01", "SCJG-S01-007", TODAY).subject()).isEqualTo("SCJG-S01-007");
        assertThatThrownBy(() -> DevTokenCommand.spec(List.of(Role.INSPECTOR), "SCJG", "SCJG-S01", "SCJG-S02-001", TODAY))
                .hasMessageContaining("SCJG-S02");
        assertThatThrownBy(() -> DevTokenCommand.spec(List.of(Role.INSPECTOR), "SCJG", "SCJG-S01", "dev-inspector", TODAY))
                .hasMessageContaining("not a seeded inspector");
        assertThatThrownBy(() -> DevTokenCommand.spec(List.of(Role.INSPECTOR), "SCJG", null, null, TODAY))
                .hasMessageContaining("INSPECTOR DEPT AGENCY");
        // other roles keep their descriptive subject
        assertThat(DevTokenCommand.spec(List.of(Role.DEPT_ADMIN), "WSJK", "WSJK-BUREAU", null, TODAY).subject()).isEqualTo("dev-dept_admin");
    }

    @Test
    void theReadmeTokenTableHasEveryDemoTokenAndOneForEveryRole() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String key = DevTokenCommand.devSigningKey();
        for (DevTokens.Spec spec : DevTokenCommand.DEMO) {
            assertThat(readme).as("README token of " + spec.subject()).contains("| `" + spec.subject() + "` |")
                    .contains(DevTokens.mint(key, spec));
        }
        assertThat(DevTokenCommand.DEMO.stream().flatMap(s -> s.roles().stream()).distinct()).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void theReadyMadeInspectorTokensDoNotDependOnTheDay() {
        for (LocalDate day : List.of(LocalDate.of(2026, 1, 2), TODAY, LocalDate.of(2027, 6, 30))) {
            assertThat(DevTokenCommand.spec(List.of(Role.INSPECTOR), "SCJG", "SCJG-S01", null, day).subject()).isEqualTo("SCJG-S01-010");
            assertThat(DevTokenCommand.spec(List.of(Role.INSPECTOR), "WSJK", "WSJK-S01", null, day).subject()).isEqualTo("WSJK-S01-011");
        }
    }
}
