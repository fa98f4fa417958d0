package io.spotcheck.calendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statutory holidays (法定节假日) of a year by rule, for the years whose State Council arrangement
 * is not loaded: 《全国年节及纪念日放假办法》 as amended in 2024 (in force since 2025), article 2 —
 * 元旦 January 1; 春节 four days, 除夕 (the last day of the 12th lunar month) to 正月初三; 清明 the day
 * of the solar term (the Sun at 15°); 劳动节 May 1–2; 端午 the 5th day of the 5th lunar month; 中秋
 * the 15th of the 8th lunar month; 国庆 October 1–3. The lunar dates and 清明 are computed by
 * {@link LunarCalendar}, nothing is typed in.
 *
 * <p>What no rule gives: the State Council's yearly arrangement moves days next to the holidays and
 * makes weekend days working days (调休), and grants a working day off for a statutory day that falls
 * on a weekend (补假, article 6, on a day the arrangement chooses). So a year by rule has exactly
 * these days off besides the weekends, and every answer drawn from it is provisional.
 */
public final class StatutoryHolidays {

    /** One statutory day off and the festival it belongs to. */
    public record Day(LocalDate date, String festival) {}

    /** The rule applied, as the API names it. */
    public static final String RULE = "《全国年节及纪念日放假办法》(2024年修订) — 元旦1天, 春节4天 (除夕至初三), 清明1天, 劳动节2天, 端午1天, 中秋1天, 国庆3天";

    private static final Map<Integer, List<Day>> CACHE = new ConcurrentHashMap<>();

    private StatutoryHolidays() {}

    /** Whether the rule can be computed for {@code year}. */
    public static boolean computable(int year) {
        return year >= LunarCalendar.FIRST_YEAR && year <= LunarCalendar.LAST_YEAR;
    }

    /** The statutory days off of {@code year}, in date order; empty outside the computed years. */
    public static List<Day> of(int year) {
        if (!computable(year)) {
            return List.of();
        }
        return CACHE.computeIfAbsent(year, StatutoryHolidays::compute);
    }

    private static List<Day> compute(int year) {
        List<Day> days = new ArrayList<>();
        days.add(new Day(LocalDate.of(year, 1, 1), "元旦"));
        LocalDate newYear = LunarCalendar.date(year, 1, 1);
        days.add(new Day(newYear.minusDays(1), "春节 (除夕)"));
        days.add(new Day(newYear, "春节 (初一)"));
        days.add(new Day(newYear.plusDays(1), "春节 (初二)"));
        days.add(new Day(newYear.plusDays(2), "春节 (初三)"));
        days.add(new Day(LunarCalendar.solarTerm(year, 15.0), "清明"));
        days.add(new Day(LocalDate.of(year, 5, 1), "劳动节"));
        days.add(new Day(LocalDate.of(year, 5, 2), "劳动节"));
        days.add(new Day(LunarCalendar.date(year, 5, 5), "端午"));
        days.add(new Day(LunarCalendar.date(year, 8, 15), "中秋"));
        days.add(new Day(LocalDate.of(year, 10, 1), "国庆"));
        days.add(new Day(LocalDate.of(year, 10, 2), "国庆"));
        days.add(new Day(LocalDate.of(year, 10, 3), "国庆"));
        days.sort(java.util.Comparator.comparing(Day::date));
        return List.copyOf(days);
    }
}
