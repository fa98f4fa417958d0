package io.spotcheck.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexBootstrap;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CalendarServiceTest {

    @Test
    void readersGetTheCalendarInForceWhileAReloadWaitsForElasticsearch() throws Exception {
        CalendarStore store = mock(CalendarStore.class);
        // the start-up load: Wednesday 2031-10-15 made a holiday by an administrator
        when(store.all()).thenReturn(List.of(new CalendarStore.StoredYear(2031, List.of("2031-10-15"), List.of(), "test", "admin",
                Instant.parse("2031-01-01T00:00:00Z"))));
        IndexBootstrap indices = mock(IndexBootstrap.class);
        doAnswer(invocation -> {
            ((Runnable) invocation.getArgument(0)).run();
            return null;
        }).when(indices).whenReady(any());
        CalendarService calendars = new CalendarService(store, new ObjectMapper(), indices);
        WorkingDayCalendar before = calendars.current();

        CountDownLatch reloading = new CountDownLatch(1);
        CountDownLatch slow = new CountDownLatch(1);
        when(store.all()).thenAnswer(invocation -> {
            reloading.countDown();
            slow.await(30, TimeUnit.SECONDS);
            return List.of();
        });
        var scheduler = Executors.newSingleThreadExecutor();
        try {
            scheduler.submit(calendars::refresh);
            assertThat(reloading.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                assertThat(calendars.current()).isSameAs(before);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("1000 reads during a reload").isLessThan(1000);
            assertThat(before.isWorkingDay(LocalDate.parse("2031-10-15"))).isFalse();
        } finally {
            slow.countDown();
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(calendars.current().isWorkingDay(LocalDate.parse("2031-10-15")))
                .as("the year withdrawn on another instance, in force here once the reload answered").isTrue();
    }
}
