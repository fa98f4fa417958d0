package io.spotcheck.publicpage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.system.SpotcheckException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicTaskSearchTest {

    @Test
    void aStoredDrawSelectsAnOrganisationOnlyByAnOrganisationLine() {
        PublicTaskSearch search = new PublicTaskSearch(null, null, null, new io.spotcheck.draw.DrawStore(null, null, null, null));
        Map<String, Object> stored = Map.of("selectedLines",
                "91330109MA2AAAAA1X\tA\t330109001\tORGANISATION\tSTRATUM\n330109198001011234\tD\t330109002\tNATURAL_PERSON\tSTRATUM\tNP0f3c9a71d2b84e6f95a0c1d7e3b2a468\n");
        assertThat(search.selectsOrganisation(stored, Set.of("91330109MA2AAAAA1X"))).isTrue();
        assertThat(search.selectsOrganisation(stored, Set.of("330109198001011234"))).as("a person's ID number never matches").isFalse();
        assertThat(search.selectsOrganisation(stored, Set.of("91330109MA2AAAAB2X"))).isFalse();
        Map<String, Object> older = Map.of("selected", List.of(Map.of("code", "91330109MA2AAAAA1X", "kind", "ORGANISATION")));
        assertThat(search.selectsOrganisation(older, Set.of("91330109MA2AAAAA1X"))).isTrue();
    }

    @Test
    void aFilterWithItsPeriodReversedOrAnOverlongOrganisationIsRefused() {
        assertThatThrownBy(() -> new PublicTaskFilter(null, null, LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1), null).validate())
                .isInstanceOf(SpotcheckException.class);
        assertThatThrownBy(() -> new PublicTaskFilter(null, null, null, null, "x".repeat(101)).validate())
                .isInstanceOf(SpotcheckException.class);
        new PublicTaskFilter("SCJG", "SCJG-002", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), " 91330109MA2AAAAA1X ").validate();
        assertThat(new PublicTaskFilter(null, null, null, null, "  ").organisationText()).isNull();
    }
}
