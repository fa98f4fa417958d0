package io.spotcheck.system;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;

/**
 * A field costs 1 plus what it selects; a page ({@code first}/{@code last}) multiplies what it
 * selects by its size, so {@code subjects(first:200){ edges { node { tags {…} } } }} costs what it
 * will fetch, not what it looks like.
 */
public class ComplexityCalculator implements FieldComplexityCalculator {

    private final int maxPageSize;

    public ComplexityCalculator(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    @Override
    public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
        long multiplier = Math.max(pageSize(environment.getArguments().get("first")), pageSize(environment.getArguments().get("last")));
        long cost = 1 + (long) childComplexity * Math.max(1, multiplier);
        return (int) Math.min(Integer.MAX_VALUE / 2, cost);
    }

    private long pageSize(Object value) {
        if (value instanceof Number n) {
            // A page larger than the cap is refused elsewhere; counting it as huge here as well
            // keeps the complexity limit honest if the page cap is ever raised.
            return Math.max(0, n.longValue());
        }
        return 0;
    }

    int maxPageSize() {
        return maxPageSize;
    }
}
