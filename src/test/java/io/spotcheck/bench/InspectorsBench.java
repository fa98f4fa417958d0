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
        InspectorDrawBench.Result t = InspectorDrawBench.run(10_000, 7);
        bench.report.add(new BenchReport.Row("inspectors", String.format(Locale.ROOT,
                        "inspector draw, 10,000 subjects × 3 departments, %d candidates, best of 7", t.candidates()),
                String.format(Locale.ROOT, "%.0f ms wall (%.0f ms CPU; first run %.0f ms)", t.bestMillis(), t.bestCpuMillis(), t.firstMillis()),
                "target 2,000 ms", t.bestMillis() / 2000, "≤ 2 s", t.bestMillis() <= 2000, null));
        bench.report.note(String.format(Locale.ROOT, "inspectors: %d subjects staffed, %d unstaffed (the same plan and draw code "
                + "as the drawInspectors mutation, one call per department)", t.staffed(), t.unstaffed()));
    }
}
