package io.spotcheck.calendar;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.persistence.BackendErrors;
import io.spotcheck.search.IndexNames;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** Every Elasticsearch request of the administrator-set calendar years ({@code calendar_years}, one document per year). */
@Component
public class CalendarStore {

    /** A stored year as written by an administrator. */
    public record StoredYear(int year, List<String> holidays, List<String> workdays, String note, String setBy, Instant setAt) {}

    private final ElasticsearchClient client;
    private final IndexNames names;
    private final ObjectMapper json;

    public CalendarStore(ElasticsearchClient client, IndexNames names, ObjectMapper json) {
        this.client = client;
        this.names = names;
        this.json = json;
    }

    public void put(int year, Collection<LocalDate> holidays, Collection<LocalDate> workdays, String note, String setBy, Instant at) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("year", year);
        doc.put("holidays", new TreeSet<>(holidays).stream().map(LocalDate::toString).toList());
        doc.put("workdays", new TreeSet<>(workdays).stream().map(LocalDate::toString).toList());
        if (note != null) {
            doc.put("note", note);
        }
        doc.put("setBy", setBy);
        doc.put("setAt", at.toString());
        try {
            client.index(i -> i.index(names.alias("calendar_years")).id(Integer.toString(year)).document(doc).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** Removes an administrator's year; nothing happens when it was not stored. */
    public void delete(int year) {
        try {
            client.delete(d -> d.index(names.alias("calendar_years")).id(Integer.toString(year)).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }

    /** Every stored year (a few dozen documents at most). */
    public List<StoredYear> all() {
        try {
            List<StoredYear> result = new ArrayList<>();
            client.search(s -> s.index(names.alias("calendar_years")).size(1000), Map.class).hits().hits()
                    .forEach(h -> result.add(json.convertValue(h.source(), StoredYear.class)));
            return result;
        } catch (IOException e) {
            throw BackendErrors.translate(e);
        }
    }
}
