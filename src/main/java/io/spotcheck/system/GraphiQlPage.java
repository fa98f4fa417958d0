package io.spotcheck.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code /graphiql}: GraphiQL bundled at build time from the npm registry into
 * {@code static/graphiql/} (frontend/graphiql), so the page loads nothing from outside the server.
 * Spring for GraphQL's own page is off ({@code spring.graphql.graphiql.enabled}): it loads React and
 * GraphiQL from a CDN.
 */
@Configuration(proxyBeanMethods = false)
public class GraphiQlPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/graphiql", "/graphiql/");
        registry.addViewController("/graphiql/").setViewName("forward:/graphiql/index.html");
    }
}
