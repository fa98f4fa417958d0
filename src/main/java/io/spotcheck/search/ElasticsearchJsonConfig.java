package io.spotcheck.search;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Elasticsearch client (de)serialises documents with the application's Jackson settings, so
 * stored records with {@code LocalDate}/{@code Instant} fields (Subject and others) are written as
 * ISO strings and read back. The client's own default mapper knows no java.time types.
 */
@Configuration(proxyBeanMethods = false)
public class ElasticsearchJsonConfig {

    @Bean
    JsonpMapper jsonpMapper(ObjectMapper objectMapper) {
        // Absent fields stay absent in stored documents; GraphQL responses, by contrast, must keep nulls.
        return new JacksonJsonpMapper(objectMapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL));
    }
}
