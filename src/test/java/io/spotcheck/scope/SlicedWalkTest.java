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
    void slicesGrowWithTheMembersAndPagesShrinkSoTheBufferStaysBounded() {
        assertEquals(1, SlicedWalk.slicesFor(0, SlicedWalk.MEMBERS_PER_SLICE));
        assertEquals(1, SlicedWalk.slicesFor(SlicedWalk.MEMBERS_PER_SLICE, SlicedWalk.MEMBERS_PER_SLICE));
        assertEquals(2, SlicedWalk.slicesFor(SlicedWalk.MEMBERS_PER_SLICE + 1, SlicedWalk.MEMBERS_PER_SLICE));
        assertEquals(31, SlicedWalk.slicesFor(3_040_213, SlicedWalk.MEMBERS_PER_SLICE));
        assertEquals(SlicedWalk.MAX_SLICES, SlicedWalk.slicesFor(188_000_000L, SlicedWalk.MEMBERS_PER_SLICE));
        assertEquals(5000, SlicedWalk.pageFor(1, 5000));
        assertEquals(5000, SlicedWalk.pageFor(10, 5000));
        assertEquals(5000, SlicedWalk.pageFor(31, 5000));
        assertEquals(4000, SlicedWalk.pageFor(40, 5000));
        assertEquals(SlicedWalk.MIN_PAGE, SlicedWalk.pageFor(SlicedWalk.MAX_SLICES, 5000));
        assertEquals(7, SlicedWalk.pageFor(4, 7), "a page is never larger than a chunk");
        for (int slices = 1; slices <= SlicedWalk.MAX_SLICES; slices++) {
            long buffered = (long) slices * SlicedWalk.pageFor(slices, 5000);
            assertTrue(buffered <= Math.max(SlicedWalk.BUFFERED_MEMBERS, (long) slices * SlicedWalk.MIN_PAGE), "slices " + slices);
        }
    }
}
