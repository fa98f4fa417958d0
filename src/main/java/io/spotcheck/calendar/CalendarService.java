package io.spotcheck.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.search.IndexBootstrap;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The working-day calendar in force: the bundled {@code seeds/calendar/cn-holidays.json} with the
 * years an administrator set through {@code setCalendarYear} laid over it (an administrator's year
 * replaces the bundled one as a whole); a year in neither has its statutory holidays by rule and is
 * provisional ({@link WorkingDayCalendar#provisionalReason}). Inject this bean and call {@link #current()} each time a
 * date is computed; the returned {@link WorkingDayCalendar} is immutable and needs no network.
 *
 * <p>Administrator years are read from Elasticsearch at start-up, at once on this instance after
 * a change, and on other instances by {@link #refresh()} every {@code spotcheck.calendar.refresh}
 * (a minute by default), on the scheduler's thread: reading the calendar never waits for
 * Elasticsearch, so requests that compute deadlines do not queue behind a reload. If Elasticsearch
 * does not answer, the last known calendar (at worst the bundled one) stays in force.
 */
@Service
public class CalendarService {

    private static final Logger log = LoggerFactory.getLogger(CalendarService.class);

    private final CalendarStore store;
    private final Clock clock;
    private final List<WorkingDayCalendar.Year> bundled;
    private volatile WorkingDayCalendar current;
    private volatile boolean storeReady;

    public CalendarService(CalendarStore store, ObjectMapper json, IndexBootstrap indices) {
        this.store = store;
        this.clock = Clock.systemUTC();
        this.bundled = BundledCalendar.load(json);
        this.current = new WorkingDayCalendar(bundled);
        indices.whenReady(() -> {
            storeReady = true;
            reload();
        });
    }

    /** The calendar in force now; never waits (see the class comment). */
    public WorkingDayCalendar current() {
        return current;
    }

    /** Takes in the years another instance set or cleared since the last reload. */
    @Scheduled(fixedDelayString = "${spotcheck.calendar.refresh:PT1M}", initialDelayString = "${spotcheck.calendar.refresh:PT1M}")
    void refresh() {
        if (storeReady) {
            reload();
        }
    }

    /** Today in China (Asia/Shanghai), the day deadlines are counted from. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai")));
    }

    /** Stores {@code year}'s arrangement and puts it in force at once. Validated by the caller. */
    public WorkingDayCalendar setYear(int year, Collection<LocalDate> holidays, Collection<LocalDate> workdays, String note, String by) {
        store.put(year, holidays, workdays, note, by, clock.instant());
        reload();
        return current;
    }

    /** Whether an administrator set {@code year} (as opposed to the bundled file or the rule). */
    public boolean isSet(int year) {
        return store.all().stream().anyMatch(y -> y.year() == year);
    }

    /**
     * Withdraws an administrator's {@code year}: the bundled arrangement, or else the statutory rule
     * (provisional), is in force again at once.
     */
    public WorkingDayCalendar clearYear(int year) {
        store.delete(year);
        reload();
        return current;
    }

    /** Reads administrator years again. */
    public synchronized void reload() {
        try {
            java.util.Map<Integer, WorkingDayCalendar.Year> byYear = new java.util.TreeMap<>();
            bundled.forEach(y -> byYear.put(y.year(), y));
            for (CalendarStore.StoredYear y : store.all()) {
                byYear.put(y.year(), new WorkingDayCalendar.Year(y.year(), dates(y.holidays()), dates(y.workdays()),
                        "set by " + y.setBy() + " at " + y.setAt() + (y.note() == null || y.note().isBlank() ? "" : ": " + y.note())));
            }
            current = new WorkingDayCalendar(byYear.values());
        } catch (RuntimeException e) {
            log.warn("calendar years not reloaded ({}); keeping the calendar in force", e.toString());
        }
    }

    private static Set<LocalDate> dates(List<String> values) {
        return values == null ? Set.of() : values.stream().map(LocalDate::parse).collect(java.util.stream.Collectors.toSet());
    }
}
