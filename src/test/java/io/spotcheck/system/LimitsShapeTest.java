package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.analysis.FieldComplexityEnvironment;
import graphql.parser.Parser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsShapeTest {

    @Test
    void fragmentsCountAsIfWrittenOutInPlace() {
        LimitsInstrumentation.Shape shape = LimitsInstrumentation.Shape.of(Parser.parse(
                "{ a: viewer { ...F ...F } } fragment F on Viewer { x: id name }"));
        assertThat(shape.fields()).isEqualTo(5);
        assertThat(shape.aliases()).isEqualTo(3);
    }

    @Test
    void aFragmentBombIsCountedInLinearTimeAndSaturates() {
        StringBuilder doc = new StringBuilder("{ viewer { ...F0 } } ");
        for (int i = 0; i < 80; i++) {
            doc.append("fragment F").append(i).append(" on Viewer { ...F").append(i + 1).append(" ...F").append(i + 1).append(" } ");
        }
        doc.append("fragment F80 on Viewer { id }");
        LimitsInstrumentation.Shape shape = LimitsInstrumentation.Shape.of(Parser.parse(doc.toString()));
        assertThat(shape.fields()).isEqualTo(LimitsInstrumentation.Shape.CAP);
    }

    @Test
    void cyclicFragmentsTerminateAndAreLeftToValidation() {
        LimitsInstrumentation.Shape shape = LimitsInstrumentation.Shape.of(Parser.parse(
                "{ viewer { ...A } } fragment A on Viewer { id ...B } fragment B on Viewer { name ...A }"));
        assertThat(shape.fields()).isEqualTo(3);
    }

    @Test
    void complexityMultipliesWhatAPageSelectsByItsSize() {
        ComplexityCalculator calculator = new ComplexityCalculator(200);
        assertThat(calculator.calculate(environment(Map.of("first", 50)), 10)).isEqualTo(501);
        assertThat(calculator.calculate(environment(Map.of("last", 3)), 10)).isEqualTo(31);
        assertThat(calculator.calculate(environment(Map.of()), 10)).isEqualTo(11);
        assertThat(calculator.calculate(environment(Map.of("first", Integer.MAX_VALUE)), Integer.MAX_VALUE))
                .isEqualTo(Integer.MAX_VALUE / 2);
    }

    @Test
    void theResponseMediaTypeFollowsAcceptWithJsonAsTheFallback() {
        assertThat(GraphQlOverHttpHandler.responseType((null))).isEqualTo(org.springframework.http.MediaType.APPLICATION_JSON);
        assertThat(GraphQlOverHttpHandler.responseType(("application/graphql-response+json, application/json;q=0.9")))
                .isEqualTo(GraphQlOverHttpHandler.GRAPHQL_RESPONSE);
        assertThat(GraphQlOverHttpHandler.responseType(("application/json, application/graphql-response+json;q=0.5")))
                .isEqualTo(org.springframework.http.MediaType.APPLICATION_JSON);
        assertThat(GraphQlOverHttpHandler.responseType(("*/*"))).isEqualTo(org.springframework.http.MediaType.APPLICATION_JSON);
        assertThat(GraphQlOverHttpHandler.responseType(("garbage;;;"))).isEqualTo(org.springframework.http.MediaType.APPLICATION_JSON);
    }

    private static FieldComplexityEnvironment environment(Map<String, Object> arguments) {
        return new FieldComplexityEnvironment(null, null, null, arguments, null);
    }
}
