package io.spotcheck.subject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Labels of GB/T 4754 codes from {@code seeds/industries.csv} (code,label,parent): a reference
 * subset, held in memory because it is small and never changes at run time.
 */
@Component
public class IndustryCatalog {

    /** One row of the table. */
    public record Industry(String code, String label, String parent) {}

    private final Map<String, Industry> byCode;

    public IndustryCatalog() {
        this(load());
    }

    public IndustryCatalog(List<Industry> industries) {
        Map<String, Industry> map = new LinkedHashMap<>();
        industries.forEach(i -> map.put(i.code(), i));
        this.byCode = Collections.unmodifiableMap(map);
    }

    public String label(String code) {
        Industry industry = byCode.get(code);
        return industry == null ? null : industry.label();
    }

    /** Every class-level (4-digit) code in the table, in table order. */
    public List<Industry> classes() {
        return byCode.values().stream().filter(i -> i.code().length() == 5).toList();
    }

    public List<Industry> all() {
        return List.copyOf(byCode.values());
    }

    static List<Industry> load() {
        List<Industry> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new ClassPathResource("seeds/industries.csv").getInputStream(), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                // Labels contain commas only inside the middle column: code first, parent last.
                int first = line.indexOf(',');
                int last = line.lastIndexOf(',');
                String parent = line.substring(last + 1).trim();
                rows.add(new Industry(line.substring(0, first).trim(), line.substring(first + 1, last).trim(),
                        parent.isEmpty() ? null : parent));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
