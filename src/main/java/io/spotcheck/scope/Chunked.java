package io.spotcheck.scope;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A sequence read in parts (a frozen snapshot, chunk by chunk): iterated item by item or, by
 * {@link #chunks()}, as the lists it is read in — the same items in the same order.
 */
public interface Chunked<T> extends Iterable<T> {

    /** The items as the lists they are read in, in order; each call reads them again. */
    Iterator<List<T>> chunks();

    @Override
    default Iterator<T> iterator() {
        Iterator<List<T>> chunks = chunks();
        return new Iterator<>() {
            Iterator<T> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (!chunks.hasNext()) {
                        return false;
                    }
                    current = chunks.next().iterator();
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
