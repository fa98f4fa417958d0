package io.spotcheck.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.draw.DrawRecord;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * The public snapshot of a draw over the whole directory (docs/DRAW-ALGORITHM.md §12), streamed
 * anonymously from {@code /public/draws/{id}/snapshot} and hashed as it arrives, against a raw
 * point-in-time walk of the same scope's {@code scope_members} with the Elasticsearch Java client
 * (pages of {@link #PAGE}, sorted by key, the five snapshot fields) that builds and hashes the same
 * lines. Both sides must produce the record's digest; they run in alternating order, after one
 * unmeasured run of each. Target: ours no slower than the raw walk.
 */
final class SnapshotBench implements BenchSection {

    static final int PAGE = 10_000;

    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public boolean needsDataset() {
        return true;
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        String scopeId = DrawBench.wholeScope(bench);
        String taskId = DrawBench.scopedTask(bench, scopeId, "bench public snapshot " + Long.toString(System.currentTimeMillis(), 36), true);
        JsonNode record = DrawBench.draw(bench, taskId, "福彩3D snapshot");
        String drawId = record.path("id").asText();
        JsonNode published = BenchSupport.JSON.readTree(get(bench.url + DrawRecord.publicUrl(drawId)).body().readAllBytes());
        String digest = published.path("scopeDigest").asText();
        long members = published.path("scopeSize").asLong();
        long bytes = published.path("snapshotBytes").asLong();
        RestClient rest = RestClient.builder(HttpHost.create(bench.es)).build();
        try (RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper())) {
            ElasticsearchClient client = new ElasticsearchClient(transport);
            String oursDigest = ours(bench, published);
            String rawDigest = raw(client, bench.alias("scope_members"), scopeId);
            List<Double> ours = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            for (int rep = 0; rep < bench.reps; rep++) {
                for (int step = 0; step < 2; step++) {
                    long t = System.nanoTime();
                    if ((step + rep) % 2 == 0) {
                        oursDigest = ours(bench, published);
                        ours.add((System.nanoTime() - t) / 1e6);
                    } else {
                        rawDigest = raw(client, bench.alias("scope_members"), scopeId);
                        raw.add((System.nanoTime() - t) / 1e6);
                    }
                }
                System.out.printf(Locale.ROOT, "snapshot rep %d: ours %.0f ms, raw PIT walk %.0f ms%n", rep, ours.get(rep), raw.get(rep));
            }
            if (!digest.equals(oursDigest)) {
                throw new IllegalStateException("the streamed snapshot hashes to " + oursDigest + ", the record says " + digest);
            }
            double o = BenchSupport.Percentiles.of(ours).p50();
            double r = BenchSupport.Percentiles.of(raw).p50();
            bench.report.add(new BenchReport.Row("snapshot", String.format(Locale.ROOT,
                            "public snapshot of a %,d-member draw (%,d bytes) streamed anonymously and hashed, median of %d", members, bytes, ours.size()),
                    String.format(Locale.ROOT, "%.0f ms", o), String.format(Locale.ROOT, "raw PIT walk of scope_members %.0f ms", r), o / r,
                    "≤ 1 × raw walk", o <= r, null));
            bench.report.note(String.format(Locale.ROOT, "snapshot: draw %s; ours %s s, raw %s s (each rep); the raw walk's lines hash to the record's digest: %s",
                    drawId, ScopeBench.fmt(ours), ScopeBench.fmt(raw), digest.equals(rawDigest) ? "yes" : "no (" + rawDigest + ")"));
        }
    }

    /** GETs the published snapshot without signing in, hashing the bytes as they arrive; answers the hex digest. */
    static String ours(BenchContext bench, JsonNode published) throws Exception {
        HttpResponse<InputStream> response = get(bench.url + published.path("snapshotUrl").asText());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static HttpResponse<InputStream> get(String url) throws Exception {
        HttpResponse<InputStream> response = BenchSupport.HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " -> " + response.statusCode());
        }
        return response;
    }

    /** The anchor: a point-in-time walk of the scope's members by key, each page turned into snapshot lines and hashed. */
    static String raw(ElasticsearchClient client, String index, String scopeId) throws Exception {
        String pit = client.openPointInTime(p -> p.index(index).keepAlive(Time.of(t -> t.time("2m")))).id();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder lines = new StringBuilder(PAGE * 64);
        try {
            List<FieldValue> after = null;
            while (true) {
                List<FieldValue> from = after;
                SearchResponse<JsonNode> page = client.search(s -> {
                    s.pit(p -> p.id(pit).keepAlive(Time.of(t -> t.time("2m")))).size(PAGE)
                            .query(q -> q.term(t -> t.field("scopeId").value(scopeId)))
                            .source(src -> src.filter(f -> f.includes("key", "stratum", "region", "status", "kind")))
                            .sort(o -> o.field(f -> f.field("key").order(SortOrder.Asc))).trackTotalHits(t -> t.enabled(false));
                    if (from != null) {
                        s.searchAfter(from);
                    }
                    return s;
                }, JsonNode.class);
                List<Hit<JsonNode>> hits = page.hits().hits();
                if (hits.isEmpty()) {
                    break;
                }
                lines.setLength(0);
                for (Hit<JsonNode> hit : hits) {
                    JsonNode m = hit.source();
                    lines.append(m.path("key").asText()).append('\t').append(m.path("stratum").asText()).append('\t')
                            .append(m.path("region").asText()).append('\t').append(m.path("status").asText()).append('\t')
                            .append(m.path("kind").asText()).append('\n');
                }
                sha.update(lines.toString().getBytes(StandardCharsets.UTF_8));
                after = hits.get(hits.size() - 1).sort();
            }
        } finally {
            client.closePointInTime(c -> c.id(pit));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
