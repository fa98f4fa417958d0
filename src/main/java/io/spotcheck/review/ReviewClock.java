package io.spotcheck.review;

import io.spotcheck.calendar.CalendarService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Today's deadlines on the calendar in force, computed afresh on every call (nothing is cached). */
@Component
@EnableConfigurationProperties(ReviewProperties.class)
public class ReviewClock {

    private final CalendarService calendars;
    private final ReviewProperties properties;

    public ReviewClock(CalendarService calendars, ReviewProperties properties) {
        this.calendars = calendars;
        this.properties = properties;
    }

    public ReviewDeadlines deadlines() {
        return new ReviewDeadlines(calendars.current(), properties.today() != null ? properties.today() : calendars.today(),
                properties.reviewWorkingDays(), properties.publicationWorkingDays());
    }
}
