package io.spotcheck.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one Java shape of every {@code XxxConnection { edges { cursor node } nodes pageInfo totalCount facets }}
 * in the schema. Not a collection and not graphql-java's {@code Connection}: Spring for GraphQL's
 * connection support passes any other object through untouched, and the fields resolve by their
 * getters. {@code facets} is whatever the feature's facet type is, or null; a connection with a
 * field of its own extends this class.
 */
public class Connection<T> {

    private final List<Edge<T>> edges;
    private final PageInfo pageInfo;
    private final Long totalCount;
    private final Object facets;

    /** For a connection type with a field of its own beyond these (a subclass adds its getter). */
    protected Connection(List<Edge<T>> edges, boolean hasNextPage, Long totalCount, Object facets) {
        this.edges = edges;
        this.pageInfo = new PageInfo(hasNextPage, edges.isEmpty() ? null : edges.get(0), edges.isEmpty() ? null : edges.get(edges.size() - 1));
        this.totalCount = totalCount;
        this.facets = facets;
    }

    public static <T> Connection<T> of(List<Edge<T>> edges, boolean hasNextPage, Long totalCount) {
        return new Connection<>(edges, hasNextPage, totalCount, null);
    }

    public static <T> Connection<T> of(List<Edge<T>> edges, boolean hasNextPage, Long totalCount, Object facets) {
        return new Connection<>(edges, hasNextPage, totalCount, facets);
    }

    /** @param nodes cursor → node, in page order */
    public static <T> Connection<T> ofEntries(List<Map.Entry<String, T>> nodes, boolean hasNextPage, long totalCount) {
        return new Connection<>(nodes.stream().map(e -> Edge.of(e.getValue(), e.getKey())).toList(), hasNextPage, totalCount, null);
    }

    /**
     * A page of a list held whole in memory (a draw's selected subjects, a task's assignments):
     * the cursor is the offset of the row, encoded like any other, for the list {@code fingerprint} names.
     */
    public static <T> Connection<T> slice(List<T> all, Integer first, String after, int defaultSize, int maxSize,
                                          CursorCodec codec, String fingerprint) {
        int size = first == null ? defaultSize : first;
        if (size < 1 || size > maxSize) {
            throw io.spotcheck.system.SpotcheckException.badInput("first", "first must be between 1 and " + maxSize);
        }
        int from = 0;
        if (after != null) {
            List<Object> position = codec.decode(after, fingerprint).after();
            if (position.size() != 1 || !(position.get(0) instanceof Long offset) || offset < 0 || offset >= Integer.MAX_VALUE) {
                throw CursorCodec.invalid();
            }
            from = (int) (offset + 1);
        }
        int to = (int) Math.min(all.size(), (long) from + size);
        List<Edge<T>> edges = new java.util.ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            long offset = i;
            edges.add(new Edge<>(all.get(i), () -> codec.encode(fingerprint, null, List.of(offset))));
        }
        return new Connection<>(edges, to < all.size(), (long) all.size(), null);
    }

    public List<Edge<T>> getEdges() {
        return edges;
    }

    /** The nodes of the edges, for clients that need no cursor per row. */
    public List<T> getNodes() {
        return edges.stream().map(Edge::getNode).toList();
    }

    public PageInfo getPageInfo() {
        return pageInfo;
    }

    public Long getTotalCount() {
        return totalCount;
    }

    public Object getFacets() {
        return facets;
    }

    public <R> Connection<R> map(Function<T, R> f) {
        List<Edge<R>> mapped = edges.stream().map(e -> new Edge<>(f.apply(e.getNode()), e::getCursor)).toList();
        return new Connection<>(mapped, pageInfo.isHasNextPage(), totalCount, facets);
    }
}
