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
            + "{ calendarYear { year covered holidays workdays source } errors { code field } } }";

    @Test
    void anAdministratorAddedYearIsUsedAtOnceByTheApiAndTheInjectedCalendar() {
        // 2031 is beyond the bundled file: a plain Monday-Friday year until an administrator sets it
        assertThat(calendars.current().isWorkingDay(LocalDate.parse("2031-10-01"))).isTrue();
        testers.anonymous().document("{ workingDay(date: \"2031-09-30\", plus: 1) { workingDay plus } }").execute()
                .path("workingDay.plus").entity(String.class).isEqualTo("2031-10-01");

        testers.platformAdmin().document(SET)
                .variable("y", 2031)
                .variable("h", List.of("2031-10-01", "2031-10-02", "2031-10-03", "2031-10-04", "2031-10-05", "2031-10-06", "2031-10-07"))
                .variable("w", List.of("2031-09-28", "2031-10-11"))
                .execute()
                .path("setCalendarYear.errors").entityList(Object.class).hasSize(0)
                .path("setCalendarYear.calendarYear.covered").entity(Boolean.class).isEqualTo(true);

        WorkingDayCalendar c = calendars.current();
        assertThat(c.isWorkingDay(LocalDate.parse("2031-10-01"))).isFalse();
        assertThat(c.isWorkingDay(LocalDate.parse("2031-09-28"))).isTrue(); // a Sunday made a working day
        // Tue 09-30 + 1 working day skips the week to Wed 10-08
        testers.anonymous().document("{ workingDay(date: \"2031-09-30\", plus: 1) { plus } calendarYear(year: 2031) { covered workdays } }").execute()
                .path("workingDay.plus").entity(String.class).isEqualTo("2031-10-08")
                .path("calendarYear.workdays").entityList(String.class).containsExactly("2031-09-28", "2031-10-11");

        // a fresh load from the index (what another instance does) gives the same calendar
        calendars.reload();
        assertThat(calendars.current().plusWorkingDays(LocalDate.parse("2031-09-30"), 1)).isEqualTo(LocalDate.parse("2031-10-08"));
    }

    @Test
    void invalidYearIsRefusedFieldByFieldAndNothingChanges() {
        testers.platformAdmin().document(SET)
                .variable("y", 2032)
                .variable("h", List.of("2032-10-01"))
                .variable("w", List.of("2032-10-01", "2032-10-05"))
                .execute()
                .path("setCalendarYear.calendarYear").valueIsNull()
                .path("setCalendarYear.errors[*].field").entityList(Object.class).hasSize(2);
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
