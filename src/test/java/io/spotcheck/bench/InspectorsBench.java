package io.spotcheck.bench;

import java.util.Locale;

/**
 * The inspector draw for 10,000 subjects × 3 departments (see {@link InspectorDrawBench}), in the
 * bench client's JVM: the algorithm is pure Java and needs no server. Target ≤ 2 s; there is no
 * external anchor, so the ratio is to the target.
 */
final class InspectorsBench implements BenchSection {

    @Override
    public String name() {
        return "inspectors";
    }

    @Override
    public void run(BenchContext bench) {
        InspectorDrawBench.Timing t = InspectorDrawBench.measure(10_000, 7);
        bench.report.add(new BenchReport.Row("inspectors", String.format(Locale.ROOT,
                        "inspector draw, 10,000 subjects × 3 departments, %d candidates, best of 7", t.candidates()),
                String.format(Locale.ROOT, "%.0f ms wall (%.0f ms CPU; first run %.0f ms)", t.bestWallMs(), t.bestCpuMs(), t.firstWallMs()),
                "target 2,000 ms", t.bestWallMs() / 2000, "≤ 2 s", t.bestWallMs() <= 2000, null));
        bench.report.note(String.format(Locale.ROOT, "inspectors: %d assignments staffed, %d unstaffed, digest %s", t.staffed(),
                t.unstaffed(), t.digest()));
    }
}
