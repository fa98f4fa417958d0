package io.spotcheck.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./spotcheck bench [--subjects N] [--only import,search,scope,draw,inspectors,...] [--reps R]}
 * (bench/run.sh starts the server and calls this). Each section measures its figures side by side
 * with their anchors in the same run and writes its own block of docs/BENCHMARKS.md, so running
 * one section leaves the others' last figures in place. The server's heap is watched throughout
 * and written as the {@code heap} block.
 */
public final class BenchMain {

    /** Every section in the order a full run takes them; the import loads the dataset the next ones read. */
    static final Map<String, BenchSection> SECTIONS = new LinkedHashMap<>();

    static {
        register(new ImportBench());
        register(new SearchBench());
        register(new ScopeBench());
        register(new DrawBench());
        register(new SnapshotBench());
        register(new InspectorsBench());
        // Extension points for work still to come: a section registered here replaces its placeholder.
        register(new ReviewBench());
        register(new StatsBench());
        register(new GrowthBench());
        register(new LoadBench());
    }

    static void register(BenchSection section) {
        SECTIONS.put(section.name(), section);
    }

    /** A section reserved for later work: says so in the output and writes no figures. */
    static BenchSection notYet(String name, String what) {
        return new BenchSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(BenchContext bench) {
                System.out.println("section " + name + " (" + what + ") is not implemented yet; no figures");
            }

            @Override
            public String toString() {
                return "placeholder";
            }
        };
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else {
                options.put(key, i + 1 < args.length ? args[++i] : "");
            }
        }
        String url = options.getOrDefault("url", "http://127.0.0.1:18181");
        String es = options.getOrDefault("es", "http://127.0.0.1:9200");
        List<String> esNodes = Arrays.stream(options.getOrDefault("es-nodes", es).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        long subjects = Long.parseLong(options.getOrDefault("subjects", "1000000").replace("_", "").replace(",", ""));
        int reps = Integer.parseInt(options.getOrDefault("reps", "3"));
        String jdbc = options.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/postgres");
        Path doc = Path.of(options.getOrDefault("doc", "docs/BENCHMARKS.md"));
        Path gcLog = Path.of(options.getOrDefault("gc-log", "bench/out/gc.log"));
        Path serverLog = Path.of(options.getOrDefault("server-log", "bench/out/server.log"));
        long serverPid = Long.parseLong(options.getOrDefault("server-pid", "-1"));
        BenchSupport.serverPid = serverPid;
        List<String> only = options.containsKey("only") ? Arrays.stream(options.get("only").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList() : List.copyOf(SECTIONS.keySet());
        for (String name : only) {
            if (!SECTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown section " + name + "; sections: " + SECTIONS.keySet());
            }
        }
        long maxHeap = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (maxHeap > 3200) {
            throw new IllegalStateException("run the bench client with at most -Xmx3g (it has " + maxHeap + " MB)");
        }

        BenchContext bench = new BenchContext(url, es, esNodes, jdbc, subjects, reps);
        int nodes = bench.es("GET", "/_cluster/health", null).path("number_of_nodes").asInt(1);
        // The default run (10^6 on one node) writes the sections' own blocks; other sizes and clusters write blocks beside them.
        String label = subjects == 1_000_000 && nodes == 1 ? null : BenchReport.label(subjects, nodes);
        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<String> failed = new ArrayList<>();
        try (BenchSupport.HeapSampler heap = new BenchSupport.HeapSampler(url, bench.adminToken)) {
            for (BenchSection section : SECTIONS.values()) {
                if (!only.contains(section.name())) {
                    continue;
                }
                if ("placeholder".equals(section.toString())) {
                    section.run(bench);
                    continue;
                }
                System.out.println("== " + section.name());
                bench.report = new BenchReport(section.perRun() ? label : null);
                double load0 = loadAverage();
                long t0 = System.nanoTime();
                try {
                    if (section.needsDataset()) {
                        bench.dataset().ensureLoaded();
                    }
                    section.run(bench);
                } catch (Exception | Error e) {
                    e.printStackTrace();
                    failed.add(section.name());
                    bench.report.note("**the section did not finish:** " + e);
                }
                bench.report.note(String.format(Locale.ROOT, "measured %s with --subjects %,d, %d repetitions, in %.0f s; load average %.1f at the start, %.1f at the end (2 cores)",
                        started, subjects, reps, (System.nanoTime() - t0) / 1e9, load0, loadAverage())
                        + (nodes > 1 ? String.format(Locale.ROOT, "; Elasticsearch cluster of %d nodes", nodes) : ""));
                bench.report.writeInto(doc, section.name());
            }
            bench.report = new BenchReport(label);
            heapFigure(bench, heap, gcLog, serverLog, serverPid, started);
            bench.report.writeInto(doc, "heap");
        }
        if (!failed.isEmpty()) {
            System.out.println("sections that did not finish: " + failed);
            System.exit(1);
        }
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * What a G1 log ({@code -Xlog:gc}) says of the heap: the largest heap before a collection, the
     * largest after one that freed what it could, and the largest live set a full collection left. A
     * young pause that ran out of to-space ("To-space exhausted") frees nothing by design and is
     * followed by a full collection; its "after" is the heap's fill, not what the server keeps.
     */
    public record GcSummary(int collections, long before, long after, long afterFull, int fullCollections, long capacity) {

        public static GcSummary of(List<String> lines) {
            long before = 0;
            long after = 0;
            long afterFull = 0;
            long capacity = 0;
            int collections = 0;
            int full = 0;
            java.util.Set<String> exhausted = new java.util.HashSet<>();
            Pattern id = Pattern.compile("GC\\((\\d+)\\)");
            for (String line : lines) {
                Matcher gc = id.matcher(line);
                String n = gc.find() ? gc.group(1) : "";
                if (line.contains("To-space exhausted")) {
                    exhausted.add(n);
                    continue;
                }
                Matcher m = GC_LINE.matcher(line);
                if (m.find() && line.contains("Pause")) {
                    collections++;
                    long heapAfter = Long.parseLong(m.group(2));
                    before = Math.max(before, Long.parseLong(m.group(1)));
                    capacity = Math.max(capacity, Long.parseLong(m.group(3)));
                    if (line.contains("Pause Full")) {
                        full++;
                        afterFull = Math.max(afterFull, heapAfter);
                    }
                    if (!exhausted.contains(n) && !line.contains("Pause Remark") && !line.contains("Pause Cleanup")) {
                        after = Math.max(after, heapAfter);
                    }
                }
            }
            return new GcSummary(collections, before, after, afterFull, full, capacity);
        }
    }

    /** The server's heap: sampled maximum, and from the GC log the largest heap before/after a collection and the capacity. */
    static void heapFigure(BenchContext bench, BenchSupport.HeapSampler heap, Path gcLog, Path serverLog, long serverPid, String started)
            throws Exception {
        GcSummary gc = GcSummary.of(Files.exists(gcLog) ? Files.readAllLines(gcLog, StandardCharsets.UTF_8) : List.of());
        long before = gc.before();
        long after = gc.after();
        boolean oom = Files.exists(serverLog) && Files.readString(serverLog, StandardCharsets.UTF_8).contains("OutOfMemoryError");
        boolean alive = serverPid < 0 || ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
        long used = Math.max(heap.maxUsedMb(), before);
        bench.report.add(new BenchReport.Row("heap", "server heap, whole run (-Xmx512m)",
                String.format(Locale.ROOT, "max used %d MB; largest heap after a collection %d MB", used, after)
                        + (gc.fullCollections() > 0 ? String.format(Locale.ROOT, ", after a full one %d MB", gc.afterFull()) : ""),
                String.format(Locale.ROOT, "cap %d MB (JVM reports %d MB)", 512, heap.heapMaxMb()), used / 512.0,
                "≤ 512 MB, no OOM", used <= 512 && !oom && alive, oom ? "OutOfMemoryError in the server log" : alive ? null : "server died"));
        bench.report.note(String.format(Locale.ROOT, "heap: %d collections in the GC log (%s), "
                + "largest heap before a collection %d MB, after one (those that ran out of to-space left out) %d MB, "
                + "committed at most %d MB; sampled used heap at most %d MB (actuator every 2 s); OutOfMemoryError: %s; server alive at the end: %s; run of %s",
                gc.collections(), gc.fullCollections() == 0 ? "none full"
                        : String.format(Locale.ROOT, "%d full, the largest live set one left %d MB", gc.fullCollections(), gc.afterFull()),
                before, after, gc.capacity(), heap.maxUsedMb(), oom ? "yes" : "none", alive ? "yes" : "no", started));
    }
}
