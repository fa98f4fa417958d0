package io.spotcheck.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

    static final WorkingDayCalendar CAL = new WorkingDayCalendar(BundledCalendar.load(new ObjectMapper()));

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void springFestival2024IsOffAndItsTwoMakeUpSundaysAreWorkingDays() {
        for (LocalDate x = d("2024-02-10"); !x.isAfter(d("2024-02-17")); x = x.plusDays(1)) {
            assertThat(CAL.isWorkingDay(x)).as(x.toString()).isFalse();
        }
        assertThat(CAL.isWorkingDay(d("2024-02-04"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2024-02-18"))).isTrue();
        assertThat(d("2024-02-18").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        // Friday 2024-02-09 + 1 working day skips the whole festival and lands on the make-up Sunday
        assertThat(CAL.plusWorkingDays(d("2024-02-09"), 1)).isEqualTo(d("2024-02-18"));
        // Thursday 02-08 + 10: 02-09, 02-18(Sun), 02-19..02-23, 02-26, 02-27, 02-28
        assertThat(CAL.plusWorkingDays(d("2024-02-08"), 10)).isEqualTo(d("2024-02-28"));
        // the make-up Sunday before the festival counts too: Sat 02-03 + 1 = Sun 02-04
        assertThat(CAL.plusWorkingDays(d("2024-02-03"), 1)).isEqualTo(d("2024-02-04"));
    }

    @Test
    void nationalDay2024CountsTheMakeUpSundayAndSaturday() {
        assertThat(CAL.isWorkingDay(d("2024-09-29"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2024-10-12"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2024-10-07"))).isFalse();
        assertThat(CAL.isWorkingDay(d("2024-10-13"))).isFalse();
        // Fri 09-27 + 1 = Sun 09-29 (make-up), + 2 = Mon 09-30, + 3 = Tue 10-08
        assertThat(CAL.plusWorkingDays(d("2024-09-27"), 1)).isEqualTo(d("2024-09-29"));
        assertThat(CAL.plusWorkingDays(d("2024-09-27"), 3)).isEqualTo(d("2024-10-08"));
        // Mon 09-30 + 10: 10-08..10-11 (4), 10-12 Sat (5), 10-14..10-18 (10)
        assertThat(CAL.plusWorkingDays(d("2024-09-30"), 10)).isEqualTo(d("2024-10-18"));
    }

    @Test
    void springFestivalAndNationalDay2025UnderTheNewRules() {
        assertThat(CAL.isWorkingDay(d("2025-01-26"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2025-02-08"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2025-02-04"))).isFalse();
        assertThat(CAL.plusWorkingDays(d("2025-01-27"), 1)).isEqualTo(d("2025-02-05"));
        assertThat(CAL.isWorkingDay(d("2025-10-08"))).isFalse();
        assertThat(CAL.isWorkingDay(d("2025-09-28"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2025-10-11"))).isTrue();
        assertThat(CAL.plusWorkingDays(d("2025-09-30"), 1)).isEqualTo(d("2025-10-09"));
    }

    @Test
    void nineDaySpringFestival2026WithTwoMakeUpSaturdays() {
        assertThat(CAL.isWorkingDay(d("2026-02-14"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2026-02-28"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2026-02-23"))).isFalse();
        // Fri 02-13 + 1 = Sat 02-14; + 2 = Tue 02-24
        assertThat(CAL.plusWorkingDays(d("2026-02-13"), 1)).isEqualTo(d("2026-02-14"));
        assertThat(CAL.plusWorkingDays(d("2026-02-13"), 2)).isEqualTo(d("2026-02-24"));
        assertThat(CAL.isWorkingDay(d("2026-09-20"))).isTrue();
        assertThat(CAL.isWorkingDay(d("2026-10-10"))).isTrue();
    }

    @Test
    void covid2020ExtensionRunsToFebruarySecondAndCancelledTheFebruaryFirstMakeUpDay() {
        assertThat(CAL.isWorkingDay(d("2020-01-31"))).isFalse();
        assertThat(CAL.isWorkingDay(d("2020-02-01"))).isFalse();
        assertThat(CAL.isWorkingDay(d("2020-01-19"))).isTrue();
        assertThat(CAL.plusWorkingDays(d("2020-01-23"), 1)).isEqualTo(d("2020-02-03"));
    }

    @Test
    void everyBundledYearFrom2020To2026IsCoveredAndMakeUpDaysAreWeekendDays() {
        for (int y = 2020; y <= 2026; y++) {
            assertThat(CAL.covers(y)).as("year " + y).isTrue();
            for (LocalDate w : CAL.year(y).workdays()) {
                assertThat(w.getDayOfWeek()).as(w.toString()).isIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            }
            // the seven statutory festivals take between 27 and 35 days off each year, weekends included
            assertThat(CAL.year(y).holidays().size()).as("days off in " + y).isBetween(25, 40);
        }
        assertThat(CAL.covers(2019)).isFalse();
    }

    @Test
    void workingDaysBetweenIsTheInverseOfPlusWorkingDays() {
        LocalDate start = d("2024-01-15");
        for (int n = -40; n <= 300; n += 7) {
            assertThat(CAL.workingDaysBetween(start, CAL.plusWorkingDays(start, n))).as("n=" + n).isEqualTo(n);
        }
        assertThat(CAL.workingDaysBetween(d("2024-09-27"), d("2024-10-08"))).isEqualTo(3);
        assertThat(CAL.workingDaysBetween(d("2024-10-08"), d("2024-09-27"))).isEqualTo(-3);
        assertThat(CAL.plusWorkingDays(d("2024-10-03"), 0)).isEqualTo(d("2024-10-03"));
    }

    @Test
    void anUncoveredYearHasItsStatutoryHolidaysByRuleOrdinaryWeekendsAndIsProvisional() {
        assertThat(CAL.covers(2030)).isFalse();
        assertThat(CAL.isWorkingDay(d("2030-10-01"))).isFalse(); // a Tuesday, 国庆 by rule
        assertThat(CAL.isWorkingDay(d("2030-10-04"))).isTrue();  // the rule gives 3 days; the arrangement's bridge days are unknown
        assertThat(CAL.isWorkingDay(d("2030-02-02"))).isFalse(); // 除夕 (Spring Festival 2030-02-03), a Saturday anyway
        assertThat(CAL.isWorkingDay(d("2030-02-04"))).isFalse(); // 初二, Monday
        assertThat(CAL.isWorkingDay(d("2030-02-05"))).isFalse(); // 初三, Tuesday
        assertThat(CAL.isWorkingDay(d("2030-02-06"))).isTrue();
        assertThat(CAL.plusWorkingDays(d("2030-01-04"), 1)).isEqualTo(d("2030-01-07"));
        assertThat(CAL.provisional(d("2030-01-07"))).isTrue();
        assertThat(CAL.provisional(d("2026-12-31"))).isFalse();
        assertThat(CAL.provisionalReason(d("2026-12-01"), d("2026-12-31"))).isNull();
        assertThat(CAL.provisionalReason(d("2026-12-04"), d("2027-01-04"))).contains("2027").doesNotContain("2026");
    }

    @Test
    void theTurnOfAYearIntoAnUnloadedYearSkipsNewYearsDayByRule() {
        // inspected Friday 2026-12-04; 20 working days: 19 left in December, then 元旦 (Fri 2027-01-01) and the weekend
        assertThat(CAL.plusWorkingDays(d("2026-12-04"), 19)).isEqualTo(d("2026-12-31"));
        assertThat(CAL.plusWorkingDays(d("2026-12-04"), 20)).isEqualTo(d("2027-01-04"));
        assertThat(CAL.isWorkingDay(d("2027-01-01"))).isFalse();
        // once the arrangement is loaded it decides, even against the rule
        WorkingDayCalendar loaded = CAL.with(new WorkingDayCalendar.Year(2027, Set.of(d("2027-01-01"), d("2027-01-04")), Set.of(), "test"));
        assertThat(loaded.plusWorkingDays(d("2026-12-04"), 20)).isEqualTo(d("2027-01-05"));
        assertThat(loaded.provisionalReason(d("2026-12-04"), d("2027-01-05"))).isNull();
        assertThat(loaded.isWorkingDay(d("2027-02-08"))).isTrue(); // 初三 by rule, but not in this (test) arrangement
        assertThat(CAL.isWorkingDay(d("2027-02-08"))).isFalse();
    }

    @Test
    void theBundledArrangementsSince2025ContainEveryStatutoryDayOfTheRule() {
        for (int year = 2025; year <= 2026; year++) {
            for (StatutoryHolidays.Day day : StatutoryHolidays.of(year)) {
                assertThat(CAL.year(year).holidays()).as(day.toString()).contains(day.date());
            }
        }
    }

    @Test
    void anAddedYearReplacesTheBundledOneAsAWhole() {
        WorkingDayCalendar changed = CAL.with(new WorkingDayCalendar.Year(2024, Set.of(d("2024-03-04")), Set.of(), "test"));
        assertThat(changed.isWorkingDay(d("2024-03-04"))).isFalse();
        assertThat(changed.isWorkingDay(d("2024-10-01"))).isTrue(); // no longer a holiday in the replacement
        assertThat(changed.isWorkingDay(d("2024-02-18"))).isFalse(); // nor a make-up day
        assertThat(CAL.isWorkingDay(d("2024-03-04"))).isTrue(); // the original is unchanged
    }

    @Test
    void aYearRefusesDatesOfAnotherYearOrADayThatIsBoth() {
        assertThatThrownBy(() -> new WorkingDayCalendar.Year(2024, Set.of(d("2025-01-01")), Set.of(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkingDayCalendar.Year(2024, Set.of(d("2024-02-18")), Set.of(d("2024-02-18")), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminInputIsRefusedFieldByField() {
        var errors = CalendarController.validate(2027, List.of(d("2027-10-01"), d("2028-01-01"), d("2027-10-01")),
                List.of(d("2027-10-01"), d("2027-09-29"), d("2027-09-26")));
        assertThat(errors).extracting(e -> e.code() + ":" + String.join("/", e.field()))
                .filteredOn(s -> !s.startsWith("STATUTORY_DAY_MISSING"))
                .containsExactly("WRONG_YEAR:holidays/1", "DUPLICATE:holidays/2", "BOTH:workdays/0", "NOT_A_WEEKEND:workdays/1");
        // 12 statutory days of 2027 are missing (10-01 is listed); each is named
        assertThat(errors).filteredOn(e -> e.code().equals("STATUTORY_DAY_MISSING")).hasSize(12)
                .anySatisfy(e -> assertThat(e.message()).startsWith("2027-02-06 (春节 (初一))"));
    }

    @Test
    void anArrangementWithEveryStatutoryDayPassesAndOneWithoutNewYearsDayIsRefused() {
        List<LocalDate> statutory = StatutoryHolidays.of(2027).stream().map(StatutoryHolidays.Day::date).distinct().toList();
        assertThat(CalendarController.validate(2027, statutory, List.of(d("2027-02-20")))).isEmpty();
        List<LocalDate> withoutNewYear = statutory.stream().filter(x -> !x.equals(d("2027-01-01"))).toList();
        assertThat(CalendarController.validate(2027, withoutNewYear, List.of())).singleElement()
                .satisfies(e -> assertThat(e.code() + " " + e.message()).startsWith("STATUTORY_DAY_MISSING 2027-01-01 (元旦)"));
        // before 2025 other rules applied (春节 without 除夕): no such check
        assertThat(CalendarController.validate(2024, List.of(d("2024-10-01")), List.of())).isEmpty();
    }

    @Test
    void workingDaysBetweenCountsTheSameAsWalkingDayByDayOverEveryCoveredYear() {
        java.util.Random random = new java.util.Random(7);
        LocalDate start = d("2019-06-01");
        for (int i = 0; i < 3_000; i++) {
            LocalDate from = start.plusDays(random.nextInt(3_100));
            LocalDate to = from.plusDays(random.nextInt(800) - 100);
            int walked = 0;
            LocalDate lo = to.isBefore(from) ? to : from;
            LocalDate hi = to.isBefore(from) ? from : to;
            for (LocalDate x = lo.plusDays(1); !x.isAfter(hi); x = x.plusDays(1)) {
                if (CAL.isWorkingDay(x)) {
                    walked++;
                }
            }
            assertThat(CAL.workingDaysBetween(from, to)).as(from + " → " + to).isEqualTo(to.isBefore(from) ? -walked : walked);
        }
    }
}
