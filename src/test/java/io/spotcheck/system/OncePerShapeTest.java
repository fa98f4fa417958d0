package io.spotcheck.system;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

class OncePerShapeTest {

    @Test
    void onlyVariablesGivenToFirstLastOrADirectiveMakeAShape() {
        var document = Parser.parse("""
                query($f: SubjectFilter!, $n: Int, $m: Int, $show: Boolean!, $text: String) {
                  subjects(filter: $f, first: $n) { edges { node { name @include(if: $show) } } }
                  other: subjects(filter: { text: $text }, last: $m) { totalCount }
                  ...more
                }
                fragment more on Query { inspectors(first: $n) { totalCount } }""");
        assertThat(OncePerShape.shapeVariables(document)).containsExactly("m", "n", "show");
    }
}
