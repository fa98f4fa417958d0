package io.spotcheck.subject.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

@Configuration(proxyBeanMethods = false)
public class SubjectWriteConfig {

    /** China has one time zone; "in the future" is judged by the district's calendar day. */
    public static final ZoneId DISTRICT_ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    SubjectValidator subjectValidator(ObjectMapper json) throws IOException {
        return new SubjectValidator(seededRegionCodes(json), Clock.system(DISTRICT_ZONE));
    }

    /**
     * The jurisdictions of {@code seeds/departments.json}, read from the file rather than the index
     * so validation works before Elasticsearch is up and needs no request per record.
     */
    public static Set<String> seededRegionCodes(ObjectMapper json) throws IOException {
        try (InputStream in = new ClassPathResource("seeds/departments.json").getInputStream()) {
            Set<String> codes = new HashSet<>();
            for (JsonNode node : json.readTree(in).path("jurisdictions")) {
                codes.add(node.path("code").asText());
            }
            return codes;
        }
    }
}
