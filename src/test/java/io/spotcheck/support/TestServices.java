package io.spotcheck.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Points every test context at the real Elasticsearch and Redis: {@code ES_URL}/{@code REDIS_URL}
 * when given (./spotcheck test starts local ones), Testcontainers when Docker is there, and a
 * loud failure otherwise: no test skips silently. Each JVM run works under its own index and key
 * prefix and removes what it created when it ends, so runs never collide and nothing shared is wiped.
 */
public class TestServices implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String RUN_ID = runId();
    public static final String INDEX_PREFIX = "test-" + RUN_ID + "-";
    public static final String REDIS_PREFIX = "test:" + RUN_ID + ":";

    private static String esUrl;
    private static String redisUrl;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("spotcheck-test-services", Map.of(
                "spring.elasticsearch.uris", esUrl(),
                "spring.data.redis.url", redisUrl(),
                "spotcheck.elasticsearch.prefix", INDEX_PREFIX,
                "spotcheck.redis.key-prefix", REDIS_PREFIX)));
    }

    /** Every node's address, comma-separated (a cluster under {@code ./spotcheck test --nodes N}). */
    public static synchronized String esUrl() {
        if (esUrl == null) {
            String fromEnv = System.getenv("ES_URL");
            if (fromEnv != null && !fromEnv.isBlank()) {
                esUrl = fromEnv;
            } else if (dockerAvailable()) {
                ElasticsearchContainer es = new ElasticsearchContainer(
                        DockerImageName.parse("docker.elastic.co/elasticsearch/elasticsearch:8.19.21"))
                        .withEnv("xpack.security.enabled", "false")
                        .withEnv("ES_JAVA_OPTS", "-Xms1g -Xmx1g");
                es.start();
                esUrl = "http://" + es.getHttpHostAddress();
            } else {
                throw new IllegalStateException("No Elasticsearch for the integration tests: run them with ./spotcheck test, "
                        + "set ES_URL, or make Docker available for Testcontainers");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestServices::removeOurIndices, "test-index-cleanup"));
        }
        return esUrl;
    }

    public static synchronized String redisUrl() {
        if (redisUrl == null) {
            String fromEnv = System.getenv("REDIS_URL");
            if (fromEnv != null && !fromEnv.isBlank()) {
                redisUrl = fromEnv;
            } else if (dockerAvailable()) {
                GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
                redis.start();
                redisUrl = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            } else {
                throw new IllegalStateException("No Redis for the integration tests: run them with ./spotcheck test, "
                        + "set REDIS_URL, or make Docker available for Testcontainers");
            }
        }
        return redisUrl;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Deletes this run's indices by name: the cluster refuses wildcard deletes, as it should. */
    static void removeOurIndices() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            String node = esUrl.split(",")[0].trim();
            String list = http.send(HttpRequest.newBuilder(URI.create(node + "/_cat/indices/" + INDEX_PREFIX + "*?h=index"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> indices = Arrays.stream(list.split("\\s+")).filter(s -> s.startsWith(INDEX_PREFIX)).toList();
            for (int i = 0; i < indices.size(); i += 50) {
                String names = String.join(",", indices.subList(i, Math.min(indices.size(), i + 50)));
                http.send(HttpRequest.newBuilder(URI.create(node + "/" + names)).DELETE().timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception e) {
            System.err.println("could not remove test indices " + INDEX_PREFIX + "*: " + e);
        }
    }

    private static String runId() {
        String fromBuild = System.getProperty("spotcheck.test.run-id");
        String base = fromBuild == null || fromBuild.isBlank() ? "local" : fromBuild.toLowerCase();
        return base + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}
