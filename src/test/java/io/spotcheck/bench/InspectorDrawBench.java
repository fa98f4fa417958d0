package io.spotcheck.bench;

import io.spotcheck.draw.DrawStore;
import io.spotcheck.draw.InspectorDrawPlanner;
import io.spotcheck.inspector.Inspector;
import io.spotcheck.draw.DrawResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Issue 4's figure: inspector draw for 10,000 subjects × 3 departments (target ≤ 2 s). Not a test;
 * run with {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.spotcheck.bench.InspectorDrawBench [subjects] [rounds]}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 *
 * <p>It runs the mutation's own code path from the data as stored: directory entries
 * ({@link Inspector}, with recusals and this year's workload) and grouped assignments
 * ({@link DrawStore.Assignment}) go through {@link InspectorDrawPlanner#plan} (candidate snapshots via
 * InspectorCandidates, groups per agency, candidate digest) and {@link InspectorDrawPlanner#draw},
 * one call per department exactly as {@code drawInspectors} does. Not included: the Elasticsearch
 * reads that load those entries (one search per department for its inspectors, a point-in-time walk
 * over its assignments and one over earlier assignments for "inspected last time") and the writes.
 * Departments as in the seeds: SCJG with 8 stations of ~30, WSJK with 3 of ~14, XFJY with 4 of ~12.
 */
public final class InspectorDrawBench {

    record Department(String code, int stations, int perStation, String qualification, List<Inspector> inspectors,
                      List<DrawStore.Assignment> assignments, Map<String, Set<String>> lastInspectors) {}

    /** Best wall and CPU time of {@code rounds} draws, and the first (cold) one, in milliseconds; digest joins the departments' digests. */
    public record Timing(double bestWallMs, double bestCpuMs, double firstWallMs, int candidates, int staffed, int unstaffed,
                         String digest) {}

    public static void main(String[] args) {
        int subjects = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Timing t = measure(subjects, rounds);
        System.out.printf("inspector draw, %d subjects x %d departments, %d candidates: best of %d %.1f ms wall (%.1f ms CPU; target <= 2000 ms), "
                        + "first %.1f ms; %d staffed, %d unstaffed, digest %s%n",
                subjects, 3, t.candidates(), rounds, t.bestWallMs(), t.bestCpuMs(), t.firstWallMs(), t.staffed(), t.unstaffed(), t.digest());
    }

    /** Builds the data once, then times plan + draw of the three departments {@code rounds} times (the drawInspectors path). */
    public static Timing measure(int subjects, int rounds) {
        LocalDate from = LocalDate.of(2026, 6, 1);
        LocalDate to = LocalDate.of(2026, 6, 30);
        int year = 2026;
        SplittableRandom random = new SplittableRandom(42);
        OffsetDateTime at = OffsetDateTime.of(2026, 5, 20, 8, 0, 0, 0, ZoneOffset.UTC);
        List<Department> departments = new ArrayList<>();
        String[][] specs = {{"SCJG", "8", "30", "FOOD_SAFETY"}, {"WSJK", "3", "14", "HEALTH"}, {"XFJY", "4", "12", "FIRE"}};
        int candidates = 0;
        for (String[] d : specs) {
            int stations = Integer.parseInt(d[1]);
            int perStation = Integer.parseInt(d[2]);
            List<Inspector> inspectors = new ArrayList<>();
            for (int s = 0; s < stations; s++) {
                String agency = d[0] + "-S0" + (s + 1);
                for (int i = 0; i < perStation; i++) {
                    String status = random.nextInt(100) < 6 ? "ON_LEAVE" : "ACTIVE";
                    LocalDate until = random.nextInt(100) < 8 ? from.plusDays(10) : LocalDate.of(2029, 1, 1);
                    List<Inspector.Recusal> recusals = random.nextInt(100) < 10
                            ? List.of(new Inspector.Recusal(code(random.nextInt(subjects)), "亲属关系", Instant.EPOCH, "bench")) : List.of();
                    Inspector.Workload load = new Inspector.Workload(year, random.nextInt(12), 0, null, List.of(), List.of());
                    inspectors.add(new Inspector(agency + "-" + i, "检查员" + i, d[0], agency, "浙执" + agency + i, LocalDate.of(2022, 1, 1), until,
                            List.of(d[3]), status, null, recusals, load, Instant.EPOCH));
                }
            }
            candidates += inspectors.size();
            List<DrawStore.Assignment> assignments = new ArrayList<>();
            Map<String, Set<String>> last = new HashMap<>();
            for (int n = 0; n < subjects; n++) {
                String agency = d[0] + "-S0" + (n % stations + 1);
                assignments.add(DrawStore.Assignment.grouped("T-BENCH", d[0], agency, code(n), "330109001", "B", "ASSIGNED", at));
                if (random.nextInt(100) < 30) {
                    last.put(code(n), Set.of(agency + "-" + random.nextInt(perStation)));
                }
            }
            departments.add(new Department(d[0], stations, perStation, d[3], inspectors, assignments, last));
        }
        Map<String, String> kinds = Map.of();
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        double first = 0;
        int staffed = 0;
        int unstaffed = 0;
        StringBuilder digest = new StringBuilder();
        // Wall time suffers when the machine is shared; the draw thread's CPU time says what the draw itself costs.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        System.out.printf("load average at start: %.2f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            staffed = 0;
            unstaffed = 0;
            digest.setLength(0);
            for (Department d : departments) {
                InspectorDrawPlanner.Plan plan = InspectorDrawPlanner.plan(d.code(), d.assignments(), d.inspectors(), d.lastInspectors(), kinds,
                        Set.of(d.qualification()), from, to, 2, year);
                String seed = io.spotcheck.draw.InspectorDrawSeed.forDepartment(
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "T-BENCH", d.code(), null);
                DrawResult result = InspectorDrawPlanner.draw(seed, plan);
                staffed += InspectorDrawPlanner.picks(result, plan.candidates()).size();
                unstaffed += InspectorDrawPlanner.unstaffed(result).size();
                digest.append(digest.length() == 0 ? "" : ",").append(d.code()).append(':').append(result.digest(), 0, 12);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
            if (r == 0) {
                first = ms;
            }
            best = Math.min(best, ms);
            bestCpu = Math.min(bestCpu, cpuMs);
            System.out.printf("round %d: %.1f ms wall, %.1f ms CPU of the drawing thread%n", r + 1, ms, cpuMs);
        }
        return new Timing(best, bestCpu, first, candidates, staffed, unstaffed, digest.toString());
    }

    private static String code(int n) {
        return String.format("91330109MA%08d", n);
    }
}
