package io.spotcheck.system;

import graphql.relay.Connection;
import graphql.relay.ConnectionCursor;
import graphql.relay.DefaultConnectionCursor;
import graphql.relay.DefaultEdge;
import graphql.relay.DefaultPageInfo;
import graphql.relay.Edge;
import graphql.relay.PageInfo;
import java.util.List;
import java.util.Map;

/**
 * A hand-built page for any {@code XxxConnection { edges { cursor node } pageInfo totalCount }}.
 * It is a graphql-java {@link Connection}, which Spring for GraphQL's connection support passes
 * through untouched (a plain map or record would be refused for a type named *Connection).
 */
public final class CountedConnection<T> implements Connection<T> {

    private final List<Edge<T>> edges;
    private final PageInfo pageInfo;
    private final long totalCount;

    private CountedConnection(List<Edge<T>> edges, PageInfo pageInfo, long totalCount) {
        this.edges = edges;
        this.pageInfo = pageInfo;
        this.totalCount = totalCount;
    }

    /** @param nodes cursor → node, in page order */
    public static <T> CountedConnection<T> of(List<Map.Entry<String, T>> nodes, boolean hasNextPage, long totalCount) {
        List<Edge<T>> edges = nodes.stream().<Edge<T>>map(e -> new DefaultEdge<>(e.getValue(), new DefaultConnectionCursor(e.getKey()))).toList();
        ConnectionCursor start = edges.isEmpty() ? null : edges.get(0).getCursor();
        ConnectionCursor end = edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor();
        return new CountedConnection<>(edges, new DefaultPageInfo(start, end, false, hasNextPage), totalCount);
    }

    @Override
    public List<Edge<T>> getEdges() {
        return edges;
    }

    @Override
    public PageInfo getPageInfo() {
        return pageInfo;
    }

    public long getTotalCount() {
        return totalCount;
    }
}
