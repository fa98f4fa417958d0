package io.spotcheck.draw;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One list of a draw record kept in parts ({@link DrawStore}), read a part at a time as it is used.
 * The head counts the lines of each part, so the list knows its size and which part holds row
 * {@code i} without reading any: a page of {@code selectedSubjects} reads the one or two parts it
 * falls in, and a walk over the whole list (the public record) holds one part at a time, however
 * large the scope. A row is parsed when it is asked for (a drawn subject's rank is a
 * SHA-256 of its key, computed on read). A part that is gone, or holds another number of lines than
 * the head counts, is an error, never a shorter list. Readers share the one part held, under the
 * list's lock.
 */
final class PartedList<T> extends AbstractList<T> implements RandomAccess {

    /** {@code firstRow[p]} is the index of part {@code p}'s first row; the last entry is the size. */
    private final int[] firstRow;
    private final IntFunction<String> readPart;
    private final Function<String, T> parse;

    private int heldPart = -1;
    private String heldText;
    private int[] heldStarts;

    /**
     * @param partLines the number of lines in each part, in order
     * @param readPart  the text of part {@code seq}; throws when the part is gone
     * @param parse     one line (without its line end) to its row
     */
    PartedList(List<Integer> partLines, IntFunction<String> readPart, Function<String, T> parse) {
        this.firstRow = new int[partLines.size() + 1];
        for (int p = 0; p < partLines.size(); p++) {
            int lines = partLines.get(p);
            if (lines < 1) {
                throw new IllegalArgumentException("part " + p + " is counted with " + lines + " lines");
            }
            firstRow[p + 1] = Math.addExact(firstRow[p], lines);
        }
        this.readPart = readPart;
        this.parse = parse;
    }

    @Override
    public int size() {
        return firstRow[firstRow.length - 1];
    }

    @Override
    public synchronized T get(int index) {
        Objects.checkIndex(index, size());
        int found = Arrays.binarySearch(firstRow, 0, firstRow.length - 1, index);
        int part = found >= 0 ? found : -found - 2;
        if (part != heldPart) {
            hold(part);
        }
        int start = heldStarts[index - firstRow[part]];
        int end = heldText.indexOf('\n', start);
        return parse.apply(heldText.substring(start, end < 0 ? heldText.length() : end));
    }

    private void hold(int part) {
        String text = readPart.apply(part);
        int expected = firstRow[part + 1] - firstRow[part];
        int[] starts = new int[expected];
        int lines = 0;
        for (int at = 0; at < text.length(); ) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            if (end > at) {
                if (lines == expected) {
                    throw new IllegalStateException("part " + part + " holds more lines than the " + expected + " its head counts");
                }
                starts[lines++] = at;
            }
            at = end + 1;
        }
        if (lines != expected) {
            throw new IllegalStateException("part " + part + " holds " + lines + " lines, its head counts " + expected);
        }
        heldPart = part;
        heldText = text;
        heldStarts = starts;
    }

    /** A view of {@code list} with {@code f} applied to each row as it is read (nothing is copied). */
    static <A, B> List<B> mapped(List<A> list, Function<A, B> f) {
        return new Mapped<>(list, f);
    }

    private static final class Mapped<A, B> extends AbstractList<B> implements RandomAccess {
        private final List<A> list;
        private final Function<A, B> f;

        Mapped(List<A> list, Function<A, B> f) {
            this.list = list;
            this.f = f;
        }

        @Override
        public B get(int index) {
            return f.apply(list.get(index));
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
