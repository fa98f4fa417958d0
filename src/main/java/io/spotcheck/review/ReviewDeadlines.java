package io.spotcheck.review;

import io.spotcheck.calendar.WorkingDayCalendar;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The review and publication deadlines of results, and the flags they raise, on the working-day
 * calendar in force. Pure: made for one calendar and one "today", nothing is stored, so a calendar
 * change moves every flag at once.
 *
 * <ul>
 *   <li>Review due (审核期限): {@code plusWorkingDays(inspectionDate, reviewDays)} (15 by default).
 *       A result still SUBMITTED is {@link Flag#YELLOW} (黄标) once more than {@code reviewDays} working
 *       days lie in {@code (inspectionDate, today]}, i.e. from the first working day after the due date.</li>
 *   <li>Publication due (公示期限): {@code plusWorkingDays(inspectionDate, publicationDays)} (20). A result not
 *       PUBLISHED is {@link Flag#RED} (红标) once more than {@code publicationDays} working days have passed.
 *       RED outranks YELLOW: a result shows one flag.</li>
 * </ul>
 *
 * <p>Both conditions are monotone in the inspection date (an earlier inspection is never less late),
 * so each is exactly "inspectionDate ≤ cut-off" for a cut-off computed here, and the queue filters
 * on date ranges.
 */
public final class ReviewDeadlines {

    /** A result's flag in the review queue. */
    public enum Flag { RED, YELLOW, NONE }

    private final WorkingDayCalendar calendar;
    private final LocalDate today;
    private final int reviewDays;
    private final int publicationDays;
    private final LocalDate yellowCutoff;
    private final LocalDate redCutoff;

    public ReviewDeadlines(WorkingDayCalendar calendar, LocalDate today, int reviewDays, int publicationDays) {
        if (reviewDays < 1 || publicationDays < 1) {
            throw new IllegalArgumentException("deadlines are at least one working day");
        }
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.today = Objects.requireNonNull(today, "today");
        this.reviewDays = reviewDays;
        this.publicationDays = publicationDays;
        this.yellowCutoff = cutoff(reviewDays);
        this.redCutoff = cutoff(publicationDays);
    }

    public LocalDate today() {
        return today;
    }

    public int reviewDays() {
        return reviewDays;
    }

    public int publicationDays() {
        return publicationDays;
    }

    public LocalDate reviewDue(LocalDate inspectionDate) {
        return inspectionDate == null ? null : calendar.plusWorkingDays(inspectionDate, reviewDays);
    }

    public LocalDate publicationDue(LocalDate inspectionDate) {
        return inspectionDate == null ? null : calendar.plusWorkingDays(inspectionDate, publicationDays);
    }

    /**
     * Why this inspection date's due dates, flag and day count are provisional (a year from the
     * inspection to the later of its due dates and today has no loaded arrangement), or null.
     */
    public String provisionalReason(LocalDate inspectionDate) {
        if (inspectionDate == null) {
            return null;
        }
        LocalDate start = inspectionDate.isBefore(today) ? inspectionDate : today;
        LocalDate end = latest(latest(reviewDue(inspectionDate), publicationDue(inspectionDate)), today);
        return calendar.provisionalReason(start, end);
    }

    /** Why today's cut-offs are provisional, or null. */
    public String cutoffsProvisionalReason() {
        LocalDate start = yellowCutoff.isBefore(redCutoff) ? yellowCutoff : redCutoff;
        return calendar.provisionalReason(start, today);
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** Latest inspection date a still-SUBMITTED result may have to be YELLOW today. */
    public LocalDate yellowCutoff() {
        return yellowCutoff;
    }

    /** Latest inspection date an unpublished result may have to be RED today. */
    public LocalDate redCutoff() {
        return redCutoff;
    }

    /** The flag of a result with this inspection date and status (SUBMITTED, APPROVED, REJECTED, PUBLISHED). */
    public Flag flag(LocalDate inspectionDate, String status) {
        if (inspectionDate == null || "PUBLISHED".equals(status)) {
            return Flag.NONE;
        }
        if (!inspectionDate.isAfter(redCutoff)) {
            return Flag.RED;
        }
        if ("SUBMITTED".equals(status) && !inspectionDate.isAfter(yellowCutoff)) {
            return Flag.YELLOW;
        }
        return Flag.NONE;
    }

    /** Working days in {@code (inspectionDate, today]}; negative for a future date. */
    public int workingDaysSince(LocalDate inspectionDate) {
        return calendar.workingDaysBetween(inspectionDate, today);
    }

    /** True when more than {@code days} working days lie in {@code (inspectionDate, today]}. */
    boolean late(LocalDate inspectionDate, int days) {
        return calendar.workingDaysBetween(inspectionDate, today) > days;
    }

    /**
     * The largest date d with {@code late(d, days)}. Starts near the answer and walks: lateness only
     * grows as d moves back, so the walk stops at the boundary.
     */
    private LocalDate cutoff(int days) {
        LocalDate c = calendar.plusWorkingDays(today, -days);
        int guard = 0;
        while (!late(c, days)) {
            c = c.minusDays(1);
            if (++guard > 400) {
                throw new IllegalStateException("no cut-off for " + days + " working days before " + today);
            }
        }
        while (late(c.plusDays(1), days)) {
            c = c.plusDays(1);
            if (++guard > 400) {
                throw new IllegalStateException("no cut-off for " + days + " working days before " + today);
            }
        }
        return c;
    }
}
