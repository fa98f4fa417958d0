package io.spotcheck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.scope.Sha256;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.seed.SubjectGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generated subject directory the sections measure on: {@code --subjects N} subjects of
 * {@link SubjectGenerator#forDistrict} with seed 42, imported through the server. A marker document
 * in {@code bench-benchmeta} records the generator's fingerprint and count, so a rerun finds the
 * data already there and skips the load.
 */
public final class BenchDataset {

    public static final long SEED = 42;
    static final String META = BenchContext.PREFIX + "benchmeta";
    static final Set<String> NOT_INPUT = Set.of("tags", "tagKeys", "industryPath", "lastInspections", "lastResults", "findings", "updatedAt");

    private final BenchContext bench;

    BenchDataset(BenchContext bench) {
        this.bench = bench;
    }

    /** SHA-256 over the generator's version tag, seed, count and its first 200 subjects. */
    public String fingerprint() throws Exception {
        StringBuilder text = new StringBuilder("spotcheck-bench-dataset-v1|" + SEED + "|" + bench.subjects + "|");
        SubjectGenerator generator = SubjectGenerator.forDistrict(SEED, Math.min(200, bench.subjects));
        while (generator.hasNext()) {
            text.append(BenchContext.STORED.writeValueAsString(generator.next())).append('\n');
        }
        return Sha256.hex(Sha256.newDigest().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public long count() throws Exception {
        return bench.es("GET", "/" + bench.alias("subjects") + "/_count", null).path("count").asLong();
    }

    /** True when the subjects index holds exactly what the marker says was loaded with this fingerprint. */
    public boolean isLoaded() throws Exception {
        JsonNode meta;
        try {
            meta = BenchSupport.es(bench.es, "GET", "/" + META + "/_doc/dataset", null);
        } catch (IllegalStateException missing) {
            return false;
        }
        if (meta == null || !meta.path("found").asBoolean(false)) {
            return false;
        }
        JsonNode source = meta.path("_source");
        return source.path("fingerprint").asText().equals(fingerprint()) && source.path("stored").asLong() == count();
    }

    /**
     * Creates the marks' index unless it exists, with as many replicas as the cluster can hold (none on
     * one node): created by its first document it would ask for one replica and leave a one-node
     * cluster yellow for as long as it stands.
     */
    static void ensureMeta(BenchContext bench) throws Exception {
        try {
            bench.es("PUT", "/" + META, "{\"settings\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"}}");
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("resource_already_exists_exception")) {
                throw e;
            }
            // one made by an earlier bench that let its first document create it
            bench.es("PUT", "/" + META + "/_settings", "{\"index\":{\"auto_expand_replicas\":\"0-1\"}}");
        }
    }

    public void markLoaded(long stored) throws Exception {
        ensureMeta(bench);
        bench.es("PUT", "/" + META + "/_doc/dataset?refresh=true", BenchSupport.JSON.writeValueAsString(
                Map.of("fingerprint", fingerprint(), "subjects", bench.subjects, "stored", stored, "seed", SEED)));
    }

    public void clearMark() throws Exception {
        bench.es("DELETE", "/" + META + "/_doc/dataset?refresh=true", null);
    }

    /** Loads the dataset through the server's import unless it is there already. */
    public void ensureLoaded() throws Exception {
        if (isLoaded()) {
            bench.report.note("dataset: " + count() + " subjects already loaded (fingerprint matches); not reloaded");
            return;
        }
        // BENCH_LOAD=bulk writes the generated documents with raw _bulk instead (the import's own anchor): faster on a
        // crowded machine, and every generated subject is stored. The fingerprint is the generator's either way.
        boolean raw = "bulk".equals(System.getenv("BENCH_LOAD"));
        System.out.println("loading " + bench.subjects + " subjects " + (raw ? "with raw _bulk" : "through the server's import") + " (not measured)");
        clearMark();
        recreate(bench.alias("subjects"));
        long stored = 0;
        SubjectGenerator generator = SubjectGenerator.forDistrict(SEED, bench.subjects);
        if (raw) {
            bench.es("PUT", "/" + bench.alias("subjects") + "/_settings", "{\"index\":{\"refresh_interval\":\"-1\"}}");
        }
        while (generator.hasNext()) {
            Slice slice = Slice.next(generator, 50_000, raw ? bench.alias("subjects") : null);
            if (raw) {
                for (byte[] body : slice.bulkBodies()) {
                    JsonNode r = BenchSupport.esBytes(bench.es, "/_bulk", body);
                    if (r.path("errors").asBoolean()) {
                        throw new IllegalStateException("bulk write refused: " + r.path("items").toString().substring(0, 500));
                    }
                }
            } else {
                stored += importThroughServer(slice.importBody()).path("accepted").asLong();
            }
        }
        if (raw) {
            bench.es("PUT", "/" + bench.alias("subjects") + "/_settings", "{\"index\":{\"refresh_interval\":null}}");
            bench.es("POST", "/" + bench.alias("subjects") + "/_refresh", null);
            stored = count();
        }
        markLoaded(stored);
    }

    // ------------------------------------------------------------------ slices of generated subjects

    /** One slice of subjects as the server's NDJSON import body and as raw _bulk bodies of about 1,000 actions. */
    public record Slice(List<String> codes, byte[] importBody, List<byte[]> bulkBodies) {

        static Slice next(Iterator<Subject> subjects, int size, String bulkIndex) throws Exception {
            List<String> codes = new ArrayList<>(size);
            ByteArrayOutputStream ndjson = new ByteArrayOutputStream(size * 800);
            List<byte[]> bulks = new ArrayList<>();
            ByteArrayOutputStream bulk = new ByteArrayOutputStream(1_000_000);
            int inBulk = 0;
            while (codes.size() < size && subjects.hasNext()) {
                Subject subject = subjects.next();
                codes.add(subject.code());
                ObjectNode input = BenchContext.STORED.valueToTree(subject);
                input.remove(NOT_INPUT);
                ndjson.write(BenchContext.STORED.writeValueAsBytes(input));
                ndjson.write('\n');
                if (bulkIndex != null) {
                    bulk.write(("{\"index\":{\"_index\":\"" + bulkIndex + "\",\"_id\":\"" + subject.code() + "\"}}\n")
                            .getBytes(StandardCharsets.UTF_8));
                    // stored as the server stores a subject it writes: with its public member key (no start-up backfill)
                    bulk.write(BenchContext.STORED.writeValueAsBytes(io.spotcheck.subject.PublicKeys.withKey(subject)));
                    bulk.write('\n');
                    if (++inBulk == 1000) {
                        bulks.add(bulk.toByteArray());
                        bulk.reset();
                        inBulk = 0;
                    }
                }
            }
            if (inBulk > 0) {
                bulks.add(bulk.toByteArray());
            }
            return new Slice(codes, ndjson.toByteArray(), bulks);
        }
    }

    /** Streams one NDJSON body to POST /api/subjects/import; answers the summary line. */
    public JsonNode importThroughServer(byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bench.url + "/api/subjects/import"))
                .timeout(Duration.ofMinutes(30)).header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + bench.adminToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
        }
        String[] lines = response.body().split("\n");
        JsonNode last = BenchSupport.JSON.readTree(lines[lines.length - 1]);
        if (!last.has("summary")) {
            throw new IllegalStateException("import did not finish: " + lines[lines.length - 1]);
        }
        if (lines.length > 1) {
            System.out.println("import rejected " + (lines.length - 1) + " lines, first: " + lines[0]);
        }
        return last.get("summary");
    }

    // ------------------------------------------------------------------ indices

    /** Settings worth copying from a live index to another of the same shape. */
    static final Set<String> COPIED_SETTINGS = Set.of("number_of_shards", "number_of_replicas", "auto_expand_replicas",
            "refresh_interval", "max_result_window", "analysis", "max_ngram_diff");

    /** The physical index behind an alias and its create body (settings, mappings), as live. */
    record Shape(String physical, ObjectNode body, JsonNode aliases) {}

    Shape shape(String alias) throws Exception {
        JsonNode all = bench.es("GET", "/" + alias, null);
        String physical = all.fieldNames().next();
        JsonNode index = all.get(physical);
        ObjectNode body = BenchSupport.JSON.createObjectNode();
        ObjectNode settings = body.putObject("settings").putObject("index");
        index.path("settings").path("index").fields().forEachRemaining(e -> {
            if (COPIED_SETTINGS.contains(e.getKey())) {
                settings.set(e.getKey(), e.getValue());
            }
        });
        body.set("mappings", index.path("mappings"));
        return new Shape(physical, body, index.path("aliases"));
    }

    /** Creates {@code scratch} with the live mapping and settings of {@code alias} (dropping an old one first). */
    public void cloneShape(String alias, String scratch) throws Exception {
        ObjectNode body = shape(alias).body();
        bench.es("DELETE", "/" + scratch, null);
        bench.es("PUT", "/" + scratch, BenchSupport.JSON.writeValueAsString(body));
    }

    /** Empties the server's index behind {@code alias}: the same physical index, mapping and alias, created anew. */
    public void recreate(String alias) throws Exception {
        Shape shape = shape(alias);
        ObjectNode body = shape.body().deepCopy();
        body.set("aliases", shape.aliases());
        bench.es("DELETE", "/" + shape.physical(), null);
        bench.es("PUT", "/" + shape.physical(), BenchSupport.JSON.writeValueAsString(body));
        bench.es("GET", "/_cluster/health/" + shape.physical() + "?wait_for_status=yellow&timeout=30s", null);
    }

    /** Deletes documents by id (the ES here has no delete-by-query). */
    public void deleteIds(String index, List<String> ids) throws Exception {
        for (int from = 0; from < ids.size(); from += 5000) {
            StringBuilder bulk = new StringBuilder();
            for (String id : ids.subList(from, Math.min(ids.size(), from + 5000))) {
                bulk.append("{\"delete\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\"}}\n");
            }
            bench.es("POST", "/_bulk", bulk.toString());
        }
        bench.es("POST", "/" + index + "/_refresh", null);
    }

    /** Every code of the dataset, generated again one at a time. */
    public Iterable<String> codes() {
        return () -> {
            SubjectGenerator generator = SubjectGenerator.forDistrict(SEED, bench.subjects);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return generator.hasNext();
                }

                @Override
                public String next() {
                    return generator.next().code();
                }
            };
        };
    }
}
