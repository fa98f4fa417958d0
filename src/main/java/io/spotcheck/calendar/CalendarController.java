package io.spotcheck.calendar;

import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.task.UserError;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The working-day calendar over GraphQL: anyone reads it, a platform administrator sets a year. */
@Controller
public class CalendarController {

    /** A year of the calendar as the API shows it. */
    public record CalendarYearView(int year, boolean covered, List<LocalDate> holidays, List<LocalDate> workdays, String source) {}

    /** Payload of {@code setCalendarYear}. */
    public record CalendarYearPayload(CalendarYearView calendarYear, List<UserError> errors) {}

    /** Answer of {@code workingDays}. */
    public record WorkingDayAnswer(LocalDate date, boolean workingDay, LocalDate plus, int n) {}

    private final CalendarService calendars;

    public CalendarController(CalendarService calendars) {
        this.calendars = calendars;
    }

    @QueryMapping
    public CalendarYearView calendarYear(@Argument int year, Caller caller) {
        return view(calendars.current(), year);
    }

    @QueryMapping
    public WorkingDayAnswer workingDay(@Argument LocalDate date, @Argument Integer plus, Caller caller) {
        WorkingDayCalendar c = calendars.current();
        int n = plus == null ? 0 : Math.max(-3650, Math.min(3650, plus));
        return new WorkingDayAnswer(date, c.isWorkingDay(date), c.plusWorkingDays(date, n), n);
    }

    @MutationMapping
    public CalendarYearPayload setCalendarYear(@Argument int year, @Argument List<LocalDate> holidays, @Argument List<LocalDate> workdays,
                                               @Argument String note, Caller caller) {
        caller.requireAny(Role.PLATFORM_ADMIN);
        List<UserError> errors = validate(year, holidays, workdays);
        if (!errors.isEmpty()) {
            return new CalendarYearPayload(null, errors);
        }
        WorkingDayCalendar c = calendars.setYear(year, holidays, workdays, note, caller.id());
        return new CalendarYearPayload(view(c, year), List.of());
    }

    /** Field-by-field refusals; empty when the year may be stored. */
    static List<UserError> validate(int year, List<LocalDate> holidays, List<LocalDate> workdays) {
        List<UserError> errors = new ArrayList<>();
        if (year < 2000 || year > 2100) {
            errors.add(UserError.of("OUT_OF_RANGE", "the year must be between 2000 and 2100", "year"));
        }
        if (holidays.size() > 120) {
            errors.add(UserError.of("TOO_MANY", "at most 120 holidays a year", "holidays"));
        }
        if (workdays.size() > 30) {
            errors.add(UserError.of("TOO_MANY", "at most 30 make-up working days a year", "workdays"));
        }
        Set<LocalDate> seen = new HashSet<>();
        for (int i = 0; i < holidays.size(); i++) {
            LocalDate d = holidays.get(i);
            if (d.getYear() != year) {
                errors.add(UserError.of("WRONG_YEAR", d + " is not in " + year, "holidays", Integer.toString(i)));
            } else if (!seen.add(d)) {
                errors.add(UserError.of("DUPLICATE", d + " is listed twice", "holidays", Integer.toString(i)));
            }
        }
        Set<LocalDate> holidaySet = Set.copyOf(holidays);
        Set<LocalDate> seenWork = new HashSet<>();
        for (int i = 0; i < workdays.size(); i++) {
            LocalDate d = workdays.get(i);
            if (d.getYear() != year) {
                errors.add(UserError.of("WRONG_YEAR", d + " is not in " + year, "workdays", Integer.toString(i)));
            } else if (holidaySet.contains(d)) {
                errors.add(UserError.of("BOTH", d + " cannot be a holiday and a make-up working day", "workdays", Integer.toString(i)));
            } else if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                errors.add(UserError.of("NOT_A_WEEKEND", d + " is a " + d.getDayOfWeek() + ": make-up working days fall on a weekend",
                        "workdays", Integer.toString(i)));
            } else if (!seenWork.add(d)) {
                errors.add(UserError.of("DUPLICATE", d + " is listed twice", "workdays", Integer.toString(i)));
            }
        }
        return errors;
    }

    private static CalendarYearView view(WorkingDayCalendar c, int year) {
        WorkingDayCalendar.Year y = c.year(year);
        if (y == null) {
            return new CalendarYearView(year, false, List.of(), List.of(), "not covered: plain Monday-Friday weeks");
        }
        return new CalendarYearView(year, true, y.holidays().stream().sorted().toList(), y.workdays().stream().sorted().toList(), y.source());
    }
}
