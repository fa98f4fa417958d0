package io.spotcheck.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Chinese working-day calendar (工作日历): Monday to Friday are working days, except the days
 * off of the State Council holiday arrangements (法定节假日 and the days moved next to them), and
 * the make-up working days (调休上班) are working days although they fall on a Saturday or Sunday.
 * Immutable and pure; obtain the one in force from {@link CalendarService#current()}.
 *
 * <ul>
 *   <li>{@link #isWorkingDay(LocalDate)}: a make-up day is a working day; a holiday is not; otherwise Monday-Friday.</li>
 *   <li>{@link #plusWorkingDays(LocalDate, int)}: the n-th working day after {@code date} (before, for negative n);
 *       {@code date} itself never counts, so "due 10 working days after the inspection" is
 *       {@code plusWorkingDays(inspectionDate, 10)}; {@code n == 0} returns {@code date} unchanged.</li>
 *   <li>{@link #workingDaysBetween(LocalDate, LocalDate)}: working days in {@code (from, to]}, negative when
 *       {@code to} is before {@code from}; the inverse of plusWorkingDays:
 *       {@code workingDaysBetween(d, plusWorkingDays(d, n)) == n}. A result is "15 working days late" when
 *       {@code workingDaysBetween(inspectionDate, today) > 15}.</li>
 *   <li>{@link #covers(int)}: whether the year's State Council arrangement is loaded. A year not covered
 *       still has its statutory holidays by rule ({@link StatutoryHolidays}: the lunar and solar-term
 *       dates computed) and ordinary weekends, without the arrangement's moved days and make-up working
 *       days; every answer that looks at such a day is <em>provisional</em> ({@link #provisionalReason}).
 *       Outside 1901–2099 an uncovered year has plain Monday-Friday weeks.</li>
 * </ul>
 */
public final class WorkingDayCalendar {

    /** One year's arrangement: days off and make-up working days, all within {@code year}. */
    public record Year(int year, Set<LocalDate> holidays, Set<LocalDate> workdays, String source) {
        public Year {
            holidays = Set.copyOf(holidays);
            workdays = Set.copyOf(workdays);
            for (LocalDate d : holidays) {
                if (d.getYear() != year) {
                    throw new IllegalArgumentException("holiday " + d + " is not in " + year);
                }
            }
            for (LocalDate d : workdays) {
                if (d.getYear() != year) {
                    throw new IllegalArgumentException("workday " + d + " is not in " + year);
                }
                if (holidays.contains(d)) {
                    throw new IllegalArgumentException(d + " is both a holiday and a workday");
                }
            }
        }
    }

    /** Longest stretch searched for a working day; no real calendar has a gap anywhere near this. */
    private static final int MAX_GAP = 366;

    private final Map<Integer, Year> years;
    /** Loaded days off and the statutory days by rule of the years not loaded. */
    private final Set<LocalDate> holidays = new HashSet<>();
    private final Set<LocalDate> workdays = new HashSet<>();
    /** Epoch days, ascending, of holidays on a Monday–Friday and of make-up working days on a weekend: the only days that change a count. */
    private final long[] weekdayHolidays;
    private final long[] weekendWorkdays;

    public WorkingDayCalendar(Collection<Year> years) {
        TreeMap<Integer, Year> byYear = new TreeMap<>();
        for (Year y : years) {
            byYear.put(y.year(), y);
        }
        this.years = Map.copyOf(byYear);
        for (Year y : byYear.values()) {
            holidays.addAll(y.holidays());
            workdays.addAll(y.workdays());
        }
        for (int y = LunarCalendar.FIRST_YEAR; y <= LunarCalendar.LAST_YEAR; y++) {
            if (!byYear.containsKey(y)) {
                StatutoryHolidays.of(y).forEach(day -> holidays.add(day.date()));
            }
        }
        weekdayHolidays = holidays.stream().filter(d -> !isWeekend(d)).mapToLong(LocalDate::toEpochDay).sorted().toArray();
        weekendWorkdays = workdays.stream().filter(WorkingDayCalendar::isWeekend).mapToLong(LocalDate::toEpochDay).sorted().toArray();
    }

    private static boolean isWeekend(LocalDate d) {
        DayOfWeek dow = d.getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }

    /** A copy with {@code year} replacing (or adding) that year's arrangement. */
    public WorkingDayCalendar with(Year year) {
        TreeMap<Integer, Year> copy = new TreeMap<>(years);
        copy.put(year.year(), year);
        return new WorkingDayCalendar(copy.values());
    }

    public boolean covers(int year) {
        return years.containsKey(year);
    }

    /** The arrangement for {@code year}, or null when not covered. */
    public Year year(int year) {
        return years.get(year);
    }

    public Set<Integer> years() {
        return new java.util.TreeSet<>(years.keySet());
    }

    /** True when {@code date}'s year is not loaded, so whether it is a working day is derived by rule. */
    public boolean provisional(LocalDate date) {
        return !covers(date.getYear());
    }

    /**
     * Why an answer that looks at the days from {@code from} to {@code to} (either order, both
     * included) is provisional, or null when every year in between is loaded.
     */
    public String provisionalReason(LocalDate from, LocalDate to) {
        int a = Math.min(from.getYear(), to.getYear());
        int b = Math.max(from.getYear(), to.getYear());
        List<Integer> missing = new ArrayList<>();
        for (int y = a; y <= b; y++) {
            if (!covers(y)) {
                missing.add(y);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        String list = missing.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        boolean computed = missing.stream().allMatch(StatutoryHolidays::computable);
        return "no State Council holiday arrangement loaded for " + list + ": "
                + (computed
                        ? "statutory holidays by rule (lunar and solar-term dates computed), ordinary weekends, no moved days or make-up working days"
                        : "plain Monday-Friday weeks")
                + "; final once an administrator loads the arrangement (setCalendarYear)";
    }

    public boolean isWorkingDay(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (workdays.contains(date)) {
            return true;
        }
        if (holidays.contains(date)) {
            return false;
        }
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    public LocalDate plusWorkingDays(LocalDate date, int n) {
        Objects.requireNonNull(date, "date");
        int step = n >= 0 ? 1 : -1;
        int left = Math.abs(n);
        LocalDate d = date;
        int gap = 0;
        while (left > 0) {
            d = d.plusDays(step);
            if (isWorkingDay(d)) {
                left--;
                gap = 0;
            } else if (++gap > MAX_GAP) {
                throw new IllegalStateException("no working day within a year of " + d);
            }
        }
        return d;
    }

    public int workingDaysBetween(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        // Constant time whatever the span (review flags compute this for every row): Monday–Friday
        // days in the range, minus weekday holidays in it, plus weekend make-up days in it.
        long a = from.toEpochDay();
        long b = to.toEpochDay();
        long count = weekdaysUpTo(b) - weekdaysUpTo(a) - countIn(weekdayHolidays, a, b) + countIn(weekendWorkdays, a, b);
        return Math.toIntExact(count);
    }

    /** Monday–Friday days from 1970-01-05 (a Monday) up to {@code epochDay}; only differences are used. */
    private static long weekdaysUpTo(long epochDay) {
        long sinceMonday = epochDay - 4;
        return Math.floorDiv(sinceMonday, 7) * 5 + Math.min(Math.floorMod(sinceMonday, 7) + 1, 5);
    }

    /** How many of the sorted days lie in {@code (after, upTo]}. */
    private static long countIn(long[] sortedDays, long after, long upTo) {
        return upperBound(sortedDays, upTo) - upperBound(sortedDays, after);
    }

    /** Index of the first element greater than {@code value}. */
    private static int upperBound(long[] sorted, long value) {
        int i = java.util.Arrays.binarySearch(sorted, value);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
