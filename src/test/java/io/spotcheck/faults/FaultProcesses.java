package io.spotcheck.faults;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small process manager for the fault suite: an Elasticsearch node, a redis-server and the
 * Spotcheck server of the suite's own, on ports of their own, so they can be stopped, killed and
 * flushed without touching the machine's shared services. Elasticsearch is the distribution the
 * launcher unpacks ({@code ./spotcheck} puts it in {@code /var/tmp/spotcheck} when run as root,
 * {@code .run/} otherwise; {@code SPOTCHECK_ES_HOME} overrides), run with a config, data and log
 * folder of its own and, as root, as the unprivileged user {@code spotcheck} exactly as the launcher
 * runs it. The server is {@code target/spotcheck.jar} ({@code ./spotcheck test --faults} builds it).
 */
final class FaultProcesses {

    static final String ES_VERSION = "8.19.21";
    static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    static final String ES_USER = "spotcheck";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FaultProcesses() {}

    /** Where the suite's own state lives: world-traversable when root, since Elasticsearch runs as another user. */
    static Path home() {
        return ROOT ? Path.of("/var/tmp/spotcheck/faults") : REPO.resolve(".run/faults");
    }

    static Path logs() throws IOException {
        return Files.createDirectories(REPO.resolve("target/faults"));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int property(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, String.valueOf(fallback)));
    }

    static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for the fault suite's " + what + " is taken; set -D"
                    + "spotcheck.faults.* ports to free ones (see docs/FAULTS.md)");
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    // ------------------------------------------------------------------ Elasticsearch

    /** One single-node cluster on {@code port}/{@code transportPort}; its data survives stop and start. */
    static final class Elasticsearch {
        final int port;
        final int transportPort;
        final Path dir;
        final Path esHome;
        /** The transport ports of every node of the cluster this node belongs to; empty: a single-node cluster. */
        final List<Integer> clusterTransportPorts;
        final List<Integer> clusterHttpPorts;
        private long pid = -1;

        Elasticsearch(int port, int transportPort) {
            this(port, transportPort, List.of(), List.of());
        }

        /** One node of a cluster whose nodes listen on {@code httpPorts} and {@code transportPorts}. */
        Elasticsearch(int port, int transportPort, List<Integer> httpPorts, List<Integer> transportPorts) {
            this.port = port;
            this.transportPort = transportPort;
            this.clusterHttpPorts = List.copyOf(httpPorts);
            this.clusterTransportPorts = List.copyOf(transportPorts);
            this.dir = home().resolve("es-" + port);
            String fromEnv = System.getenv("SPOTCHECK_ES_HOME");
            this.esHome = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
                    : (ROOT ? Path.of("/var/tmp/spotcheck") : REPO.resolve(".run")).resolve("elasticsearch-" + ES_VERSION);
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** A fresh node: wipes what an earlier run of the suite left in its own folder. */
        void createFresh() throws IOException, InterruptedException {
            if (!Files.isExecutable(esHome.resolve("bin/elasticsearch"))) {
                throw new IllegalStateException("no Elasticsearch distribution at " + esHome
                        + ": run the fault suite with ./spotcheck test --faults (it unpacks it), or set SPOTCHECK_ES_HOME");
            }
            requireFree(port, "Elasticsearch");
            requireFree(transportPort, "Elasticsearch transport");
            deleteTree(dir);
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Path conf = dir.resolve("conf");
            Files.createDirectories(conf);
            try (Stream<Path> files = Files.list(esHome.resolve("config"))) {
                for (Path f : files.toList()) {
                    if (Files.isRegularFile(f)) {
                        Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path options = esHome.resolve("config/jvm.options.d");
            Files.createDirectories(conf.resolve("jvm.options.d"));
            if (Files.isDirectory(options)) {
                try (Stream<Path> files = Files.list(options)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, conf.resolve("jvm.options.d").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            String discovery = clusterTransportPorts.isEmpty() ? "discovery.type: single-node"
                    : "discovery.seed_hosts: [" + String.join(", ", clusterTransportPorts.stream().map(p -> "\"127.0.0.1:" + p + "\"").toList())
                    + "]\ncluster.initial_master_nodes: [" + String.join(", ", clusterHttpPorts.stream().map(p -> "\"faults-" + p + "\"").toList()) + "]";
            Files.writeString(conf.resolve("elasticsearch.yml"), String.join("\n",
                    "cluster.name: " + (clusterTransportPorts.isEmpty() ? "spotcheck-faults" : "spotcheck-faults-cluster"),
                    "node.name: faults-" + port,
                    "path.data: " + dir.resolve("data"),
                    "path.logs: " + dir.resolve("logs"),
                    "network.host: 127.0.0.1",
                    "http.port: " + port,
                    "transport.port: " + transportPort,
                    discovery,
                    "xpack.security.enabled: false",
                    "action.destructive_requires_name: true",
                    // a full disk elsewhere on the machine must not make the suite's indices read-only
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    ""));
            if (ROOT) {
                if (run("id", ES_USER) != 0) {
                    run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER);
                }
                for (Path p = dir; p != null && p.startsWith(Path.of("/var/tmp")); p = p.getParent()) {
                    p.toFile().setExecutable(true, false);
                    p.toFile().setReadable(true, false);
                }
                run("chown", "-R", ES_USER, dir.toString());
            }
        }

        void start() throws IOException, InterruptedException {
            launch();
            awaitUp("yellow");
        }

        /** Starts the process and returns: a node of a cluster answers health only once enough nodes have joined. */
        void launch() throws IOException, InterruptedException {
            requireFree(port, "Elasticsearch");
            Path pidFile = dir.resolve("es.pid");
            Files.deleteIfExists(pidFile);
            String heap = System.getProperty("spotcheck.faults.es-heap", clusterTransportPorts.isEmpty() ? "1g" : "512m");
            String command = "cd '" + dir + "' && ES_PATH_CONF='" + dir.resolve("conf") + "' ES_JAVA_HOME='" + System.getProperty("java.home")
                    + "' ES_JAVA_OPTS='-Xms" + heap + " -Xmx" + heap + "' '" + esHome.resolve("bin/elasticsearch") + "' -d -p '" + pidFile
                    + "' > '" + dir.resolve("logs/console.out") + "' 2>&1";
            List<String> cmd = ROOT ? List.of("su", "-s", "/bin/bash", ES_USER, "-c", command) : List.of("bash", "-c", command);
            int rc = run(cmd.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("Elasticsearch did not start (exit " + rc + "); see " + dir.resolve("logs"));
            }
        }

        /** Waits until this node answers cluster health with at least {@code status} (and, in a cluster, has joined it). */
        void awaitUp(String status) throws IOException, InterruptedException {
            Path pidFile = dir.resolve("es.pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            String nodes = clusterHttpPorts.isEmpty() ? "" : "&wait_for_nodes=" + clusterHttpPorts.size();
            while (System.nanoTime() < deadline) {
                if (pid < 0 && Files.exists(pidFile)) {
                    String text = Files.readString(pidFile).trim();
                    if (!text.isEmpty()) {
                        pid = Long.parseLong(text);
                    }
                }
                if (status(url() + "/_cluster/health?wait_for_status=" + status + nodes + "&timeout=1s") == 200) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("Elasticsearch on " + port + " did not come up in 300 s; see " + dir.resolve("logs"));
        }

        /** SIGKILL, as a machine that loses power: nothing flushed, no goodbye to the cluster. */
        void kill9() throws InterruptedException {
            if (pid < 0) {
                return;
            }
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                try {
                    p.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("Elasticsearch " + pid + " survived SIGKILL", e);
                }
            });
            pid = -1;
        }

        /** A graceful stop (SIGTERM), as an operator or an orchestrator stops a node. */
        void stop() throws InterruptedException {
            if (pid < 0) {
                // launched but never awaited: the process's own pid file says who it is
                try {
                    String text = Files.readString(dir.resolve("es.pid")).trim();
                    pid = text.isEmpty() ? -1 : Long.parseLong(text);
                } catch (IOException | NumberFormatException e) {
                    pid = -1;
                }
            }
            if (pid < 0) {
                return;
            }
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(90, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
            pid = -1;
            for (int i = 0; i < 100 && status(url()) > 0; i++) {
                Thread.sleep(100);
            }
        }

        boolean running() {
            return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        void removeData() throws IOException {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------ Redis

    /** A redis-server that keeps nothing on disk: a restart comes back empty, as after a crash. */
    static final class Redis {
        final int port;
        private Process process;

        Redis(int port) {
            this.port = port;
        }

        String url() {
            return "redis://127.0.0.1:" + port;
        }

        void start() throws IOException, InterruptedException {
            requireFree(port, "Redis");
            Path dir = Files.createDirectories(home().resolve("redis-" + port));
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logs().resolve("redis.log").toFile())).start();
            for (int i = 0; i < 100; i++) {
                try (MiniRedis r = new MiniRedis(port)) {
                    if ("PONG".equals(r.command("PING"))) {
                        return;
                    }
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("redis-server on " + port + " did not answer PING");
        }

        void stop() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                process = null;
            }
        }
    }

    // ------------------------------------------------------------------ the server under test

    /** {@code java -jar target/spotcheck.jar} in the dev profile, pointed at the suite's own services. */
    static final class Server {
        final int port;
        final List<String> args;
        final String name;
        private Process process;
        private int starts;

        Server(String name, int port, List<String> args) {
            this.name = name;
            this.port = port;
            this.args = List.copyOf(args);
        }

        static Path jar() {
            Path jar = REPO.resolve("target/spotcheck.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": run the fault suite with ./spotcheck test --faults, "
                        + "or build the server first (mvn -DskipTests package)");
            }
            return jar;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void start() throws IOException {
            requireFree(port, "server");
            List<String> cmd = new ArrayList<>(List.of(javaBinary(), System.getProperty("spotcheck.faults.server-heap", "-Xmx512m"),
                    "-XX:G1HeapRegionSize=4m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar().toString(), "--spring.profiles.active=dev", "--server.port=" + port));
            cmd.addAll(args);
            File log = logs().resolve("server-" + name + ".log").toFile();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            pb.environment().remove("ES_URL");
            pb.environment().remove("REDIS_URL");
            process = pb.start();
            starts++;
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        /** Waits until /actuator/health says UP (Elasticsearch, Redis and the indices). */
        void awaitUp(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!alive()) {
                    throw new IllegalStateException("server " + name + " exited with " + process.exitValue() + "; see target/faults/server-" + name + ".log");
                }
                if (status(url() + "/actuator/health") == 200) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("server " + name + " not UP within " + timeout);
        }

        /** SIGKILL: no shutdown hook, no graceful shutdown, nothing flushed. */
        void kill9() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                process = null;
            }
            for (int i = 0; i < 100 && status(url()) > 0; i++) {
                Thread.sleep(50);
            }
        }

        int starts() {
            return starts;
        }
    }
}
