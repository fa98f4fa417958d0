package io.spotcheck.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.calendar.WorkingDayCalendar;
import io.spotcheck.review.ReviewDeadlines.Flag;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Deadlines over the 2021 Labour Day holiday (05-01 to 05-05 off; Sunday 04-25 and Saturday 05-08
 * worked; Qingming 04-03 to 04-05 off). Expected dates are counted by hand in the comments.
 */
class ReviewDeadlinesTest {

    static final WorkingDayCalendar Y2021 = new WorkingDayCalendar(List.of(new WorkingDayCalendar.Year(2021,
            Set.of(d("2021-04-03"), d("2021-04-04"), d("2021-04-05"), d("2021-05-01"), d("2021-05-02"), d("2021-05-03"),
                    d("2021-05-04"), d("2021-05-05")),
            Set.of(d("2021-04-25"), d("2021-05-08")), "test")));

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    // Working days counted back from Thursday 2021-05-20:
    //  1 05-20, 2 05-19, 3 05-18, 4 05-17, 5 05-14, 6 05-13, 7 05-12, 8 05-11, 9 05-10, 10 05-08 (Sat, worked),
    // 11 05-07, 12 05-06, (05-01..05-05 off) 13 04-30, 14 04-29, 15 04-28, 16 04-27, 17 04-26, 18 04-25 (Sun, worked),
    // 19 04-23, 20 04-22, 21 04-21, 22 04-20.
    // YELLOW needs more than 15 in (inspection, today]: the 16th is 04-27, so inspected on or before 04-26.
    // RED needs more than 20: the 21st is 04-21, so inspected on or before 04-20.
    final ReviewDeadlines deadlines = new ReviewDeadlines(Y2021, d("2021-05-20"), 15, 20);

    @Test
    void cutOffsCountWorkingDaysAcrossTheHolidayAndTheMakeUpDays() {
        assertThat(deadlines.yellowCutoff()).isEqualTo(d("2021-04-26"));
        assertThat(deadlines.redCutoff()).isEqualTo(d("2021-04-20"));
    }

    @Test
    void withoutTheHolidayArrangementThePlainWeekGivesOtherCutOffs() {
        // Weekdays back from 05-20: 20 19 18 17 14 13 12 11 10 07 06 05 04 03 04-30: the 15th is 04-30, the 16th 04-29.
        ReviewDeadlines plain = new ReviewDeadlines(new WorkingDayCalendar(List.of()), d("2021-05-20"), 15, 20);
        assertThat(plain.yellowCutoff()).isEqualTo(d("2021-04-28"));
    }

    @Test
    void dueDatesAreTheFifteenthAndTwentiethWorkingDayAfterTheInspection() {
        // After 04-26: 04-27 1, 04-28 2, 04-29 3, 04-30 4, 05-06 5, 05-07 6, 05-08 7, 05-10 8, 05-11 9, 05-12 10,
        // 05-13 11, 05-14 12, 05-17 13, 05-18 14, 05-19 15, 05-20 16, 05-21 17, 05-24 18, 05-25 19, 05-26 20.
        assertThat(deadlines.reviewDue(d("2021-04-26"))).isEqualTo(d("2021-05-19"));
        assertThat(deadlines.publicationDue(d("2021-04-26"))).isEqualTo(d("2021-05-26"));
        assertThat(deadlines.workingDaysSince(d("2021-04-26"))).isEqualTo(16);
    }

    @Test
    void flagsFollowStatusAndTheCutOffsWithRedOutrankingYellow() {
        assertThat(deadlines.flag(d("2021-04-26"), "SUBMITTED")).isEqualTo(Flag.YELLOW);
        assertThat(deadlines.flag(d("2021-04-27"), "SUBMITTED")).isEqualTo(Flag.NONE);
        assertThat(deadlines.flag(d("2021-04-21"), "SUBMITTED")).isEqualTo(Flag.YELLOW);
        assertThat(deadlines.flag(d("2021-04-20"), "SUBMITTED")).isEqualTo(Flag.RED);
        assertThat(deadlines.flag(d("2021-04-20"), "APPROVED")).isEqualTo(Flag.RED);
        assertThat(deadlines.flag(d("2021-04-10"), "REJECTED")).isEqualTo(Flag.RED);
        assertThat(deadlines.flag(d("2021-04-22"), "REJECTED")).isEqualTo(Flag.NONE);
        assertThat(deadlines.flag(d("2021-04-22"), "APPROVED")).isEqualTo(Flag.NONE);
        assertThat(deadlines.flag(d("2021-03-01"), "PUBLISHED")).isEqualTo(Flag.NONE);
    }

    @Test
    void onAWeekendTodayCountsLikeTheFridayBefore() {
        // Back from Friday 05-21: 21 20 19 18 17 14 13 12 11 10 08 07 06 04-30 04-29 (15th) 04-28 (16th).
        ReviewDeadlines saturday = new ReviewDeadlines(Y2021, d("2021-05-22"), 15, 20);
        assertThat(saturday.yellowCutoff()).isEqualTo(d("2021-04-27"));
    }

    @Test
    void theCutOffAgreesWithCountingEveryDateOneByOne() {
        for (LocalDate day = d("2021-03-01"); day.isBefore(d("2021-05-21")); day = day.plusDays(1)) {
            int count = 0;
            for (LocalDate x = day.plusDays(1); !x.isAfter(d("2021-05-20")); x = x.plusDays(1)) {
                boolean weekend = x.getDayOfWeek().getValue() >= 6;
                boolean off = x.equals(d("2021-04-05")) || (!x.isBefore(d("2021-05-01")) && !x.isAfter(d("2021-05-05")));
                boolean worked = x.equals(d("2021-04-25")) || x.equals(d("2021-05-08"));
                if (worked || (!weekend && !off)) {
                    count++;
                }
            }
            assertThat(!day.isAfter(deadlines.yellowCutoff())).as("yellow at " + day).isEqualTo(count > 15);
            assertThat(!day.isAfter(deadlines.redCutoff())).as("red at " + day).isEqualTo(count > 20);
        }
    }

    @Test
    void dueDatesAndCutoffsReachingIntoAnUnloadedYearAreProvisional() {
        WorkingDayCalendar bundled = new WorkingDayCalendar(
                io.spotcheck.calendar.BundledCalendar.load(new com.fasterxml.jackson.databind.ObjectMapper()));
        ReviewDeadlines december = new ReviewDeadlines(bundled, d("2026-12-04"), 15, 20);
        assertThat(december.publicationDue(d("2026-12-04"))).isEqualTo(d("2027-01-04")); // 元旦 by rule
        assertThat(december.provisionalReason(d("2026-12-04"))).contains("2027");
        assertThat(december.provisionalReason(d("2026-11-02"))).isNull(); // due 2026-11-30
        assertThat(december.cutoffsProvisionalReason()).isNull();
        // in January of the unloaded year, today's cut-offs count days of 2027 too
        ReviewDeadlines january = new ReviewDeadlines(bundled, d("2027-01-20"), 15, 20);
        assertThat(january.cutoffsProvisionalReason()).contains("2027");
        assertThat(january.provisionalReason(d("2026-11-02"))).contains("2027"); // its day count runs to today
    }
}
