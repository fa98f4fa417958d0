package io.spotcheck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Growth: the subject draw, the scope build, the faceted search and the statistics at the run's
 * {@code --subjects N}. One run measures one size on its own index prefix (bench/run.sh with
 * {@code BENCH_PREFIX=benchg4- --subjects 10000}, {@code benchg5-} with 100,000, {@code benchg6-}
 * with 1,000,000), so each size has its own fingerprinted directory and results dataset and reruns
 * reuse them. The figures of every size go to {@code docs/growth.tsv} (one line per size and
 * operation, replaced when that size is measured again); from that file the section rewrites the
 * growth table (time per size and growth factor per 10× size) and the log-log chart docs/growth.png.
 *
 * <ul>
 *   <li>scope build: createScope over whole jurisdictions holding ≈30 % of the directory, until FROZEN
 *       (the server's job: point-in-time scan, member writes, freeze), after an untimed one-jurisdiction scope;</li>
 *   <li>subject draw: a stratified 5 % drawSubjects on a fresh task over that scope (median of the reps);</li>
 *   <li>faceted search: the search section's query (text + licence + status + class, 6 facets), p50 of 40, one client;</li>
 *   <li>statistics: a year of the district with three breakdowns, over a results dataset proportional to
 *       the directory (0.2 results per subject over seven years), p50 of 20, one client.</li>
 * </ul>
 */
final class GrowthBench implements BenchSection {

    static final Path DATA = Path.of("docs/growth.tsv");
    static final Path CHART = Path.of("docs/growth.png");
    static final List<String> FIGURES = List.of("subject draw", "scope build", "faceted search", "statistics");

    @Override
    public String name() {
        return "growth";
    }

    @Override
    public boolean needsDataset() {
        return true;
    }

    /** Results volume relative to the 10^6-subject district (0.2 results per subject over seven years). */
    static double resultsScale(BenchContext bench) {
        return bench.subjects / 1_000_000.0;
    }

    @Override
    public boolean perRun() {
        return false;
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        long n = bench.dataset().count();
        new ResultsDataset(bench, resultsScale(bench)).ensureLoaded();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, Double> ms = new LinkedHashMap<>();

        // Scope build over ~30 % of the directory; then draws over it.
        List<String> regions = ScopeBench.regionsFor(bench, 0.3);
        String scopeId = "S-GROWTH-" + run;
        // Warm-up (not timed): a scope of one jurisdiction, so the first timed job does not pay for a cold server.
        ScopeBench.serverScope(bench, scopeId + "-warm", Map.of("regionCodes", List.of(regions.get(0))));
        long[] built = ScopeBench.serverScope(bench, scopeId, Map.of("regionCodes", regions));
        ms.put("scope build", (double) built[0]);
        long members = built[1];
        List<Double> draws = new ArrayList<>();
        long k = 0;
        DrawBench.draw(bench, DrawBench.scopedTask(bench, scopeId, "growth warm-up " + run), "warm-up " + run);
        for (int rep = 0; rep < bench.reps; rep++) {
            String taskId = DrawBench.scopedTask(bench, scopeId, "growth draw " + run + "-" + rep);
            long t = System.nanoTime();
            JsonNode record = DrawBench.draw(bench, taskId, "福彩3D growth " + run + " " + rep);
            draws.add((System.nanoTime() - t) / 1e6);
            k = record.path("selectedCount").asLong();
        }
        ms.put("subject draw", BenchSupport.Percentiles.of(draws).p50());

        int[] next = {0};
        BenchSupport.load(1, 5, () -> bench.graphql(bench.searchToken, SearchBench.QUERY,
                SearchBench.variables(SearchBench.TEXTS.get(next[0]++ % SearchBench.TEXTS.size()))));
        List<Double> search = BenchSupport.load(1, 40, () -> bench.graphql(bench.searchToken, SearchBench.QUERY,
                SearchBench.variables(SearchBench.TEXTS.get(next[0]++ % SearchBench.TEXTS.size()))));
        ms.put("faceted search", BenchSupport.Percentiles.of(search).p50());

        String year = Integer.toString(ResultsDataset.STATS_YEAR);
        Map<String, Object> vars = Map.of("from", year + "-01-01", "to", year + "-12-31");
        BenchSupport.load(1, 3, () -> bench.graphql(bench.adminToken, StatsBench.QUERY, vars));
        List<Double> stats = BenchSupport.load(1, 20, () -> bench.graphql(bench.adminToken, StatsBench.QUERY, vars));
        ms.put("statistics", BenchSupport.Percentiles.of(stats).p50());
        long visits = bench.graphql(bench.adminToken, "query($from: Date!, $to: Date!) { statistics(from: $from, to: $to) { totals { subjectVisits } } }",
                vars).path("statistics").path("totals").path("subjectVisits").asLong();

        String when = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        double load = BenchMain.loadAverage();
        Map<Long, Map<String, String[]>> data = read();
        Map<String, String[]> mine = new LinkedHashMap<>();
        String[] detail = {
                String.format(Locale.ROOT, "k = %,d of a %,d-member scope", k, members),
                String.format(Locale.ROOT, "%,d members (%d jurisdictions)", members, regions.size()),
                String.format(Locale.ROOT, "%,d requests", search.size()),
                String.format(Locale.ROOT, "%,d subject-visits in the year", visits)};
        for (int i = 0; i < FIGURES.size(); i++) {
            String f = FIGURES.get(i);
            mine.put(f, new String[] {String.format(Locale.ROOT, "%.1f", ms.get(f)), when, String.format(Locale.ROOT, "%.1f", load),
                    BenchContext.PREFIX, detail[i]});
        }
        data.put(n, mine);
        write(data);
        bench.report.note(String.format(Locale.ROOT, "growth at %,d subjects (prefix %s): draw %.0f ms (%s), scope %.0f ms (%s), search p50 %.1f ms, "
                        + "statistics p50 %.1f ms (%s)", n, BenchContext.PREFIX, ms.get("subject draw"), detail[0], ms.get("scope build"),
                detail[1], ms.get("faceted search"), ms.get("statistics"), detail[3]));
        table(bench, data);
        chart(data);
    }

    /** Redraws the growth table (block "growth" of docs/BENCHMARKS.md) and docs/growth.png from docs/growth.tsv, without measuring. */
    public static void main(String[] args) throws Exception {
        BenchContext bench = new BenchContext("http://unused", "http://unused", "", 0, 0);
        bench.report = new BenchReport();
        Map<Long, Map<String, String[]>> data = read();
        table(bench, data);
        chart(data);
        bench.report.writeInto(Path.of(args.length > 0 ? args[0] : "docs/BENCHMARKS.md"), "growth");
    }

    /** docs/growth.tsv: subjects, figure, milliseconds, measured at (UTC), load average, prefix, detail. */
    static Map<Long, Map<String, String[]>> read() throws Exception {
        Map<Long, Map<String, String[]>> data = new TreeMap<>();
        if (!Files.exists(DATA)) {
            return data;
        }
        for (String line : Files.readAllLines(DATA, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            data.computeIfAbsent(Long.parseLong(f[0]), x -> new LinkedHashMap<>()).put(f[1], new String[] {f[2], f[3], f[4], f[5], f[6]});
        }
        return data;
    }

    static void write(Map<Long, Map<String, String[]>> data) throws Exception {
        StringBuilder out = new StringBuilder("# subjects\tfigure\tms\tmeasured (UTC)\tload average\tprefix\tdetail\n");
        data.forEach((n, figures) -> figures.forEach((f, v) -> out.append(n).append('\t').append(f).append('\t')
                .append(String.join("\t", v)).append('\n')));
        Files.writeString(DATA, out.toString(), StandardCharsets.UTF_8);
    }

    static void table(BenchContext bench, Map<Long, Map<String, String[]>> data) {
        List<Long> sizes = new ArrayList<>(data.keySet());
        for (String f : FIGURES) {
            StringBuilder times = new StringBuilder();
            StringBuilder factors = new StringBuilder();
            Double previous = null;
            Long previousN = null;
            double worst = 0;
            for (Long n : sizes) {
                String[] v = data.get(n).get(f);
                if (v == null) {
                    continue;
                }
                double t = Double.parseDouble(v[0]);
                times.append(times.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s: %.0f ms", size(n), t));
                if (previous != null) {
                    // Factor per 10× size, whatever the actual step between the two sizes.
                    double perTen = perTenfold(previousN, previous, n, t);
                    worst = Math.max(worst, perTen);
                    factors.append(factors.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s→%s ×%.1f", size(previousN), size(n), perTen));
                }
                previous = t;
                previousN = n;
            }
            boolean pass = worst > 0 && worst <= 10.5;
            bench.report.add(new BenchReport.Row("growth", f + " by directory size", times.toString(),
                    factors.length() == 0 ? "one size only" : "per 10× size: " + factors, worst, "≤ ~10 per 10× (linear or better)",
                    pass, worst == 0 ? "needs two sizes" : null));
        }
        StringBuilder when = new StringBuilder();
        for (Long n : sizes) {
            String[] any = data.get(n).values().iterator().next();
            when.append(when.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s on prefix %s at %s UTC, load average %s",
                    size(n), any[3], any[1], any[2]));
        }
        bench.report.note("growth: sizes measured " + when + "; details per size in docs/growth.tsv; chart docs/growth.png");
    }

    /** The time factor per 10× size between two sizes, whatever their step: (t2/t1)^(1/log10(n2/n1)). 10 is linear. */
    static double perTenfold(long n1, double t1, long n2, double t2) {
        return Math.pow(t2 / t1, 1 / Math.log10((double) n2 / n1));
    }

    static String size(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static void chart(Map<Long, Map<String, String[]>> data) throws Exception {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection series = new XYSeriesCollection();
        for (String f : FIGURES) {
            XYSeries s = new XYSeries(f);
            data.forEach((n, figures) -> {
                String[] v = figures.get(f);
                if (v != null) {
                    s.add((double) n, Math.max(0.1, Double.parseDouble(v[0])));
                }
            });
            series.addSeries(s);
        }
        // The "linear" guide: ×10 time per ×10 subjects, through the first draw point.
        XYSeries linear = new XYSeries("linear (×10 per ×10)");
        Map.Entry<Long, Map<String, String[]>> first = ((TreeMap<Long, Map<String, String[]>>) data).firstEntry();
        if (first != null && first.getValue().get("subject draw") != null) {
            double t0 = Double.parseDouble(first.getValue().get("subject draw")[0]);
            for (Long n : data.keySet()) {
                linear.add((double) n, t0 * n / first.getKey());
            }
        }
        series.addSeries(linear);
        JFreeChart chart = ChartFactory.createXYLineChart("Spotcheck: time against directory size (log-log, one machine, 2 cores, shared)",
                "subjects", "milliseconds", series, PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("subjects");
        x.setBase(10);
        x.setMinorTickMarksVisible(true);
        x.setTickUnit(new NumberTickUnit(1)); // LogAxis ticks step in log space: one a decade
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setRange(5_000, 2_000_000);
        LogAxis y = new LogAxis("milliseconds");
        y.setBase(10);
        y.setMinorTickMarksVisible(true);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Object o : series.getSeries()) {
            XYSeries xs = (XYSeries) o;
            if (!xs.isEmpty()) {
                lo = Math.min(lo, xs.getMinY());
                hi = Math.max(hi, xs.getMaxY());
            }
        }
        if (hi > 0) {
            y.setRange(Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi))));
        }
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colours = {new Color(0xC0392B), new Color(0x2E5AAC), new Color(0x1E8449), new Color(0xD68910)};
        for (int i = 0; i < FIGURES.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, colours[i]);
        }
        renderer.setSeriesStroke(FIGURES.size(), new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        renderer.setSeriesPaint(FIGURES.size(), Color.GRAY);
        renderer.setSeriesShapesVisible(FIGURES.size(), false);
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(CHART.toFile(), chart, 900, 560);
    }
}
