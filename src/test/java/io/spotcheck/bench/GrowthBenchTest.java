package io.spotcheck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrowthBenchTest {

    @Test
    void linearGrowthIsAFactorOfTenPerTenfoldWhateverTheStep() {
        assertThat(GrowthBench.perTenfold(10_000, 100, 100_000, 1_000)).isCloseTo(10, within(1e-9));
        assertThat(GrowthBench.perTenfold(10_000, 100, 1_000_000, 10_000)).isCloseTo(10, within(1e-9));
    }

    @Test
    void squareRootGrowthOverTwoDecadesIsAboutThreePointOnePerTenfold() {
        assertThat(GrowthBench.perTenfold(10_000, 100, 1_000_000, 1_000)).isCloseTo(Math.sqrt(10), within(1e-9));
    }

    @Test
    void aTimeThatFallsGivesAFactorBelowOne() {
        assertThat(GrowthBench.perTenfold(100_000, 200, 1_000_000, 100)).isCloseTo(0.5, within(1e-9));
    }
}
