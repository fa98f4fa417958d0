package io.spotcheck.search;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClientBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.elasticsearch.RestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Elasticsearch client settings. The client (de)serialises documents with the application's Jackson settings, so
 * stored records with {@code LocalDate}/{@code Instant} fields (Subject and others) are written as
 * ISO strings and read back. The client's own default mapper knows no java.time types.
 */
@Configuration(proxyBeanMethods = false)
public class ElasticsearchJsonConfig {

    static final int SESSION_BUFFER_BYTES = 32 * 1024;

    /**
     * The low-level client's pool defaults to 10 connections per node: under 16 concurrent searches
     * the rest queued inside the app for a connection while Elasticsearch sat idle. The pool is sized
     * above Tomcat's realistic concurrency instead; Elasticsearch's own search queue does the queuing.
     * Without credentials the HTTP client's auth cache only costs: the low-level client fills it with
     * a basic scheme per node, which the client deserializes on every request (Java serialization)
     * for nothing. With a user name configured it stays, for preemptive basic auth.
     * The session buffers are 32 KB instead of 8 KB: an import's bulk bodies (about 600 KB each) left the
     * client's I/O thread in a write syscall per 8 KB.
     */
    @Bean
    RestClientBuilderCustomizer elasticsearchConnectionPool(
            @Value("${spotcheck.elasticsearch.max-connections:128}") int maxConnections,
            @Value("${spring.elasticsearch.username:}") String username) {
        return new RestClientBuilderCustomizer() {
            @Override
            public void customize(RestClientBuilder builder) {
            }

            @Override
            public void customize(HttpAsyncClientBuilder builder) {
                builder.setMaxConnPerRoute(maxConnections).setMaxConnTotal(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setBufferSize(SESSION_BUFFER_BYTES).build());
                if (username.isEmpty()) {
                    builder.disableAuthCaching();
                }
            }
        };
    }

    /**
     * Spring Data entities name their index by the configured prefix, e.g.
     * {@code @Document(indexName = "#{@indexNames.alias('tasks')}")}: the properties bean gets that
     * short name next to the long one configuration-properties scanning gives it.
     */
    @Bean
    static BeanFactoryPostProcessor indexNamesAlias() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanNamesForType(IndexNames.class, false, false)) {
                if (!name.equals("indexNames")) {
                    beanFactory.registerAlias(name, "indexNames");
                }
            }
        };
    }

    @Bean
    JsonpMapper jsonpMapper(ObjectMapper objectMapper) {
        // Absent fields stay absent in stored documents; GraphQL responses, by contrast, must keep nulls.
        return new JacksonJsonpMapper(objectMapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL));
    }
}
