package io.spotcheck.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the holiday arrangements shipped in {@code seeds/calendar/cn-holidays.json}. Entries are a
 * date ({@code 2024-10-01}) or an inclusive range ({@code 2024-10-01/2024-10-07}).
 */
public final class BundledCalendar {

    public static final String RESOURCE = "seeds/calendar/cn-holidays.json";

    private BundledCalendar() {}

    public static List<WorkingDayCalendar.Year> load(ObjectMapper json) {
        try (InputStream in = BundledCalendar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<WorkingDayCalendar.Year> parse(JsonNode root) {
        List<WorkingDayCalendar.Year> years = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("years").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            int year = Integer.parseInt(e.getKey());
            years.add(new WorkingDayCalendar.Year(year, dates(e.getValue().path("holidays")), dates(e.getValue().path("workdays")),
                    "bundled: " + e.getValue().path("notice").asText("")));
        }
        return years;
    }

    static Set<LocalDate> dates(JsonNode entries) {
        Set<LocalDate> result = new LinkedHashSet<>();
        for (JsonNode entry : entries) {
            String text = entry.asText();
            int slash = text.indexOf('/');
            if (slash < 0) {
                result.add(LocalDate.parse(text));
                continue;
            }
            LocalDate from = LocalDate.parse(text.substring(0, slash));
            LocalDate to = LocalDate.parse(text.substring(slash + 1));
            if (to.isBefore(from) || from.plusDays(31).isBefore(to)) {
                throw new IllegalArgumentException("bad holiday range " + text);
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                result.add(d);
            }
        }
        return result;
    }
}
