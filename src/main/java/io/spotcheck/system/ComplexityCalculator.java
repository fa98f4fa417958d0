package io.spotcheck.system;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * What a query will fetch, not what it looks like. A field that returns an object (or a list of
 * objects) costs 1 plus what it selects; a scalar or enum field costs nothing, because it is read
 * from the document its parent already fetched; a page ({@code first}/{@code last}) multiplies
 * its rows by its size: on a connection the {@code edges} (or {@code nodes}) below it, on any other
 * field what it selects. So {@code subjects(first: 200) { totalCount edges { node { code name tags { name } } } }}
 * costs 1 + edges (1 + 200 × (node 1 + tags 1)) = 402, whatever number of scalar columns the list shows.
 */
public class ComplexityCalculator implements FieldComplexityCalculator {

    private final int maxPageSize;

    public ComplexityCalculator(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    @Override
    public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
        if (isLeaf(environment.getFieldDefinition())) {
            return 0;
        }
        long multiplier;
        if (isConnection(environment.getFieldDefinition())) {
            // The page size multiplies the rows (edges/nodes below), not totalCount, pageInfo or facets.
            multiplier = 1;
        } else if (isRows(environment) ) {
            multiplier = multiplier(environment.getParentEnvironment().getArguments());
        } else {
            multiplier = multiplier(environment.getArguments());
        }
        long cost = 1 + (long) childComplexity * Math.max(1, multiplier);
        return (int) Math.min(Integer.MAX_VALUE / 2, cost);
    }

    /** The page size a field's arguments ask for, 0 when it takes none. */
    static long multiplier(java.util.Map<String, Object> arguments) {
        return Math.max(pageSize(arguments.get("first")), pageSize(arguments.get("last")));
    }

    /** A field returning a connection: an object type with an {@code edges} field. */
    static boolean isConnection(GraphQLFieldDefinition definition) {
        return definition != null && GraphQLTypeUtil.unwrapAll(definition.getType()) instanceof graphql.schema.GraphQLObjectType object
                && object.getFieldDefinition("edges") != null;
    }

    /** The {@code edges} or {@code nodes} of a connection, which the connection's page size multiplies. */
    private static boolean isRows(FieldComplexityEnvironment environment) {
        FieldComplexityEnvironment parent = environment.getParentEnvironment();
        String name = environment.getField() == null ? null : environment.getField().getName();
        return parent != null && ("edges".equals(name) || "nodes".equals(name)) && isConnection(parent.getFieldDefinition());
    }

    static boolean isLeaf(GraphQLFieldDefinition definition) {
        if (definition == null) {
            return false;
        }
        GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
        return GraphQLTypeUtil.isLeaf(type);
    }

    private static long pageSize(Object value) {
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
