package io.spotcheck.subject.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./spotcheck import FILE}: streams an NDJSON or CSV file of subjects to a running server's
 * {@code POST /api/subjects/import?progress=true} with a live bar in records from the server's progress
 * lines (read, accepted, rejected, records/s, ETA), then prints the rejected lines and the API's summary. Exit code 0 when every record was accepted, 2 when some were
 * rejected, 1 when the import could not run.
 */
@Command(name = "spotcheck import", mixinStandardHelpOptions = true,
        description = "Streams an NDJSON (.ndjson/.jsonl) or CSV (.csv, header row) file of subjects into a running server.")
public class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the file to import")
    Path file;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "server base URL (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", defaultValue = "${env:SPOTCHECK_TOKEN}",
            description = "bearer token with scope subjects:import or role DEPT_ADMIN/DEPT_OPERATOR (or env SPOTCHECK_TOKEN)")
    String token;

    @Option(names = "--format", description = "ndjson or csv (default: from the file name)")
    String format;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    PrintStream out = System.out;
    PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImportCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            err.println("no token: pass --token TOKEN (dev tokens: ./spotcheck token; the 'automation' one has subjects:import)");
            return 1;
        }
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return 1;
        }
        String contentType = contentType();
        if (contentType == null) {
            err.println("cannot tell the format of " + file + ": name it .ndjson, .jsonl or .csv, or pass --format ndjson|csv");
            return 1;
        }
        long records = countRecords(contentType);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/subjects/import?progress=true"))
                .header("Content-Type", contentType + "; charset=utf-8")
                .header("Authorization", "Bearer " + token.strip())
                .header("Accept", "application/x-ndjson, application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(this::open))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<Stream<String>> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            err.println("cannot reach " + url + ": " + e.getMessage() + " (is ./spotcheck run up?)");
            return 1;
        }
        ObjectMapper json = new ObjectMapper();
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            err.println("import refused (HTTP " + response.statusCode() + "): " + describeError(json, body));
            return 1;
        }
        int[] exit = {1};
        // The bar counts records as the server reads them (its progress lines), not bytes sent.
        ProgressBar bar = quiet ? null : new ProgressBarBuilder().setTaskName("import").setInitialMax(records)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" records", 1).showSpeed().setUpdateIntervalMillis(250)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err, 120)).build();
        response.body().forEach(line -> {
            if (line.isBlank()) {
                return;
            }
            try {
                JsonNode node = json.readTree(line);
                if (node.has("progress")) {
                    if (bar != null) {
                        JsonNode p = node.get("progress");
                        bar.stepTo(Math.min(records, p.path("read").asLong()));
                        bar.setExtraMessage(progressMessage(p.path("read").asLong(), p.path("accepted").asLong(), p.path("rejected").asLong()));
                    }
                } else if (node.has("summary")) {
                    JsonNode s = node.get("summary");
                    if (bar != null) {
                        bar.stepTo(Math.min(records, s.path("total").asLong()));
                        bar.setExtraMessage(progressMessage(s.path("total").asLong(), s.path("accepted").asLong(), s.path("rejected").asLong()));
                        closeOnce(bar);
                    }
                    out.printf("%nimported: %d accepted (%d unchanged), %d rejected, %d records%n", s.path("accepted").asLong(),
                            s.path("unchanged").asLong(), s.path("rejected").asLong(), s.path("total").asLong());
                    // The summary exactly as the API reports it.
                    out.println("summary: " + json.writeValueAsString(s));
                    exit[0] = s.path("rejected").asLong() == 0 ? 0 : 2;
                } else if (node.has("error")) {
                    err.println("import stopped: " + node.path("error").path("message").asText());
                    exit[0] = 1;
                } else {
                    out.println("line " + node.path("line").asLong() + (node.hasNonNull("code") ? " (" + node.get("code").asText() + ")" : "")
                            + ": " + reasons(node));
                }
            } catch (IOException e) {
                out.println(line);
            }
        });
        if (bar != null) {
            closeOnce(bar);
        }
        return exit[0];
    }

    private boolean barClosed;

    private void closeOnce(ProgressBar bar) {
        if (!barClosed) {
            barClosed = true;
            bar.close();
        }
    }

    static String progressMessage(long read, long accepted, long rejected) {
        return "· accepted " + accepted + ", rejected " + rejected;
    }

    /** Records in the file, for the bar's end: non-blank lines, less the header row of a CSV file. */
    long countRecords(String contentType) throws IOException {
        long lines;
        try (Stream<String> all = Files.lines(file)) {
            lines = all.filter(l -> !l.isBlank()).count();
        }
        return "text/csv".equals(contentType) ? Math.max(0, lines - 1) : lines;
    }

    private InputStream open() {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String contentType() {
        String kind = format != null ? format.toLowerCase(Locale.ROOT) : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (kind.equals("csv") || kind.endsWith(".csv")) {
            return "text/csv";
        }
        if (kind.equals("ndjson") || kind.equals("jsonl") || kind.endsWith(".ndjson") || kind.endsWith(".jsonl")
                || kind.endsWith(".json")) {
            return ImportController.NDJSON;
        }
        return null;
    }

    private static String reasons(JsonNode rejected) {
        StringBuilder text = new StringBuilder();
        for (JsonNode error : rejected.path("errors")) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            StringBuilder field = new StringBuilder();
            for (JsonNode part : error.path("field")) {
                field.append(field.isEmpty() ? "" : ".").append(part.asText());
            }
            text.append(field.isEmpty() ? "" : field + ": ").append(error.path("message").asText());
        }
        return text.toString();
    }

    private static String describeError(ObjectMapper json, String body) {
        try {
            JsonNode error = json.readTree(body).path("errors").path(0);
            return error.path("extensions").path("code").asText() + " — " + error.path("message").asText();
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
