package io.spotcheck.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The anchors the draw is compared with: Elasticsearch's own random_score top-k (fast, but salted
 * by index and shard, so not reproducible by a third party) and PostgreSQL ordering by
 * md5(seed || code) (reproducible, the usual SQL answer). Neither is a store of Spotcheck.
 */
public final class DrawBaselines {

    private DrawBaselines() {}

    /**
     * Loads the codes into a scratch table with COPY, once per run. The generator repeats a code now and
     * then at province size (the index keeps one document per code), so the codes are copied into a
     * staging table and the scope table keeps each code once, like the scope.
     */
    public static void loadPostgres(String jdbcUrl, Iterable<String> codes) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS spotcheck_bench_scope");
                statement.execute("DROP TABLE IF EXISTS spotcheck_bench_codes");
                statement.execute("CREATE UNLOGGED TABLE spotcheck_bench_codes (code text)");
            }
            StringBuilder batch = new StringBuilder();
            int n = 0;
            for (String code : codes) {
                batch.append(code).append('\n');
                if (++n % 100_000 == 0) {
                    copy(connection, batch);
                    batch.setLength(0);
                }
            }
            copy(connection, batch);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE spotcheck_bench_scope AS SELECT DISTINCT code FROM spotcheck_bench_codes");
                statement.execute("ALTER TABLE spotcheck_bench_scope ADD PRIMARY KEY (code)");
                statement.execute("DROP TABLE spotcheck_bench_codes");
                statement.execute("ANALYZE spotcheck_bench_scope");
            }
        }
    }

    private static void copy(Connection connection, StringBuilder rows) throws Exception {
        if (rows.length() > 0) {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY spotcheck_bench_codes (code) FROM STDIN", new StringReader(rows.toString()));
        }
    }

    /** Milliseconds of {@code ORDER BY md5(seed || code) LIMIT k}, best of {@code runs}. */
    public static double postgresMd5TopK(String jdbcUrl, String seed, int k, int runs) throws Exception {
        double best = Double.MAX_VALUE;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                List<String> sample = new ArrayList<>(k);
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT code FROM spotcheck_bench_scope ORDER BY md5(? || code) LIMIT ?")) {
                    query.setString(1, seed);
                    query.setInt(2, k);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            sample.add(rows.getString(1));
                        }
                    }
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e6);
                if (sample.size() != k) {
                    throw new IllegalStateException("PostgreSQL returned " + sample.size() + " of " + k);
                }
            }
        }
        return best;
    }

    public static void dropPostgres(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS spotcheck_bench_scope");
        }
    }

    /** Milliseconds of a random_score top-k over {@code index} returning k ids, best of {@code runs}. */
    public static double elasticsearchRandomScoreTopK(String esUrl, String index, int k, int runs) throws Exception {
        BenchSupport.es(esUrl, "PUT", "/" + index + "/_settings",
                "{\"index\":{\"max_result_window\":" + Math.max(10_000, k) + "}}");
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            String body = "{\"size\":" + k + ",\"_source\":false,\"track_total_hits\":false,"
                    + "\"query\":{\"function_score\":{\"query\":{\"match_all\":{}},"
                    + "\"random_score\":{\"seed\":" + (42 + r) + ",\"field\":\"_seq_no\"},\"boost_mode\":\"replace\"}}}";
            long start = System.nanoTime();
            var response = BenchSupport.es(esUrl, "POST", "/" + index + "/_search", body);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
            if (response.path("hits").path("hits").size() != k) {
                throw new IllegalStateException("random_score returned " + response.path("hits").path("hits").size());
            }
        }
        return best;
    }
}
