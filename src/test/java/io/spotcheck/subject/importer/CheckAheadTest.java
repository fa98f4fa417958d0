package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotcheck.subject.write.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckAheadTest {

    /** Records 1..n as lines without input; every 7th is blank (parses to nothing). */
    private static Iterator<ImportRecords.Record> records(int n, AtomicInteger read) {
        return new Iterator<>() {
            int at;

            @Override
            public boolean hasNext() {
                return at < n;
            }

            @Override
            public ImportRecords.Record next() {
                long number = ++at;
                read.incrementAndGet();
                return () -> number % 7 == 0 ? null : new ImportRecords.Line(number, null, List.of());
            }
        };
    }

    @Test
    void linesComeBackCheckedInLineOrderWithBlankRecordsLeftOut() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Long> numbers = new ArrayList<>();
        try (CheckAhead lines = new CheckAhead(records(10_000, new AtomicInteger()), line -> {
            threads.add(Thread.currentThread().getName());
            return new ImportRecords.Line(line.number(), null, List.of(FieldError.of("CHECKED", "checked")));
        }, 64, 3)) {
            while (lines.hasNext()) {
                ImportRecords.Line line = lines.next();
                assertThat(line.errors()).extracting(FieldError::code).containsExactly("CHECKED");
                numbers.add(line.number());
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 10_000; i++) {
            if (i % 7 != 0) {
                expected.add(i);
            }
        }
        assertThat(numbers).isEqualTo(expected);
        assertThat(threads).allMatch(name -> name.startsWith("import-check-"))
                .doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void readsAtMostTwoBatchesPerCheckerAhead() {
        AtomicInteger read = new AtomicInteger();
        try (CheckAhead lines = new CheckAhead(records(100_000, read), line -> line, 100, 2)) {
            assertThat(lines.hasNext()).isTrue();
            lines.next();
            // two checkers: four batches out, one taken and replaced
            assertThat(read.get()).isLessThanOrEqualTo(5 * 100);
        }
    }

    @Test
    void aFailedCheckEndsTheIterationWithItsOwnException() {
        try (CheckAhead lines = new CheckAhead(records(1_000, new AtomicInteger()), line -> {
            if (line.number() == 500) {
                throw new IllegalArgumentException("line 500");
            }
            return line;
        }, 64, 1)) {
            assertThatThrownBy(() -> {
                while (lines.hasNext()) {
                    lines.next();
                }
            }).isInstanceOf(IllegalArgumentException.class).hasMessage("line 500");
        }
    }
}
