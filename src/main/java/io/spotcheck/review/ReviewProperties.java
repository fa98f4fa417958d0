package io.spotcheck.review;

import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Review and publication rules of the district's work rules (抽查工作细则).
 *
 * @param reviewWorkingDays working days after the inspection date within which a result is reviewed;
 *                          later it is flagged YELLOW (黄标). Default 15.
 * @param publicationWorkingDays working days after the inspection date within which a result is published
 *                               (公示); later it is flagged RED. Default 20.
 * @param today a fixed "today" for demonstrations and tests; empty means the date in China now
 */
@ConfigurationProperties("spotcheck.review")
public record ReviewProperties(Integer reviewWorkingDays, Integer publicationWorkingDays, LocalDate today) {

    public ReviewProperties {
        reviewWorkingDays = reviewWorkingDays == null ? 15 : reviewWorkingDays;
        publicationWorkingDays = publicationWorkingDays == null ? 20 : publicationWorkingDays;
    }
}
