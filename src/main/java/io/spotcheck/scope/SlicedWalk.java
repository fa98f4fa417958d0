package io.spotcheck.scope;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scope's walk in public-key order, read as several slices of one point in time and merged.
 *
 * <p>A page of a walk sorted by a keyword and continued with {@code search_after} makes Elasticsearch
 * compare every matching document of its shard against the page's last key, those already passed
 * included: one walk over M members in pages of P costs about M²/P comparisons, which outgrows the
 * members from a few hundred thousand on. Slices of a point in time are contiguous ranges of
 * document ids (Elasticsearch's {@code DocIdSliceQuery}); a page of one slice looks only at its
 * range. Each slice is walked in key order and the slices are merged here by the same order
 * ({@link Utf8#ORDER}, Elasticsearch's keyword order), so the members come out exactly as one walk
 * would give them. While the slices hold a bounded number each the cost grows with the members; past
 * {@link #BUFFERED_MEMBERS} in pages the comparisons grow again as M², but as many times fewer as
 * there are slices.
 *
 * <p>Memory: one page per slice, {@link #BUFFERED_MEMBERS} members at most. Plain logic over a
 * {@link Reader}; the scope job passes one that searches the subject directory.
 */
final class SlicedWalk {

    /** Reads one page of one slice (of {@code slices}) past {@code after}, on point in time {@code pit}. */
    @FunctionalInterface
    interface Reader {
        ScopeStore.Chunk read(String pit, int slice, int slices, List<FieldValue> after, int size);
    }

    /** Members per slice the walk aims at by default ({@code spotcheck.scope.members-per-slice}). */
    static final long MEMBERS_PER_SLICE = 100_000;
    /** At most this many slices however small the pages (Elasticsearch's default {@code index.max_slices_per_scroll}). */
    static final int MAX_SLICES = 1024;
    /**
     * Members held in the slices' pages together, at most. The comparisons all pages of a walk make
     * add up to about M² / (slices × page): once the pages together hold this many, more slices
     * would only make the pages smaller, so the slices stop there instead.
     */
    static final int BUFFERED_MEMBERS = 160_000;
    private final Reader reader;
    private final int slices;
    private final int pageSize;
    private final List<ArrayDeque<DrawMember>> buffers = new ArrayList<>();
    private final List<List<FieldValue>> after = new ArrayList<>();
    private final boolean[] done;
    private final PriorityQueue<Integer> heads;
    private String pit;
    private boolean started;

    SlicedWalk(Reader reader, String pit, int slices, int pageSize) {
        if (slices < 1 || pageSize < 1) {
            throw new IllegalArgumentException("a walk needs at least one slice and a page of at least one member");
        }
        this.reader = reader;
        this.pit = pit;
        this.slices = slices;
        this.pageSize = pageSize;
        this.done = new boolean[slices];
        for (int i = 0; i < slices; i++) {
            buffers.add(new ArrayDeque<>());
            after.add(null);
        }
        this.heads = new PriorityQueue<>(Math.max(1, slices), (a, b) -> Utf8.ORDER.compare(buffers.get(a).peek().code(), buffers.get(b).peek().code()));
    }

    /**
     * Slices for a walk expected to give {@code members} in pages of {@code pageSize}: one per about
     * {@code perSlice} members, no more than {@link #BUFFERED_MEMBERS} in pages can hold.
     */
    static int slicesFor(long members, long perSlice, int pageSize) {
        long per = Math.max(1, perSlice);
        long wanted = (Math.max(0, members) + per - 1) / per;
        int cap = Math.max(1, Math.min(MAX_SLICES, BUFFERED_MEMBERS / Math.max(1, pageSize)));
        return (int) Math.max(1, Math.min(cap, wanted));
    }

    /** The next at most {@code n} members in key order; fewer only when the walk is over. */
    List<DrawMember> next(int n) {
        if (!started) {
            started = true;
            for (int s = 0; s < slices; s++) {
                refill(s);
            }
        }
        List<DrawMember> out = new ArrayList<>(n);
        while (out.size() < n && !heads.isEmpty()) {
            int s = heads.poll();
            out.add(buffers.get(s).poll());
            if (buffers.get(s).isEmpty()) {
                refill(s);
            } else {
                heads.add(s);
            }
        }
        return out;
    }

    /** The point in time as Elasticsearch last named it (an answer may carry a new id for the same one). */
    String pit() {
        return pit;
    }

    private void refill(int s) {
        if (done[s]) {
            return;
        }
        ScopeStore.Chunk page = reader.read(pit, s, slices, after.get(s), pageSize);
        if (page.pit() != null && !page.pit().isEmpty()) {
            pit = page.pit();
        }
        buffers.get(s).addAll(page.members());
        after.set(s, page.lastSort());
        if (page.members().size() < pageSize) {
            done[s] = true;
        }
        if (!buffers.get(s).isEmpty()) {
            heads.add(s);
        }
    }
}
