package io.spotcheck.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chinese lunisolar calendar (农历) as GB/T 33661-2017 defines it, computed from {@link Astronomy}
 * in China Standard Time: a month begins on the day of new moon (朔); the month containing the
 * winter solstice is the 11th; when 13 months lie from one 11th month to the next, the first of them
 * without a principal term (中气, the Sun at a multiple of 30°) is the leap month and takes the
 * number of the month before it. Works for Gregorian years 1901–2099. Pure.
 */
public final class LunarCalendar {

    /** The first and last Gregorian year computed. */
    public static final int FIRST_YEAR = 1901;
    public static final int LAST_YEAR = 2099;

    /** A lunar month: its number (1–12), whether it is a leap month, and its first day. */
    public record Month(int number, boolean leap, LocalDate start) {}

    private LunarCalendar() {}

    /**
     * The months from the 11th month containing the winter solstice of December {@code year − 1} to
     * (excluding) the 11th month containing that of December {@code year}: the lunar year beginning
     * in {@code year} (正月) up to its 10th month, with the 11th and 12th months before it.
     */
    public static List<Month> monthsAround(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("lunar months are computed for " + FIRST_YEAR + "–" + LAST_YEAR + ", not " + year);
        }
        double solstice1 = Astronomy.winterSolstice(year - 1);
        double solstice2 = Astronomy.winterSolstice(year);
        LocalDate ws1 = Astronomy.chinaDate(solstice1);
        LocalDate ws2 = Astronomy.chinaDate(solstice2);

        // new moon days from before the first solstice to after the second
        List<LocalDate> moons = new ArrayList<>();
        long k = Astronomy.lunationNear(solstice1) - 2;
        LocalDate last;
        do {
            last = Astronomy.chinaDate(Astronomy.newMoon(k++));
            moons.add(last);
        } while (!last.isAfter(ws2));
        int first = lastOnOrBefore(moons, ws1);
        int next = lastOnOrBefore(moons, ws2);
        int count = next - first;

        int leapIndex = -1;
        if (count == 13) {
            List<LocalDate> principalTerms = new ArrayList<>();
            for (int i = 0; i <= 12; i++) {
                double degrees = (270.0 + 30.0 * i) % 360.0;
                principalTerms.add(Astronomy.chinaDate(Astronomy.sunReaches(degrees, solstice1 + i * 30.44)));
            }
            for (int i = 0; i < count && leapIndex < 0; i++) {
                LocalDate from = moons.get(first + i);
                LocalDate to = moons.get(first + i + 1);
                boolean hasTerm = principalTerms.stream().anyMatch(d -> !d.isBefore(from) && d.isBefore(to));
                if (!hasTerm) {
                    leapIndex = i;
                }
            }
        } else if (count != 12) {
            throw new IllegalStateException(count + " lunar months between the winter solstices of " + (year - 1) + " and " + year);
        }

        List<Month> months = new ArrayList<>();
        int number = 10;
        for (int i = 0; i < count; i++) {
            boolean leap = i == leapIndex;
            if (!leap) {
                number = number % 12 + 1;
            }
            months.add(new Month(number, leap, moons.get(first + i)));
        }
        return months;
    }

    /** The Gregorian date of lunar {@code month}/{@code day} (not a leap month) of the lunar year beginning in {@code year}. */
    public static LocalDate date(int year, int month, int day) {
        List<Month> months = monthsAround(year);
        boolean pastNewYear = false;
        for (Month m : months) {
            if (m.number() == 1 && !m.leap()) {
                pastNewYear = true;
            }
            if (pastNewYear && m.number() == month && !m.leap()) {
                return m.start().plusDays(day - 1L);
            }
        }
        throw new IllegalArgumentException("lunar month " + month + " of " + year + " is not within the computed span");
    }

    /** The day the Sun's apparent longitude reaches {@code degrees} in Gregorian {@code year} (e.g. 15° = 清明 in April). */
    public static LocalDate solarTerm(int year, double degrees) {
        // days after the March equinox, roughly
        double guess = Astronomy.julianDay(year, 3, 20.5) + ((degrees % 360.0 + 360.0) % 360.0) * 365.2422 / 360.0;
        return Astronomy.chinaDate(Astronomy.sunReaches(degrees, guess));
    }

    private static int lastOnOrBefore(List<LocalDate> sorted, LocalDate day) {
        int found = -1;
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.get(i).isAfter(day)) {
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("no new moon before " + day);
        }
        return found;
    }
}
