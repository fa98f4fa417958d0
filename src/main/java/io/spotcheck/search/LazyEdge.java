package io.spotcheck.search;

import java.util.function.Supplier;

/**
 * A connection edge whose cursor is sealed (encrypted and signed, see {@link Cursor}) only when a
 * client selects it: most pages are read for their nodes, and sealing every row's sort values was
 * the largest part of building a page.
 */
public final class LazyEdge<T> {

    private final T node;
    private final Supplier<String> seal;
    private String cursor;

    public LazyEdge(T node, Supplier<String> seal) {
        this.node = node;
        this.seal = seal;
    }

    public T getNode() {
        return node;
    }

    public String getCursor() {
        if (cursor == null) {
            cursor = seal.get();
        }
        return cursor;
    }
}
