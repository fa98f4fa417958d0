package io.spotcheck.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;

/** Every operation entry point decides with the caller: none may forget to ask. */
class ResolversAskWhoIsCallingTest {

    @Test
    void everyQueryMutationAndSubscriptionTakesTheCaller() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        List<String> operations = new ArrayList<>();
        List<String> ignoring = new ArrayList<>();
        for (BeanDefinition bean : scanner.findCandidateComponents("io.spotcheck")) {
            for (Method method : Class.forName(bean.getBeanClassName()).getDeclaredMethods()) {
                boolean operation = method.isAnnotationPresent(QueryMapping.class)
                        || method.isAnnotationPresent(MutationMapping.class)
                        || method.isAnnotationPresent(SubscriptionMapping.class);
                if (!operation) {
                    continue;
                }
                operations.add(method.toString());
                if (Arrays.stream(method.getParameterTypes()).noneMatch(Caller.class::equals)) {
                    ignoring.add(method.getDeclaringClass().getSimpleName() + "." + method.getName());
                }
            }
        }
        assertThat(operations).isNotEmpty();
        assertThat(ignoring).as("operations that do not take a Caller").isEmpty();
    }
}
