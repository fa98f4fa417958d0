package io.spotcheck.api;

import java.util.function.Supplier;

/**
 * An edge of any connection. Its cursor is encoded only when a client selects it: most pages are
 * read for their nodes, and encoding every row's position would be most of the work of a page.
 */
public final class Edge<T> {

    private final T node;
    private Supplier<String> encode;
    private String cursor;

    public Edge(T node, Supplier<String> encode) {
        this.node = node;
        this.encode = encode;
    }

    /** An edge whose cursor is already known. */
    public static <T> Edge<T> of(T node, String cursor) {
        Edge<T> edge = new Edge<>(node, null);
        edge.cursor = cursor;
        return edge;
    }

    public T getNode() {
        return node;
    }

    public String getCursor() {
        if (cursor == null && encode != null) {
            cursor = encode.get();
            encode = null;
        }
        return cursor;
    }
}
