package io.spotcheck.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class CalendarIT {

    @Autowired
    Testers testers;
    @Autowired
    CalendarService calendars;

    static final String SET = "mutation($y: Int!, $h: [Date!]!, $w: [Date!]!) { setCalendarYear(year: $y, holidays: $h, workdays: $w, note: \"test\") "
            + "{ calendarYear { year covered provisional holidays workdays source } errors { code field } } }";

    @Test
    void anAdministratorAddedYearIsUsedAtOnceByTheApiAndTheInjectedCalendar() {
        // 2031 is beyond the bundled file: statutory holidays by rule (国庆 Wed–Fri 10-01..03), provisional
        assertThat(calendars.current().isWorkingDay(LocalDate.parse("2031-10-01"))).isFalse();
        testers.anonymous().document("{ workingDay(date: \"2031-09-30\", plus: 1) { workingDay plus provisional provisionalReason } }").execute()
                .path("workingDay.plus").entity(String.class).isEqualTo("2031-10-06")
                .path("workingDay.provisional").entity(Boolean.class).isEqualTo(true)
                .path("workingDay.provisionalReason").entity(String.class).satisfies(r -> assertThat(r).contains("2031"));

        // the arrangement: every statutory day of the rule, 国庆 extended to 10-07, two make-up days
        List<String> holidays = new java.util.ArrayList<>(StatutoryHolidays.of(2031).stream().map(d -> d.date().toString()).distinct().toList());
        holidays.addAll(List.of("2031-10-04", "2031-10-05", "2031-10-06", "2031-10-07"));
        testers.platformAdmin().document(SET)
                .variable("y", 2031)
                .variable("h", holidays)
                .variable("w", List.of("2031-09-28", "2031-10-11"))
                .execute()
                .path("setCalendarYear.errors").entityList(Object.class).hasSize(0)
                .path("setCalendarYear.calendarYear.covered").entity(Boolean.class).isEqualTo(true)
                .path("setCalendarYear.calendarYear.provisional").entity(Boolean.class).isEqualTo(false);

        WorkingDayCalendar c = calendars.current();
        assertThat(c.isWorkingDay(LocalDate.parse("2031-10-01"))).isFalse();
        assertThat(c.isWorkingDay(LocalDate.parse("2031-09-28"))).isTrue(); // a Sunday made a working day
        // Tue 09-30 + 1 working day skips the week to Wed 10-08, no longer provisional
        testers.anonymous().document("{ workingDay(date: \"2031-09-30\", plus: 1) { plus provisional provisionalReason } "
                        + "calendarYear(year: 2031) { covered provisional workdays } }").execute()
                .path("workingDay.plus").entity(String.class).isEqualTo("2031-10-08")
                .path("workingDay.provisional").entity(Boolean.class).isEqualTo(false)
                .path("workingDay.provisionalReason").valueIsNull()
                .path("calendarYear.provisional").entity(Boolean.class).isEqualTo(false)
                .path("calendarYear.workdays").entityList(String.class).containsExactly("2031-09-28", "2031-10-11");

        // a fresh load from the index (what another instance does) gives the same calendar
        calendars.reload();
        assertThat(calendars.current().plusWorkingDays(LocalDate.parse("2031-09-30"), 1)).isEqualTo(LocalDate.parse("2031-10-08"));

        // withdrawn: the rule again, provisional
        testers.platformAdmin().document("mutation { clearCalendarYear(year: 2031) { calendarYear { covered provisional } errors { code } } }")
                .execute()
                .path("clearCalendarYear.errors").entityList(Object.class).hasSize(0)
                .path("clearCalendarYear.calendarYear.provisional").entity(Boolean.class).isEqualTo(true);
        assertThat(calendars.current().plusWorkingDays(LocalDate.parse("2031-09-30"), 1)).isEqualTo(LocalDate.parse("2031-10-06"));
        testers.platformAdmin().document("mutation { clearCalendarYear(year: 2031) { calendarYear { year } errors { code } } }")
                .execute().path("clearCalendarYear.errors[0].code").entity(String.class).isEqualTo("NOT_SET");
    }

    @Test
    void aWorkingDayOutsideTheFourDigitYearsIsRefusedNotAnsweredInAnotherDateForm() {
        testers.anonymous().document("{ workingDay(date: \"9999-12-31\", plus: 3650) { plus } }").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        testers.anonymous().document("{ workingDay(date: \"0001-01-01\", plus: -3650) { plus } }").execute().errors()
                .satisfy(e -> assertThat(e).singleElement().satisfies(x -> assertThat(x.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
        testers.anonymous().document("{ workingDay(date: \"9999-12-20\", plus: 2) { plus } }").execute()
                .path("workingDay.plus").entity(String.class).satisfies(s -> assertThat(s).matches("9999-12-2[0-9]"));
    }

    @Test
    void aYearBeyondTheLoadedOnesListsItsStatutoryHolidaysByRule() {
        testers.anonymous().document("{ calendarYear(year: 2027) { covered provisional holidays workdays source "
                        + "statutoryHolidays { date festival } } }").execute()
                .path("calendarYear.covered").entity(Boolean.class).isEqualTo(false)
                .path("calendarYear.provisional").entity(Boolean.class).isEqualTo(true)
                .path("calendarYear.holidays").entityList(String.class).containsExactly("2027-01-01", "2027-02-05", "2027-02-06",
                        "2027-02-07", "2027-02-08", "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15",
                        "2027-10-01", "2027-10-02", "2027-10-03")
                .path("calendarYear.workdays").entityList(String.class).hasSize(0)
                .path("calendarYear.statutoryHolidays[?(@.date == '2027-09-15')].festival").entityList(String.class).containsExactly("中秋")
                .path("calendarYear.source").entity(String.class).satisfies(s -> assertThat(s).startsWith("rule: "));
        // a loaded year shows the rule's days too, for comparison with the arrangement
        testers.anonymous().document("{ calendarYear(year: 2026) { covered provisional statutoryHolidays { date } } }").execute()
                .path("calendarYear.provisional").entity(Boolean.class).isEqualTo(false)
                .path("calendarYear.statutoryHolidays[0].date").entity(String.class).isEqualTo("2026-01-01");
    }

    @Test
    void invalidYearIsRefusedFieldByFieldAndNothingChanges() {
        testers.platformAdmin().document(SET)
                .variable("y", 2032)
                .variable("h", List.of("2032-10-01"))
                .variable("w", List.of("2032-10-01", "2032-10-05"))
                .execute()
                .path("setCalendarYear.calendarYear").valueIsNull()
                .path("setCalendarYear.errors[?(@.code != 'STATUTORY_DAY_MISSING')].code").entityList(String.class)
                .containsExactly("BOTH", "NOT_A_WEEKEND")
                .path("setCalendarYear.errors[?(@.code == 'STATUTORY_DAY_MISSING')].field").entityList(Object.class).hasSize(12);
        assertThat(calendars.current().covers(2032)).isFalse();
    }

    @Test
    void onlyAPlatformAdministratorSetsAYear() {
        testers.as("SCJG", "SCJG-BUREAU", Role.DEPT_ADMIN).document(SET)
                .variable("y", 2033).variable("h", List.of("2033-10-03")).variable("w", List.of())
                .execute().errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getExtensions()).containsEntry("code", "FORBIDDEN")));
        assertThat(calendars.current().covers(2033)).isFalse();
    }
}
