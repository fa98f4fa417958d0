package io.spotcheck.calendar;

import io.spotcheck.audit.AuditLog;
import io.spotcheck.security.Caller;
import io.spotcheck.security.Role;
import io.spotcheck.api.UserError;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The working-day calendar over GraphQL: anyone reads it, a platform administrator sets a year. */
@Controller
public class CalendarController {

    /** A year of the calendar as the API shows it. */
    public record CalendarYearView(int year, boolean covered, boolean provisional, List<LocalDate> holidays, List<LocalDate> workdays,
                                   List<StatutoryHolidays.Day> statutoryHolidays, String source) {}

    /** Payload of {@code setCalendarYear} and {@code clearCalendarYear}. */
    public record CalendarYearPayload(CalendarYearView calendarYear, List<UserError> errors) {}

    /** Answer of {@code workingDays}. */
    public record WorkingDayAnswer(LocalDate date, boolean workingDay, LocalDate plus, int n, boolean provisional, String provisionalReason) {}

    private final CalendarService calendars;
    private final AuditLog audit;

    public CalendarController(CalendarService calendars, AuditLog audit) {
        this.calendars = calendars;
        this.audit = audit;
    }

    @QueryMapping
    public CalendarYearView calendarYear(@Argument int year, Caller caller) {
        return view(calendars.current(), year);
    }

    @QueryMapping
    public WorkingDayAnswer workingDay(@Argument LocalDate date, @Argument Integer plus, Caller caller) {
        WorkingDayCalendar c = calendars.current();
        int n = plus == null ? 0 : Math.max(-3650, Math.min(3650, plus));
        LocalDate to = c.plusWorkingDays(date, n);
        if (to.getYear() < 1 || to.getYear() > 9999) {
            // the Date scalar is the four-digit ISO form: a year outside it would be answered as "+10013-12-27"
            throw io.spotcheck.system.SpotcheckException.badInput("plus", "the working day " + n + " from " + date
                    + " falls outside the years 0001 to 9999");
        }
        String reason = c.provisionalReason(date, to);
        return new WorkingDayAnswer(date, c.isWorkingDay(date), to, n, reason != null, reason);
    }

    @MutationMapping
    public CalendarYearPayload setCalendarYear(@Argument int year, @Argument List<LocalDate> holidays, @Argument List<LocalDate> workdays,
                                               @Argument String note, Caller caller) {
        caller.requireAny(Role.PLATFORM_ADMIN);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("year", year);
        change.put("holidays", holidays.stream().map(LocalDate::toString).toList());
        change.put("workdays", workdays.stream().map(LocalDate::toString).toList());
        change.put("note", note);
        List<UserError> errors = validate(year, holidays, workdays);
        if (note != null && note.length() > 500) {
            errors.add(UserError.of("NOTE_TOO_LONG", "the note has at most 500 characters", "note"));
        }
        if (!errors.isEmpty()) {
            change.put("errors", errors.stream().map(UserError::code).toList());
            audit.record(caller, "calendar.set", Integer.toString(year), "REJECTED", change);
            return new CalendarYearPayload(null, errors);
        }
        audit.record(caller, "calendar.set", Integer.toString(year), "OK", change);
        WorkingDayCalendar c = calendars.setYear(year, holidays, workdays, note, caller.id());
        return new CalendarYearPayload(view(c, year), List.of());
    }

    @MutationMapping
    public CalendarYearPayload clearCalendarYear(@Argument int year, Caller caller) {
        caller.requireAny(Role.PLATFORM_ADMIN);
        if (!calendars.isSet(year)) {
            audit.record(caller, "calendar.clear", Integer.toString(year), "REJECTED", Map.of("year", year));
            return new CalendarYearPayload(null, List.of(UserError.of("NOT_SET",
                    year + " was not set through setCalendarYear; a bundled year is changed by setting it", "year")));
        }
        audit.record(caller, "calendar.clear", Integer.toString(year), "OK", Map.of("year", year));
        return new CalendarYearPayload(view(calendars.clearYear(year), year), List.of());
    }

    /** From this year on the arrangement must contain every statutory day of the 2024 rule (earlier years had other rules). */
    static final int STATUTORY_RULE_SINCE = 2025;

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
        if (year >= STATUTORY_RULE_SINCE) {
            // every statutory day is a day off whatever the arrangement moves around it
            Set<LocalDate> off = Set.copyOf(holidays);
            for (StatutoryHolidays.Day day : StatutoryHolidays.of(year)) {
                if (!off.contains(day.date())) {
                    errors.add(UserError.of("STATUTORY_DAY_MISSING", day.date() + " (" + day.festival()
                            + ") is a statutory holiday by 《全国年节及纪念日放假办法》 and must be among the holidays", "holidays"));
                }
            }
        }
        return errors;
    }

    private static CalendarYearView view(WorkingDayCalendar c, int year) {
        WorkingDayCalendar.Year y = c.year(year);
        List<StatutoryHolidays.Day> statutory = StatutoryHolidays.of(year);
        if (y == null) {
            if (statutory.isEmpty()) {
                return new CalendarYearView(year, false, true, List.of(), List.of(), statutory,
                        "not covered: plain Monday-Friday weeks (no rule computed outside "
                                + LunarCalendar.FIRST_YEAR + "–" + LunarCalendar.LAST_YEAR + ")");
            }
            return new CalendarYearView(year, false, true, statutory.stream().map(StatutoryHolidays.Day::date).distinct().toList(),
                    List.of(), statutory, "rule: " + StatutoryHolidays.RULE + "; provisional until the State Council arrangement is loaded");
        }
        return new CalendarYearView(year, true, false, y.holidays().stream().sorted().toList(), y.workdays().stream().sorted().toList(),
                statutory, y.source());
    }
}
