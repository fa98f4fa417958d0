package io.spotcheck.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spotcheck.security.DevTokens;
import io.spotcheck.security.Role;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * What every section works with: the server and Elasticsearch addresses, the bench's callers
 * (dev tokens, whose principals run.sh exempts from the rate limit), the subject count, the
 * report, and the generated dataset.
 */
public final class BenchContext {

    /** Documents exactly as the server stores them: ISO dates, absent fields left out. */
    public static final ObjectMapper STORED = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** Index prefix of the bench server (run.sh starts it with --spotcheck.elasticsearch.prefix=bench-, or $BENCH_PREFIX). */
    public static final String PREFIX = System.getenv().getOrDefault("BENCH_PREFIX", "bench-");

    public final String url;
    public final String es;
    /** Every node of the cluster ({@code es} is the first): anchors that write in parallel spread their requests as the server's client does. */
    public final List<String> esNodes;
    public final String jdbc;
    public final long subjects;
    public final int reps;
    /** The report of the section running now (each section writes its own block of the page). */
    public BenchReport report;
    public final String adminToken;
    public final String operatorToken;
    public final String searchToken;
    private BenchDataset dataset;

    BenchContext(String url, String es, String jdbc, long subjects, int reps) {
        this(url, es, List.of(es), jdbc, subjects, reps);
    }

    BenchContext(String url, String es, List<String> esNodes, String jdbc, long subjects, int reps) {
        this.url = url;
        this.es = es;
        this.esNodes = List.copyOf(esNodes);
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.reps = reps;
        String key = devSigningKey();
        this.adminToken = DevTokens.mint(key, new DevTokens.Spec("benchadmin", "bench", null, null, List.of(Role.PLATFORM_ADMIN)));
        this.operatorToken = DevTokens.mint(key, new DevTokens.Spec("benchscjg", "bench", "SCJG", "SCJG-BUREAU",
                List.of(Role.DEPT_OPERATOR)));
        this.searchToken = DevTokens.mint(key, new DevTokens.Spec("benchsearch", "bench", "SCJG", "SCJG-BUREAU",
                List.of(Role.DEPT_OPERATOR)));
    }

    public String alias(String logical) {
        return PREFIX + logical;
    }

    public BenchDataset dataset() {
        if (dataset == null) {
            dataset = new BenchDataset(this);
        }
        return dataset;
    }

    public JsonNode es(String method, String path, String body) throws Exception {
        return BenchSupport.es(es, method, path, body);
    }

    public JsonNode graphql(String token, String query, Map<String, Object> variables) throws Exception {
        return BenchSupport.graphql(url, token, query, variables);
    }

    static String devSigningKey() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-dev.yml"));
        Properties properties = yaml.getObject();
        return properties.getProperty("spotcheck.security.dev-signing-key");
    }
}
