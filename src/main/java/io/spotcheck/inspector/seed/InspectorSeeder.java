package io.spotcheck.inspector.seed;

import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.inspector.InspectorDirectory;
import io.spotcheck.search.IndexBootstrap;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Loads the demo inspectors once the indices exist, when seeding is on and the directory is
 * empty; ids are created, never overwritten, so two instances starting together load them once.
 */
@Component
public class InspectorSeeder {

    private static final Logger log = LoggerFactory.getLogger(InspectorSeeder.class);

    public InspectorSeeder(IndexBootstrap indices, InspectorDirectory inspectors, DepartmentDirectory departments,
                           @Value("${spotcheck.seed.enabled:false}") boolean enabled) {
        if (!enabled) {
            return;
        }
        indices.whenReady(() -> {
            if (inspectors.count() > 0) {
                return;
            }
            int created = inspectors.createAll(InspectorSeedGenerator.generate(departments.allDepartments(),
                    LocalDate.now(InspectorDirectory.ZONE)));
            log.info("seeded {} inspectors", created);
        });
    }
}
