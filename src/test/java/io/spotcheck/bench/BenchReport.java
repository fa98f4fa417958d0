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

    public void add(Row row) {
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

    public void writeInto(Path markdown, String section) throws IOException {
        String begin = "<!-- bench:" + section + ":begin -->";
        String end = "<!-- bench:" + section + ":end -->";
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
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + table + text.substring(to + end.length())
                : text + "\n" + table + "\n";
        Files.writeString(markdown, updated, StandardCharsets.UTF_8);
    }
}
