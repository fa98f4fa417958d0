package io.spotcheck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plumbing of the benchmarks: timing, percentiles, concurrent load, and plain HTTP to the server
 * and to Elasticsearch (so the anchor and the measured path go through the same kind of client).
 */
public final class BenchSupport {

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private BenchSupport() {}

    /** Percentiles of a list of durations in milliseconds. */
    public record Percentiles(double p50, double p95, double p99, int n) {
        public static Percentiles of(List<Double> millis) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return new Percentiles(at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted.size());
        }

        private static double at(List<Double> sorted, double q) {
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    public static double timeMillis(ThrowingRunnable task) throws Exception {
        long start = System.nanoTime();
        task.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /** Runs {@code task} {@code perClient} times on each of {@code clients} threads; latencies in ms. */
    public static List<Double> load(int clients, int perClient, Callable<?> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Double>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<Double> latencies = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        long start = System.nanoTime();
                        task.call();
                        latencies.add((System.nanoTime() - start) / 1e6);
                    }
                    return latencies;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> future : futures) {
                all.addAll(future.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The server's process id (from {@code --server-pid}), for its JIT compiler's CPU; -1 when unknown. */
    static volatile long serverPid = -1;

    /**
     * Warms both paths up together, alternating one request of each; see {@link #warmUpMix}.
     */
    public static void warmUp(int seconds, int pairs, Callable<?> ours, Callable<?> anchor) throws Exception {
        warmUpMix(seconds, pairs, List.of(ours, anchor));
    }

    /**
     * Runs {@code mix} round after round — one call of each, in order — for at least {@code seconds} and
     * {@code rounds} rounds, then on in 15 s rounds while the server's JIT compiler threads still took more
     * than 3 % of a core in the last round (at most 600 s more): on two cores, C2 compiling for
     * minutes behind a fresh server competes with the request and with Elasticsearch, and a long-running
     * server has long finished. A method called once per request reaches C2's threshold only after 5,000
     * requests and more, later the longer the compile queue, so a fresh server still compiles after ten
     * minutes. The mix should be exactly what is measured next.
     */
    public static void warmUpMix(int seconds, int rounds, List<? extends Callable<?>> mix) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; i < rounds || System.nanoTime() < end; i++) {
            callAll(mix);
        }
        if (serverPid < 0 || compilerTicks(serverPid) < 0) {
            return;
        }
        long limit = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < limit) {
            long ticks = compilerTicks(serverPid);
            long started = System.nanoTime();
            while (System.nanoTime() - started < 15_000_000_000L) {
                callAll(mix);
            }
            double share = (compilerTicks(serverPid) - ticks) / 100.0 / ((System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "warm-up: the server's JIT compilers took %.0f %% of a core in the last round%n", share * 100);
            if (share < 0.03) {
                return;
            }
        }
    }

    private static void callAll(List<? extends Callable<?>> mix) throws Exception {
        for (Callable<?> call : mix) {
            call.call();
        }
    }

    /** CPU ticks (1/100 s, user and system) a whole process has used; -1 if /proc cannot tell (another machine, a process gone). */
    static long processTicks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The processes whose CPU a measurement notes: the server, the Elasticsearch nodes on this machine, the bench itself. */
    static java.util.Map<String, Long> cpuProcesses() {
        java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        if (serverPid >= 0) {
            pids.put("server", serverPid);
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("org.elasticsearch.bootstrap.Elasticsearch")).orElse(false))
                .forEach(p -> pids.put("elasticsearch " + p.pid(), p.pid()));
        pids.put("bench", ProcessHandle.current().pid());
        return pids;
    }

    /** The CPU ticks of each of {@code pids} now, to be passed to {@link #addCpuSince}. */
    static java.util.Map<String, Long> cpuTicks(java.util.Map<String, Long> pids) {
        java.util.Map<String, Long> ticks = new java.util.LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
        return ticks;
    }

    /** Adds the CPU seconds each process used since {@code before} to {@code cpu} (a process /proc cannot tell of is left out). */
    static void addCpuSince(java.util.Map<String, Long> pids, java.util.Map<String, Long> before, java.util.Map<String, Double> cpu) {
        pids.forEach((name, pid) -> {
            long then = before.get(name);
            long now = processTicks(pid);
            if (then >= 0 && now >= then) {
                cpu.merge(name, (now - then) / 100.0, Double::sum);
            }
        });
    }

    /**
     * CPU per process in cores ({@code cpu} seconds over {@code seconds}) and per unit of work
     * ({@code scale} × CPU seconds / {@code units}, e.g. 1000 and "ms a request"), the Elasticsearch
     * nodes summed; "CPU not known" when /proc told nothing.
     */
    static String cpuText(java.util.Map<String, Double> cpu, double seconds, double units, double scale, String per) {
        if (cpu.isEmpty() || units == 0 || seconds == 0) {
            return "CPU not known";
        }
        double es = cpu.entrySet().stream().filter(e -> e.getKey().startsWith("elasticsearch")).mapToDouble(java.util.Map.Entry::getValue).sum();
        List<String> parts = new java.util.ArrayList<>();
        parts.add(String.format(Locale.ROOT, "Elasticsearch %.2f cores (%.1f %s)", es / seconds, es * scale / units, per));
        cpu.forEach((name, s) -> {
            if (!name.startsWith("elasticsearch")) {
                parts.add(String.format(Locale.ROOT, "%s %.2f cores (%.1f %s)", name, s / seconds, s * scale / units, per));
            }
        });
        return String.join(", ", parts);
    }

    /** CPU ticks (1/100 s) the JIT compiler threads of a process have used; -1 if /proc cannot tell. */
    static long compilerTicks(long pid) {
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return -1;
        }
        long ticks = 0;
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            } catch (java.io.IOException | RuntimeException e) {
                // a thread that ended meanwhile
            }
        }
        return ticks;
    }

    public static JsonNode graphql(String url, String token, String query, Map<String, Object> variables) throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/graphql"))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // A wrong path or a refused caller must not pass for a fast answer.
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /graphql -> " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        JsonNode json = JSON.readTree(response.body());
        if (json.has("errors")) {
            throw new IllegalStateException("GraphQL errors: " + json.get("errors"));
        }
        return json.get("data");
    }

    public static JsonNode es(String esUrl, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(esUrl + path)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = sendRetryingTooManyRequests(request.build());
        if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /**
     * Sends {@code request}, again after a back-off while Elasticsearch answers 429 (a circuit breaker or a
     * full queue: a province-sized index on a small heap trips the parent breaker now and then), as
     * Elasticsearch asks its clients to; up to about a minute, then the 429 is the answer.
     */
    static HttpResponse<String> sendRetryingTooManyRequests(HttpRequest request) throws Exception {
        long pause = 250;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 429 || attempt == 9) {
                return response;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 15_000);
        }
    }

    /** POSTs a byte body (NDJSON for _bulk) and answers the parsed response. */
    public static JsonNode esBytes(String esUrl, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(esUrl + path)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = sendRetryingTooManyRequests(request);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " -> " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return JSON.readTree(response.body());
    }

    /** Samples the server's heap through its metrics endpoint and keeps the maximum seen. */
    public static final class HeapSampler implements AutoCloseable {
        private final AtomicLong maxUsed = new AtomicLong();
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        public HeapSampler(String url, String adminToken) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(5)).build();
                        JsonNode json = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
                        long used = json.path("measurements").get(0).path("value").asLong();
                        maxUsed.accumulateAndGet(used, Math::max);
                        HttpRequest maxRequest = HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/jvm.memory.max?tag=area:heap"))
                                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(5)).build();
                        JsonNode maxJson = JSON.readTree(HTTP.send(maxRequest, HttpResponse.BodyHandlers.ofString()).body());
                        max.set(maxJson.path("measurements").get(0).path("value").asLong());
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // The server may be busy; the next sample will do.
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        public long maxUsedMb() {
            return maxUsed.get() / (1024 * 1024);
        }

        public long heapMaxMb() {
            return max.get() / (1024 * 1024);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
