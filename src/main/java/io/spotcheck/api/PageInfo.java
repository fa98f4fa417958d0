package io.spotcheck.api;

/** Relay page information; the start and end cursors are those of the first and last edge, encoded only if asked for. */
public final class PageInfo {

    private final boolean hasNextPage;
    private final Edge<?> first;
    private final Edge<?> last;

    PageInfo(boolean hasNextPage, Edge<?> first, Edge<?> last) {
        this.hasNextPage = hasNextPage;
        this.first = first;
        this.last = last;
    }

    public boolean isHasNextPage() {
        return hasNextPage;
    }

    /** Connections are forward-only. */
    public boolean isHasPreviousPage() {
        return false;
    }

    public String getStartCursor() {
        return first == null ? null : first.getCursor();
    }

    public String getEndCursor() {
        return last == null ? null : last.getCursor();
    }
}
