package io.spotcheck.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlicedWalkTest {

    /**
     * What Elasticsearch does with a sliced point in time, kept to what the walk relies on: slice i of n
     * is a contiguous range of document ids; its pages come in keyword (UTF-8 byte) order past the
     * last page's sort value.
     */
    private static final class Directory implements SlicedWalk.Reader {
        final List<DrawMember> docs;
        final List<int[]> reads = new ArrayList<>();
        final java.util.Map<String, List<DrawMember>> sorted = new java.util.HashMap<>();
        int maxPageAnswered;

        Directory(List<DrawMember> docs) {
            this.docs = docs;
        }

        @Override
        public ScopeStore.Chunk read(String pit, int slice, int slices, List<FieldValue> after, int size) {
            List<DrawMember> range = sorted.computeIfAbsent(slice + "/" + slices, k -> {
                int from = (int) ((long) docs.size() * slice / slices);
                int to = (int) ((long) docs.size() * (slice + 1) / slices);
                List<DrawMember> r = new ArrayList<>(docs.subList(from, to));
                r.sort((a, b) -> Arrays.compareUnsigned(a.code().getBytes(StandardCharsets.UTF_8), b.code().getBytes(StandardCharsets.UTF_8)));
                return r;
            });
            String last = after == null ? null : after.get(0).stringValue();
            int start = 0;
            while (last != null && start < range.size() && Utf8.compare(range.get(start).code(), last) <= 0) {
                start++;
            }
            List<DrawMember> page = range.subList(start, Math.min(range.size(), start + size));
            reads.add(new int[] {slice, slices, page.size()});
            maxPageAnswered = Math.max(maxPageAnswered, page.size());
            return new ScopeStore.Chunk(page, page.isEmpty() ? after : List.of(FieldValue.of(page.get(page.size() - 1).code())), pit + "'");
        }
    }

    private static List<DrawMember> members(int n, long seed) {
        Random random = new Random(seed);
        String[] alphabet = {"0", "9", "A", "Z", "浙", "\uE000", "\uD83D\uDE00", "é"};
        List<DrawMember> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (out.size() < n) {
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(6);
            for (int i = 0; i < length; i++) {
                key.append(alphabet[random.nextInt(alphabet.length)]);
            }
            if (seen.add(key.toString())) {
                out.add(new DrawMember(key.toString(), "A", "330100", "ACTIVE", "ENTERPRISE"));
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static List<String> keysInByteOrder(List<DrawMember> members) {
        return members.stream().map(DrawMember::code).sorted(Utf8.ORDER).toList();
    }

    @Test
    void mergesTheSlicesIntoTheOrderOfOneWalkInUtf8ByteOrder() {
        List<DrawMember> docs = members(3_000, 7);
        for (int slices : new int[] {1, 2, 3, 7, 64}) {
            for (int page : new int[] {1, 13, 500}) {
                for (int chunk : new int[] {1, 97, 3000}) {
                    Directory directory = new Directory(docs);
                    SlicedWalk walk = new SlicedWalk(directory, "pit", slices, page);
                    List<String> walked = new ArrayList<>();
                    List<DrawMember> next;
                    do {
                        next = walk.next(chunk);
                        next.forEach(m -> walked.add(m.code()));
                        assertTrue(next.size() == chunk || walk.next(chunk).isEmpty(), "a short chunk only at the end");
                    } while (next.size() == chunk);
                    assertEquals(keysInByteOrder(docs), walked, slices + " slices, pages of " + page + ", chunks of " + chunk);
                    assertTrue(directory.maxPageAnswered <= page);
                }
            }
        }
    }

    @Test
    void holdsOnePageAtMostPerSliceAndReadsEachSliceOnlyAsFarAsTheMergeNeeds() {
        List<DrawMember> docs = members(10_000, 11);
        Directory directory = new Directory(docs);
        SlicedWalk walk = new SlicedWalk(directory, "pit", 8, 100);
        List<DrawMember> first = walk.next(50);
        assertEquals(keysInByteOrder(docs).subList(0, 50), first.stream().map(DrawMember::code).toList());
        // The first chunk needs every slice's first page and nothing more: 50 members come from at most 8 first pages.
        assertEquals(8, directory.reads.size());
        assertTrue(directory.reads.stream().allMatch(r -> r[1] == 8));
    }

    @Test
    void followsThePointInTimeAsElasticsearchRenamesIt() {
        Directory directory = new Directory(members(100, 3));
        SlicedWalk walk = new SlicedWalk(directory, "pit", 4, 10);
        walk.next(5);
        assertEquals("pit''''", walk.pit(), "each of the four first pages answered a new id and the next read used it");
    }

    @Test
    void anEmptyDirectoryEndsAtOnce() {
        SlicedWalk walk = new SlicedWalk(new Directory(List.of()), "pit", 3, 10);
        assertTrue(walk.next(10).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new SlicedWalk(new Directory(List.of()), "pit", 0, 10));
    }

    @Test
    void slicesGrowWithTheMembersUntilTheirPagesWouldHoldTooMany() {
        long per = SlicedWalk.MEMBERS_PER_SLICE;
        assertEquals(1, SlicedWalk.slicesFor(0, per, 5000));
        assertEquals(1, SlicedWalk.slicesFor(per, per, 5000));
        assertEquals(2, SlicedWalk.slicesFor(per + 1, per, 5000));
        assertEquals(31, SlicedWalk.slicesFor(3_040_213, per, 5000));
        assertEquals(32, SlicedWalk.slicesFor(188_000_000L, per, 5000), "32 pages of 5,000 hold the 160,000");
        assertEquals(320, SlicedWalk.slicesFor(188_000_000L, per, 500));
        assertEquals(SlicedWalk.MAX_SLICES, SlicedWalk.slicesFor(188_000_000L, per, 7));
        assertEquals(1, SlicedWalk.slicesFor(188_000_000L, per, 1_000_000), "a page larger than the budget still walks");
        assertEquals(23, SlicedWalk.slicesFor(2300, 100, 500));
        for (int page : new int[] {1, 7, 500, 5000, 20_000}) {
            for (long members : new long[] {1, 99_999, 3_040_213, 188_000_000L}) {
                long buffered = (long) SlicedWalk.slicesFor(members, per, page) * page;
                assertTrue(buffered <= Math.max(SlicedWalk.BUFFERED_MEMBERS, page), page + " / " + members);
            }
        }
    }
}
