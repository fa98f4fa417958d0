package io.spotcheck.draw;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.Sha256;

/**
 * {@code ./spotcheck verify DRAW_ID [--url URL]}: verifies a draw the way any member of the public
 * can — anonymously, from public data only. Downloads the published record, streams the snapshot
 * bytes to a temporary file (hashing them on the way), reads the substitutions in chain order,
 * recomputes everything with {@link DrawVerifier} and prints MATCH, or MISMATCH and every
 * difference. Exit status 0 on MATCH, 1 on MISMATCH, 2 when the data cannot be fetched. No Spring,
 * no Elasticsearch: only the HTTP endpoints of docs/DRAW-ALGORITHM.md.
 */
public final class VerifyCommand {

    private VerifyCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        String drawId = null;
        String url = System.getenv().getOrDefault("SPOTCHECK_URL", "http://localhost:8080");
        for (int i = 0; i < args.length; i++) {
            if ("--url".equals(args[i]) && i + 1 < args.length) {
                url = args[++i];
            } else if (drawId == null && !args[i].startsWith("--")) {
                drawId = args[i];
            } else {
                out.println("usage: ./spotcheck verify DRAW_ID [--url URL]");
                return 2;
            }
        }
        if (drawId == null) {
            out.println("usage: ./spotcheck verify DRAW_ID [--url URL]");
            return 2;
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Path file = null;
        try {
            String recordUrl = base + "/public/draws/" + URLEncoder.encode(drawId, StandardCharsets.UTF_8);
            PublicDraw record = json.readValue(get(http, recordUrl), PublicDraw.class);
            List<PublicDraw.Substitution> chain = json.readValue(get(http, base + record.substitutionsUrl()), new TypeReference<>() {});
            file = Files.createTempFile("spotcheck-snapshot-", ".tsv");
            MessageDigest sha = Sha256.newDigest();
            long bytes = download(http, base + record.snapshotUrl(), file, sha);
            String fileSha = Sha256.hex(sha.digest());

            List<String> differences = new java.util.ArrayList<>();
            if (!fileSha.equals(record.snapshotSha256())) {
                differences.add("snapshot file: SHA-256 is " + fileSha + ", the record says " + record.snapshotSha256());
            }
            if (record.snapshotBytes() == null || bytes != record.snapshotBytes()) {
                differences.add("snapshot file: " + bytes + " bytes, the record says " + record.snapshotBytes());
            }
            DrawVerifier.Outcome outcome = DrawVerifier.verify(record, lines(file), chain);
            differences.addAll(outcome.differences());
            if (differences.isEmpty()) {
                out.println("MATCH " + record.id() + " (" + record.algorithm() + "; " + record.scopeSize() + " members, "
                        + record.selected().size() + " drawn, " + chain.size() + " substitutions)");
                return 0;
            }
            out.println("MISMATCH " + record.id());
            differences.forEach(d -> out.println("  " + d));
            return 1;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            out.println("cannot verify " + drawId + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file; the system cleans it up
                }
            }
        }
    }

    private static byte[] get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(1)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** Streams the snapshot into {@code file}, hashing it; never holds it in memory. */
    private static long download(HttpClient http, String url, Path file, MessageDigest sha) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body(); OutputStream to = Files.newOutputStream(file)) {
            if (r.statusCode() != 200) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                in.transferTo(err);
                throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + err.toString(StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                to.write(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }

    /**
     * The snapshot file's members, re-read from disk on every pass. Lines end at LF only; a last line
     * without its LF is still read (and the file's hash has already told the difference).
     */
    static Iterable<DrawMember> lines(Path file) {
        return () -> {
            try {
                InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                return new Iterator<>() {
                    final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
                    DrawMember next = advance();

                    private DrawMember advance() {
                        try {
                            line.reset();
                            int b;
                            while ((b = in.read()) >= 0 && b != '\n') {
                                line.write(b);
                            }
                            if (b < 0 && line.size() == 0) {
                                in.close();
                                return null;
                            }
                            return DrawMember.parse(line.toString(StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public DrawMember next() {
                        if (next == null) {
                            throw new NoSuchElementException();
                        }
                        DrawMember m = next;
                        next = advance();
                        return m;
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
