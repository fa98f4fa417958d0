package io.spotcheck.task;

import io.spotcheck.persistence.StoredTimes;
import java.time.OffsetDateTime;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.ValueConverter;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/** A {@link Plan} as stored in the {@code plans} alias (mapping: index-mappings/plans.json). */
@Document(indexName = "#{@indexNames.alias('plans')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
class PlanDocument {

    @Id
    String id;
    Integer year;
    String department;
    String name;
    Boolean joint;
    String createdBy;
    @ValueConverter(StoredTimes.OffsetDateTimes.class)
    OffsetDateTime createdAt;

    static PlanDocument of(Plan p) {
        PlanDocument d = new PlanDocument();
        d.id = p.id();
        d.year = p.year();
        d.department = p.department();
        d.name = p.name();
        d.joint = p.joint();
        d.createdBy = p.createdBy();
        d.createdAt = p.createdAt();
        return d;
    }

    Plan toPlan() {
        return new Plan(id, year, department, name, joint, createdBy, createdAt);
    }
}
