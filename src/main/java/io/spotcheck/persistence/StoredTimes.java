package io.spotcheck.persistence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.data.elasticsearch.core.mapping.PropertyValueConverter;

/**
 * Dates in stored documents as the Java client's Jackson mapper has always written them, so documents
 * written before and after entities moved to Spring Data read alike: {@code 2024-05-06} for a date,
 * ISO-8601 with as many fraction digits as the value has for an instant ({@code 2024-05-06T03:04:05.123456Z}).
 * Spring Data's own date converters would write a fixed millisecond pattern instead. Put them on entity
 * properties with {@code @ValueConverter(StoredTimes.OffsetDateTimes.class)} and the like.
 */
public final class StoredTimes {

    private StoredTimes() {}

    /** {@link OffsetDateTime}, read back in UTC as Jackson's deserializer does. */
    public static final class OffsetDateTimes implements PropertyValueConverter {
        @Override
        public Object write(Object value) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) value);
        }

        @Override
        public Object read(Object value) {
            return OffsetDateTime.parse(value.toString()).withOffsetSameInstant(ZoneOffset.UTC);
        }
    }

    /** {@link Instant}. */
    public static final class Instants implements PropertyValueConverter {
        @Override
        public Object write(Object value) {
            return value.toString();
        }

        @Override
        public Object read(Object value) {
            return OffsetDateTime.parse(value.toString()).toInstant();
        }
    }

    /** {@link LocalDate}. */
    public static final class LocalDates implements PropertyValueConverter {
        @Override
        public Object write(Object value) {
            return value.toString();
        }

        @Override
        public Object read(Object value) {
            return LocalDate.parse(value.toString());
        }
    }
}
