package io.spotcheck.bench;

import io.spotcheck.subject.seed.SubjectGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bulk import: N generated subjects streamed through {@code POST /api/subjects/import} into the
 * (emptied) bench directory, against raw {@code _bulk} of the same documents into a scratch index
 * with the same mapping (1,000 actions a request, two in flight — what the server's ingester
 * does). Slice by slice, alternating which goes first; each side refreshes at the end of a slice,
 * as the server's import does at the end of a request. The whole import is repeated {@code --reps}
 * times into both indices emptied again, and the row pools the repetitions (subjects over summed
 * time): one import's ratio moves by several hundredths with where merges happen to fall. Target:
 * ours ≥ 0.8 × raw. This section (re)loads the dataset the other sections use.
 */
final class ImportBench implements BenchSection {

    static final String SCRATCH = BenchContext.PREFIX + "scratch-subjects";

    @Override
    public String name() {
        return "import";
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        BenchDataset data = bench.dataset();
        String subjects = bench.alias("subjects");
        data.clearMark();
        data.recreate(subjects);
        data.cloneShape(subjects, SCRATCH);
        try {
            // Warm-up on other subjects (seed 7), slices of 10,000 through both sides until the server's
            // JIT compilers are quiet: a fresh server's C2 took 10, 7 and 3 s of CPU during the first
            // three slices of 100,000 (2026-12-02) — CPU taken from Elasticsearch on 2 cores, which a
            // long-running server has long stopped paying. Both indices are then emptied again.
            SubjectGenerator warmSource = SubjectGenerator.forDistrict(7, 5_000_000);
            BenchDataset.Slice[] warm = new BenchDataset.Slice[1];
            long[] warmed = new long[1];
            BenchSupport.warmUp(30, 4, () -> {
                warm[0] = BenchDataset.Slice.next(warmSource, 10_000, SCRATCH);
                warmed[0] += warm[0].codes().size();
                return data.importThroughServer(warm[0].importBody());
            }, () -> {
                rawBulk(bench, warm[0]);
                return null;
            });
            System.out.printf(Locale.ROOT, "import warm-up: %,d subjects through each side%n", warmed[0]);
            data.recreate(subjects);
            data.cloneShape(subjects, SCRATCH);

            int sliceSize = (int) Math.max(10_000, Math.min(100_000, bench.subjects / 10));
            int reps = Math.max(1, bench.reps);
            double oursMs = 0;
            double rawMs = 0;
            long accepted = 0;
            long bytes = 0;
            long sent = 0;
            long stored = 0;
            long scratch = 0;
            int slices = 0;
            List<String> perSlice = new ArrayList<>();
            List<String> perRep = new ArrayList<>();
            IndexWork oursWork = IndexWork.NONE;
            IndexWork rawWork = IndexWork.NONE;
            java.util.Map<String, Long> pids = BenchSupport.cpuProcesses();
            java.util.Map<String, Double> oursCpu = new java.util.LinkedHashMap<>();
            java.util.Map<String, Double> rawCpu = new java.util.LinkedHashMap<>();
            for (int rep = 0; rep < reps; rep++) {
                if (rep > 0) {
                    // every repetition imports the same directory into both indices emptied again
                    data.recreate(subjects);
                    data.cloneShape(subjects, SCRATCH);
                }
                SubjectGenerator generator = SubjectGenerator.forDistrict(BenchDataset.SEED, bench.subjects);
                double repOurs = 0;
                double repRaw = 0;
                long repAccepted = 0;
                long repSent = 0;
                int i = 0;
                while (generator.hasNext()) {
                    BenchDataset.Slice slice = BenchDataset.Slice.next(generator, sliceSize, SCRATCH);
                    if (rep == 0) {
                        bytes += slice.importBody().length;
                    }
                    repSent += slice.codes().size();
                    long[] got = new long[1];
                    BenchSupport.ThrowingRunnable ours = () -> got[0] = data.importThroughServer(slice.importBody()).path("accepted").asLong();
                    BenchSupport.ThrowingRunnable raw = () -> rawBulk(bench, slice);
                    double o;
                    double r;
                    if (i % 2 == 0) {
                        o = timedWithCpu(ours, pids, oursCpu);
                        r = timedWithCpu(raw, pids, rawCpu);
                    } else {
                        r = timedWithCpu(raw, pids, rawCpu);
                        o = timedWithCpu(ours, pids, oursCpu);
                    }
                    repAccepted += got[0];
                    repOurs += o;
                    repRaw += r;
                    perSlice.add(String.format(Locale.ROOT, "%.0f/%.0f", slice.codes().size() / (o / 1000), slice.codes().size() / (r / 1000)));
                    System.out.printf(Locale.ROOT, "import %d/%d slice %d: %d subjects, ours %.1f s, raw %.1f s%n", rep + 1, reps, i,
                            slice.codes().size(), o / 1000, r / 1000);
                    i++;
                }
                slices += i;
                stored = data.count();
                scratch = bench.es("GET", "/" + SCRATCH + "/_count", null).path("count").asLong();
                oursWork = oursWork.plus(IndexWork.of(bench, subjects));
                rawWork = rawWork.plus(IndexWork.of(bench, SCRATCH));
                perRep.add(String.format(Locale.ROOT, "%.2f (%,.0f/%,.0f subjects/s)", (repAccepted / repOurs) / (repSent / repRaw),
                        repAccepted / (repOurs / 1000), repSent / (repRaw / 1000)));
                accepted += repAccepted;
                sent += repSent;
                oursMs += repOurs;
                rawMs += repRaw;
                if (repAccepted != repSent || stored != scratch) {
                    break; // an incomplete import is reported as such below
                }
            }
            data.markLoaded(stored);
            double ours = accepted / (oursMs / 1000);
            // Both sides are sent every line; at 10^7 the generator repeats a few codes, which both store once.
            double raw = sent / (rawMs / 1000);
            boolean complete = accepted == sent && stored == scratch;
            double ratio = ours / raw;
            bench.report.add(new BenchReport.Row("import", String.format(Locale.ROOT, "bulk import of %,d subjects (NDJSON, %d MB)%s",
                    bench.subjects, bytes / (1024 * 1024), perRep.size() == 1 ? "" : String.format(Locale.ROOT, ", %d imports pooled", perRep.size())),
                    String.format(Locale.ROOT, "%,.0f subjects/s (%.0f s)", ours, oursMs / 1000),
                    String.format(Locale.ROOT, "raw _bulk %,.0f subjects/s (%.0f s)", raw, rawMs / 1000), ratio, "≥ 0.80 × raw",
                    ratio >= 0.80 && complete, complete ? null : "accepted " + accepted + " of " + sent + " lines, stored " + stored
                            + " where raw stored " + scratch));
            if (perRep.size() > 1) {
                bench.report.note("import: ratio of each import (ours/raw subjects/s), in order: " + String.join("; ", perRep)
                        + "; the row pools them (subjects over summed time)");
            }
            bench.report.note("import: Elasticsearch's own work on each side's index (primaries, summed over the imports): ours " + oursWork
                    + "; raw " + rawWork);
            bench.report.note("import: CPU by process over each side's slices (from /proc): ours " + BenchSupport.cpuText(oursCpu, oursMs / 1000, accepted, 1e6, "µs a subject")
                    + "; raw " + BenchSupport.cpuText(rawCpu, rawMs / 1000, sent, 1e6, "µs a subject"));
            bench.report.note(String.format(Locale.ROOT, "import: %d slices of %,d, ours/raw subjects/s per slice: %s; accepted %,d, stored %,d, "
                    + "raw stored %,d; refused %,d (the server's answer lists each with its field errors)",
                    slices, sliceSize, String.join(", ", perSlice), accepted, stored, scratch, sent - accepted));
        } finally {
            bench.es("DELETE", "/" + SCRATCH, null);
        }
    }

    /** Indexing time, refreshes and merges of an index's primaries, as Elasticsearch counts them. */
    record IndexWork(long docs, double indexMs, long refreshes, double refreshMs, long merges, double mergeMs) {

        static final IndexWork NONE = new IndexWork(0, 0, 0, 0, 0, 0);

        static IndexWork of(BenchContext bench, String index) throws Exception {
            var p = bench.es("GET", "/" + index + "/_stats/indexing,refresh,merge", null).path("_all").path("primaries");
            return new IndexWork(p.path("indexing").path("index_total").asLong(), p.path("indexing").path("index_time_in_millis").asDouble(),
                    p.path("refresh").path("total").asLong(), p.path("refresh").path("total_time_in_millis").asDouble(),
                    p.path("merges").path("total").asLong(), p.path("merges").path("total_time_in_millis").asDouble());
        }

        IndexWork plus(IndexWork o) {
            return new IndexWork(docs + o.docs, indexMs + o.indexMs, refreshes + o.refreshes, refreshMs + o.refreshMs, merges + o.merges,
                    mergeMs + o.mergeMs);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d documents indexed in %.1f µs each, %d refreshes (%.1f s), %d merges (%.1f s)", docs,
                    docs == 0 ? 0 : indexMs * 1000 / docs, refreshes, refreshMs / 1000, merges, mergeMs / 1000);
        }
    }

    /** Times {@code work} and adds the CPU seconds each process used meanwhile to {@code cpu}. */
    static double timedWithCpu(BenchSupport.ThrowingRunnable work, java.util.Map<String, Long> pids, java.util.Map<String, Double> cpu)
            throws Exception {
        java.util.Map<String, Long> before = BenchSupport.cpuTicks(pids);
        double ms = BenchSupport.timeMillis(work);
        BenchSupport.addCpuSince(pids, before, cpu);
        return ms;
    }

    /**
     * The anchor: the slice's _bulk bodies, two requests in flight, each to the next node of the cluster
     * in turn (the server's client spreads its requests over every node the same way), then a refresh.
     */
    static void rawBulk(BenchContext bench, BenchDataset.Slice slice) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int sent = 0;
            for (byte[] body : slice.bulkBodies()) {
                String node = bench.esNodes.get(sent++ % bench.esNodes.size());
                futures.add(pool.submit(() -> {
                    var response = BenchSupport.esBytes(node, "/_bulk", body);
                    if (response.path("errors").asBoolean()) {
                        throw new IllegalStateException("raw bulk had errors");
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        bench.es("POST", "/" + SCRATCH + "/_refresh", null);
    }
}
