package io.spotcheck.search;

import java.util.List;

/** Relay page info whose start and end cursors are those of the first and last edge, sealed only if asked for. */
public record LazyPageInfo(boolean hasNextPage, boolean hasPreviousPage, LazyEdge<?> first, LazyEdge<?> last) {

    public static LazyPageInfo of(boolean hasNextPage, List<? extends LazyEdge<?>> edges) {
        return edges.isEmpty() ? new LazyPageInfo(hasNextPage, false, null, null)
                : new LazyPageInfo(hasNextPage, false, edges.get(0), edges.get(edges.size() - 1));
    }

    public String startCursor() {
        return first == null ? null : first.getCursor();
    }

    public String endCursor() {
        return last == null ? null : last.getCursor();
    }
}
