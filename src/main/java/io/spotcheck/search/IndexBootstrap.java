package io.spotcheck.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.persistence.Retries;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Applies the JSON mappings in {@code index-mappings/} at start-up, idempotently. Each file names
 * a logical index and a version; the data lives in {@code <prefix><name>_v<version>} and is read
 * and written through the alias {@code <prefix><name>}. A new version is rolled out by copying the
 * old index into the new one (point-in-time scan + bulk, since the distribution has no _reindex)
 * and switching the alias in one atomic request.
 *
 * <p>The server must start while Elasticsearch is still coming up, so start-up only schedules the
 * work; it retries on the application's retry policy ({@link Retries#untilBackendAnswers}) until the
 * cluster answers, and health reports "indices" DOWN until then.
 */
@Component("indices")
public class IndexBootstrap implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(IndexBootstrap.class);

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;
    private final IndexCopier copier;
    private final AtomicBoolean ready = new AtomicBoolean();
    private volatile String lastFailure = "not started";
    private final List<Runnable> afterReady = new ArrayList<>();

    private final boolean synchronous;

    public IndexBootstrap(ElasticsearchClient client, IndexNames names, ObjectMapper json, IndexCopier copier,
                          @org.springframework.beans.factory.annotation.Value("${spotcheck.elasticsearch.bootstrap-synchronously:false}") boolean synchronous) {
        this.client = client;
        this.synchronous = synchronous;
        this.names = names;
        this.json = json;
        this.copier = copier;
    }

    /** One definition from {@code index-mappings/<name>.json}. */
    public record IndexDefinition(String name, int version, String body) {}

    @EventListener(ApplicationReadyEvent.class)
    public void applyInBackground() throws IOException {
        if (synchronous) {
            ensureAll();
            return;
        }
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("index-bootstrap-");
        executor.setDaemon(true);
        executor.execute(() -> {
            try {
                Retries.untilBackendAnswers(() -> {
                    BackendErrors.run("the indices", this::ensureAll);
                    return null;
                }, failure -> {
                    lastFailure = failure.toString();
                    log.warn("indices not ready yet ({}); retrying", failure.getMessage());
                });
            } catch (RuntimeException e) {
                // Not a hiccup (a mapping Elasticsearch refuses): retrying would not help; health says why.
                lastFailure = e.toString();
                log.error("indices could not be set up", e);
            }
        });
    }

    /** Runs {@code task} once the indices exist (at once if they already do). */
    public synchronized void whenReady(Runnable task) {
        if (ready.get()) {
            task.run();
        } else {
            afterReady.add(task);
        }
    }

    public boolean isReady() {
        return ready.get();
    }

    /** Creates or migrates every index; safe to call any number of times, from any instance. */
    public synchronized void ensureAll() throws IOException {
        if (ready.get()) {
            return;
        }
        for (IndexDefinition definition : definitions()) {
            ensure(definition);
        }
        ready.set(true);
        lastFailure = null;
        List<Runnable> tasks = List.copyOf(afterReady);
        afterReady.clear();
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("start-up task failed", e);
            }
        }
    }

    public List<IndexDefinition> definitions() throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:index-mappings/*.json");
        List<IndexDefinition> result = new ArrayList<>();
        for (Resource resource : resources) {
            String filename = resource.getFilename();
            String name = filename.substring(0, filename.length() - ".json".length());
            try (InputStream in = resource.getInputStream()) {
                JsonNode root = json.readTree(in);
                int version = root.path("version").asInt(1);
                ObjectNode body = json.createObjectNode();
                body.set("settings", root.path("settings"));
                body.set("mappings", root.path("mappings"));
                result.add(new IndexDefinition(name, version, json.writeValueAsString(body)));
            }
        }
        return result;
    }

    public void ensure(IndexDefinition definition) throws IOException {
        String alias = names.alias(definition.name());
        String target = names.physical(definition.name(), definition.version());
        createIfMissing(target, definition.body());
        Set<String> current = aliasTargets(alias);
        if (current.equals(Set.of(target))) {
            return;
        }
        for (String old : current) {
            if (!old.equals(target)) {
                log.info("migrating {} -> {} before switching alias {}", old, target, alias);
                copier.copy(old, target);
            }
        }
        client.indices().updateAliases(u -> {
            for (String old : current) {
                if (!old.equals(target)) {
                    u.actions(a -> a.remove(r -> r.index(old).alias(alias)));
                }
            }
            return u.actions(a -> a.add(add -> add.index(target).alias(alias).isWriteIndex(true)));
        });
        log.info("alias {} -> {}", alias, target);
    }

    private void createIfMissing(String index, String body) throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(index).withJson(new StringReader(body)));
            log.info("created index {}", index);
        } catch (ElasticsearchException e) {
            // Another instance created it between our check and our request.
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private Set<String> aliasTargets(String alias) throws IOException {
        try {
            GetAliasResponse response = client.indices().getAlias(g -> g.name(alias));
            return response.result().keySet();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Set.of();
            }
            throw e;
        }
    }

    @Override
    public Health health() {
        return ready.get() ? Health.up().build() : Health.down().withDetail("reason", String.valueOf(lastFailure)).build();
    }

}
