package io.spotcheck.inspector.seed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.spotcheck.department.Department;
import io.spotcheck.inspector.Inspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * DEV ONLY. The demo inspector directory as {@link InspectorSeeder} writes it, computed without a
 * server (the generator is deterministic), so that dev tokens for inspectors name real seeded
 * inspectors: {@code myAssignments} and result entry match the token's subject against the drawn
 * inspectors' ids.
 */
public final class SeededInspectors {

    private SeededInspectors() {}

    /** Every seeded inspector, as the seeder generates them for {@code today}. */
    public static List<Inspector> all(LocalDate today) {
        return InspectorSeedGenerator.generate(departments(), today);
    }

    /**
     * The inspector a dev token for {@code agency} names: among the agency's seeded inspectors who can
     * be drawn (ACTIVE, holding a certificate valid on {@code today}), the one with the fewest draws
     * this year (the draw spreads work to the least loaded, so this one is drawn first), then the most
     * qualifications, then the smallest id. Independent of the date for the ready-made README tokens.
     */
    public static Optional<Inspector> drawable(String agency, LocalDate today) {
        return all(today).stream()
                .filter(i -> i.agency().equals(agency))
                .filter(i -> drawableOn(i, today))
                .min(Comparator.<Inspector>comparingInt(i -> i.workload() == null ? 0 : i.workload().asOf(today.getYear()).drawsThisYear())
                        .thenComparing(i -> -i.qualifications().size())
                        .thenComparing(Inspector::id));
    }

    /** The seeded inspector with this id, if there is one. */
    public static Optional<Inspector> byId(String id, LocalDate today) {
        return all(today).stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** ACTIVE with a certificate valid on {@code today}. */
    public static boolean drawableOn(Inspector i, LocalDate today) {
        return "ACTIVE".equals(i.status()) && i.certificateNumber() != null && i.certificateValidUntil() != null
                && !i.certificateValidUntil().isBefore(today) && (i.certificateValidFrom() == null || !i.certificateValidFrom().isAfter(today));
    }

    /** The seeded departments, read from {@code seeds/departments.json} on the classpath. */
    static List<Department> departments() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (InputStream in = SeededInspectors.class.getClassLoader().getResourceAsStream("seeds/departments.json")) {
            if (in == null) {
                throw new IllegalStateException("seeds/departments.json is missing from the classpath");
            }
            List<Department> result = new ArrayList<>();
            for (JsonNode node : json.readTree(in).path("departments")) {
                Department d = json.treeToValue(node, Department.class);
                result.add(new Department(d.code(), d.name(), d.shortName(), d.agencies().stream()
                        .map(a -> new Department.Agency(a.id(), d.code(), a.name(), a.level(), a.jurisdictions())).toList()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
