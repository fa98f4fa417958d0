package io.spotcheck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects figures measured side by side with their anchors and writes them into
 * docs/BENCHMARKS.md between the markers, so the page always shows the last run's numbers.
 */
public final class BenchReport {

    /**
     * One figure: ours, the anchor measured in the same run, and the target ratio. A figure with the
     * target {@code reported} is shown beside its anchor without a verdict (its result column says —).
     */
    public record Row(String issue, String figure, String ours, String anchor, double ratio, String target, boolean pass,
                      String note) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String label;

    /** A report for the default run (10^6 subjects on one node): its figures carry no label. */
    public BenchReport() {
        this(null);
    }

    /**
     * A report whose figures name the run they come from ({@code 10^7}, {@code 10^6, 3 nodes}) and
     * which writes into blocks of their own beside the default run's.
     */
    public BenchReport(String label) {
        this.label = label;
    }

    /** The label of a run: the directory size as a power of ten where it is one, and the cluster size when above one. */
    public static String label(long subjects, int nodes) {
        String size = String.format(Locale.ROOT, "%,d", subjects);
        for (int e = 1; e <= 12; e++) {
            if (subjects == (long) Math.pow(10, e)) {
                size = "10^" + e;
            }
        }
        return nodes > 1 ? size + ", " + nodes + " nodes" : size;
    }

    public void add(Row row) {
        if (label != null) {
            row = new Row(row.issue(), row.figure() + " [" + label + "]", row.ours(), row.anchor(), row.ratio(), row.target(),
                    row.pass(), row.note());
        }
        rows.add(row);
        System.out.printf(Locale.ROOT, "[%s] %s: ours %s, anchor %s, ratio %.2f (target %s) %s%n", row.issue(), row.figure(),
                row.ours(), row.anchor(), row.ratio(), row.target(), row.pass() ? "PASS" : "MISS");
    }

    public void note(String note) {
        notes.add(note);
        System.out.println(note);
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * Rewrites the block of {@code section} (for a labelled report, the block {@code section@label},
     * created after the section's own block the first time).
     */
    public void writeInto(Path markdown, String section) throws IOException {
        String block = label == null ? section : section + "@" + label;
        String begin = "<!-- bench:" + block + ":begin -->";
        String end = "<!-- bench:" + block + ":end -->";
        StringBuilder table = new StringBuilder(begin).append("\n\n");
        table.append("| issue | figure | ours | anchor (same run) | ratio | target | result |\n|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s |%n", row.issue(), row.figure(),
                    row.ours(), row.anchor(), row.ratio(), row.target(), "reported".equals(row.target()) ? "—" : row.pass() ? "pass" : "**miss**"
                            + (row.note() == null ? "" : " — " + row.note())));
        }
        for (String note : notes) {
            table.append("\n- ").append(note);
        }
        table.append("\n\n").append(end);
        String text = Files.exists(markdown) ? Files.readString(markdown, StandardCharsets.UTF_8) : "";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String updated;
        if (from >= 0 && to > from) {
            updated = text.substring(0, from) + table + text.substring(to + end.length());
        } else {
            // A new labelled block goes after the last block of its section, so sizes stay together.
            String sectionEnd = ":end -->";
            int after = -1;
            for (int at = text.indexOf("<!-- bench:" + section); at >= 0; at = text.indexOf("<!-- bench:" + section, at + 1)) {
                int close = text.indexOf(sectionEnd, at);
                String name = close < 0 ? "" : text.substring(at + "<!-- bench:".length(), close);
                if (close >= 0 && (name.equals(section) || name.startsWith(section + "@"))) {
                    after = close + sectionEnd.length();
                }
            }
            updated = after >= 0
                    ? text.substring(0, after) + "\n\n" + table + text.substring(after)
                    : text + "\n" + table + "\n";
        }
        Files.writeString(markdown, updated, StandardCharsets.UTF_8);
    }
}
