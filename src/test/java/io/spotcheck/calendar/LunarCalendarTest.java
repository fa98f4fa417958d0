package io.spotcheck.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The computed lunar and solar-term dates against the published ones (紫金山天文台 / 香港天文台 tables,
 * as printed in the State Council's holiday notices and the almanacs), 2000–2035.
 */
class LunarCalendarTest {

    static final List<String> SPRING_FESTIVAL = List.of(
            "2000-02-05", "2001-01-24", "2002-02-12", "2003-02-01", "2004-01-22", "2005-02-09", "2006-01-29", "2007-02-18",
            "2008-02-07", "2009-01-26", "2010-02-14", "2011-02-03", "2012-01-23", "2013-02-10", "2014-01-31", "2015-02-19",
            "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22",
            "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03", "2031-01-23",
            "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08");
    static final List<String> QINGMING = List.of(
            "2000-04-04", "2001-04-05", "2002-04-05", "2003-04-05", "2004-04-04", "2005-04-05", "2006-04-05", "2007-04-05",
            "2008-04-04", "2009-04-04", "2010-04-05", "2011-04-05", "2012-04-04", "2013-04-04", "2014-04-05", "2015-04-05",
            "2016-04-04", "2017-04-04", "2018-04-05", "2019-04-05", "2020-04-04", "2021-04-04", "2022-04-05", "2023-04-05",
            "2024-04-04", "2025-04-04", "2026-04-05", "2027-04-05", "2028-04-04", "2029-04-04", "2030-04-05", "2031-04-05",
            "2032-04-04", "2033-04-04", "2034-04-05", "2035-04-05");
    static final List<String> DRAGON_BOAT = List.of(
            "2000-06-06", "2001-06-25", "2002-06-15", "2003-06-04", "2004-06-22", "2005-06-11", "2006-05-31", "2007-06-19",
            "2008-06-08", "2009-05-28", "2010-06-16", "2011-06-06", "2012-06-23", "2013-06-12", "2014-06-02", "2015-06-20",
            "2016-06-09", "2017-05-30", "2018-06-18", "2019-06-07", "2020-06-25", "2021-06-14", "2022-06-03", "2023-06-22",
            "2024-06-10", "2025-05-31", "2026-06-19", "2027-06-09", "2028-05-28", "2029-06-16", "2030-06-05", "2031-06-24",
            "2032-06-12", "2033-06-01", "2034-06-20", "2035-06-10");
    static final List<String> MID_AUTUMN = List.of(
            "2000-09-12", "2001-10-01", "2002-09-21", "2003-09-11", "2004-09-28", "2005-09-18", "2006-10-06", "2007-09-25",
            "2008-09-14", "2009-10-03", "2010-09-22", "2011-09-12", "2012-09-30", "2013-09-19", "2014-09-08", "2015-09-27",
            "2016-09-15", "2017-10-04", "2018-09-24", "2019-09-13", "2020-10-01", "2021-09-21", "2022-09-10", "2023-09-29",
            "2024-09-17", "2025-10-06", "2026-09-25", "2027-09-15", "2028-10-03", "2029-09-22", "2030-09-12", "2031-10-01",
            "2032-09-19", "2033-09-08", "2034-09-27", "2035-09-16");

    @Test
    void springFestivalQingmingDragonBoatAndMidAutumnMatchThePublishedDates2000To2035() {
        for (int year = 2000; year <= 2035; year++) {
            int i = year - 2000;
            assertThat(LunarCalendar.date(year, 1, 1)).as("春节 " + year).isEqualTo(SPRING_FESTIVAL.get(i));
            assertThat(LunarCalendar.solarTerm(year, 15.0)).as("清明 " + year).isEqualTo(QINGMING.get(i));
            assertThat(LunarCalendar.date(year, 5, 5)).as("端午 " + year).isEqualTo(DRAGON_BOAT.get(i));
            assertThat(LunarCalendar.date(year, 8, 15)).as("中秋 " + year).isEqualTo(MID_AUTUMN.get(i));
        }
    }

    @Test
    void leapMonthsFollowThePrincipalTermRuleIncludingTheLeapEleventhMonthOf2033() {
        // 2020 闰四月 from 05-23; 2023 闰二月 from 03-22; 2033 闰十一月 from 12-22 (the "2033 problem")
        assertThat(LunarCalendar.monthsAround(2020)).filteredOn(LunarCalendar.Month::leap).singleElement()
                .isEqualTo(new LunarCalendar.Month(4, true, LocalDate.parse("2020-05-23")));
        assertThat(LunarCalendar.monthsAround(2023)).filteredOn(LunarCalendar.Month::leap).singleElement()
                .isEqualTo(new LunarCalendar.Month(2, true, LocalDate.parse("2023-03-22")));
        assertThat(LunarCalendar.monthsAround(2034)).filteredOn(LunarCalendar.Month::leap).singleElement()
                .isEqualTo(new LunarCalendar.Month(11, true, LocalDate.parse("2033-12-22")));
        assertThat(LunarCalendar.monthsAround(2027)).noneMatch(LunarCalendar.Month::leap);
    }

    @Test
    void solarTermsAndSolsticesLandOnThePublishedDays() {
        assertThat(Astronomy.chinaDate(Astronomy.winterSolstice(2026))).isEqualTo("2026-12-22");
        assertThat(Astronomy.chinaDate(Astronomy.winterSolstice(2027))).isEqualTo("2027-12-22");
        assertThat(LunarCalendar.solarTerm(2027, 0.0)).isEqualTo("2027-03-21"); // 春分
        assertThat(LunarCalendar.solarTerm(2028, 90.0)).isEqualTo("2028-06-21"); // 夏至
    }

    @Test
    void theRuleGivesThirteenDaysOffFor2027() {
        assertThat(StatutoryHolidays.of(2027)).extracting(d -> d.date() + " " + d.festival()).containsExactly(
                "2027-01-01 元旦", "2027-02-05 春节 (除夕)", "2027-02-06 春节 (初一)", "2027-02-07 春节 (初二)", "2027-02-08 春节 (初三)",
                "2027-04-05 清明", "2027-05-01 劳动节", "2027-05-02 劳动节", "2027-06-09 端午", "2027-09-15 中秋",
                "2027-10-01 国庆", "2027-10-02 国庆", "2027-10-03 国庆");
        assertThat(StatutoryHolidays.of(1900)).isEmpty();
        assertThat(StatutoryHolidays.of(2100)).isEmpty();
    }
}
