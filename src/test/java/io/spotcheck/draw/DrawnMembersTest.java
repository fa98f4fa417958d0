package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.draw.SubjectDrawAlgorithm.Mode;
import io.spotcheck.draw.SubjectDrawAlgorithm.Result;
import io.spotcheck.draw.SubjectDrawAlgorithm.Selected;
import io.spotcheck.draw.SubjectDrawAlgorithm.Spec;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DrawnMembersTest {

    @Test
    void everyEligibleMemberIsToldDrawnExactlyWhenTheDrawSelectedIt() {
        List<DrawMember> members = SubjectDrawAlgorithmTest.population(20_000, 7);
        Map<String, String> external = new HashMap<>();
        for (int i = 0; i < members.size(); i += 41) {
            external.put(members.get(i).code(), "IN_OPEN_TASK");
        }
        int checked = 0;
        for (Mode mode : Mode.values()) {
            for (int min : new int[] {0, 750}) {
                Spec spec = new Spec(Sha256.hexOf("drawn-" + mode + min), mode, Map.of("A", 300, "B", 800, "C", 2500, "D", 10000,
                        "UNRATED", 600), mode == Mode.COUNT ? 900 : 0, min, SubjectDrawAlgorithmTest.GONE, external);
                try (Result result = SubjectDrawAlgorithm.draw(members, spec)) {
                    Set<String> selected = result.selected().stream().map(Selected::key).collect(Collectors.toSet());
                    if (min > 0) {
                        assertThat(result.selected()).as("the minimum tops some jurisdiction up")
                                .anyMatch(s -> s.reason().equals(Substitute.BASIS_JURISDICTION));
                    }
                    DrawnMembers drawn = new DrawnMembers(result.selected(), Set.of());
                    SubjectDrawAlgorithm.Ranker ranker = new SubjectDrawAlgorithm.Ranker(spec.seed());
                    for (DrawMember m : members) {
                        if (SubjectDrawAlgorithm.exclusionReason(m, spec) != null) {
                            continue;
                        }
                        assertThat(drawn.contains(m, ranker.rank(m.code()))).as(mode + " min " + min + " " + m)
                                .isEqualTo(selected.contains(m.code()));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(60_000);
    }

    @Test
    void onlyTheKeysAskedForAreKeptWithTheirBasis() {
        List<DrawMember> members = SubjectDrawAlgorithmTest.population(5_000, 3);
        Spec spec = new Spec(Sha256.hexOf("kept"), Mode.RATIO, Map.of("A", 1000, "B", 1000, "C", 1000, "D", 1000, "UNRATED", 1000),
                0, 120, SubjectDrawAlgorithmTest.GONE, Map.of());
        try (Result result = SubjectDrawAlgorithm.draw(members, spec)) {
            Selected byStratum = result.selected().stream().filter(s -> s.reason().equals("STRATUM")).findFirst().orElseThrow();
            Selected topUp = result.selected().stream().filter(s -> s.reason().equals(Substitute.BASIS_JURISDICTION)).findFirst().orElseThrow();
            Selected other = result.selected().stream().filter(s -> s != byStratum && s != topUp).findFirst().orElseThrow();

            DrawnMembers drawn = new DrawnMembers(result.selected(), Set.of(byStratum.key(), topUp.key(), "not-drawn"));

            assertThat(drawn.get(byStratum.key())).isEqualTo(byStratum);
            assertThat(DrawnMembers.basisOf(drawn.get(byStratum.key()))).containsExactly(Substitute.BASIS_STRATUM, byStratum.stratum());
            assertThat(DrawnMembers.basisOf(drawn.get(topUp.key()))).containsExactly(Substitute.BASIS_JURISDICTION, topUp.region());
            assertThat(drawn.get(other.key())).isNull();
            assertThat(drawn.get("not-drawn")).isNull();
        }
    }
}
