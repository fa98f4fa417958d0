package io.spotcheck.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.http.HttpRequestInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.RestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * TEST ONLY. Records every HTTP request the Elasticsearch client sends, so tests can count the
 * round trips a GraphQL operation costs. Registered for every test context through this module's
 * test AutoConfiguration.imports, so the shared context is not split.
 */
@AutoConfiguration
public class ElasticsearchRequestCounter {

    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();

    @Bean
    RestClientBuilderCustomizer countingRestClient() {
        HttpRequestInterceptor interceptor = (request, context) -> REQUESTS.add(request.getRequestLine().getMethod() + " "
                + request.getRequestLine().getUri());
        return new RestClientBuilderCustomizer() {
            @Override
            public void customize(org.elasticsearch.client.RestClientBuilder builder) {
                // Boot's own http-client callback stays in place; only the client builder below is touched.
            }

            @Override
            public void customize(org.apache.http.impl.nio.client.HttpAsyncClientBuilder builder) {
                builder.addInterceptorLast(interceptor);
            }
        };
    }

    /**
     * Index names of work that runs on a timer rather than for the operation under test (the result-effects
     * recovery sweep refreshes and searches its outbox, the calendar reloads administrators' years,
     * whenever their intervals come round), so a count does not depend on when a timer fires.
     */
    private static final List<String> BACKGROUND = List.of("result_effects", "calendar_years");

    /**
     * Requests sent since the last {@link #reset()} whose line contains any of {@code markers}, leaving
     * out the {@link #BACKGROUND} timers' requests.
     */
    public static List<String> since(String... markers) {
        return REQUESTS.stream()
                .filter(r -> BACKGROUND.stream().noneMatch(r::contains))
                .filter(r -> markers.length == 0 || java.util.Arrays.stream(markers).anyMatch(r::contains)).toList();
    }

    public static void reset() {
        REQUESTS.clear();
    }
}
