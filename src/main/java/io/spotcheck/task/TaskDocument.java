package io.spotcheck.task;

import io.spotcheck.persistence.StoredTimes;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.ValueConverter;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;
import org.springframework.data.elasticsearch.core.query.SeqNoPrimaryTerm;

/**
 * A {@link Task} as stored in the {@code tasks} alias (mapping: index-mappings/tasks.json, created by
 * IndexBootstrap). The sequence number and primary term travel with it, so a write of what was read
 * is conditional on nobody having changed it since.
 */
@Document(indexName = "#{@indexNames.alias('tasks')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
class TaskDocument {

    @Id
    String id;
    String planId;
    String name;
    String leadDepartment;
    List<String> departments;
    List<String> itemCodes;
    List<Task.Part> parts;
    String level;
    Boolean directed;
    @ValueConverter(StoredTimes.LocalDates.class)
    LocalDate startDate;
    @ValueConverter(StoredTimes.LocalDates.class)
    LocalDate endDate;
    TaskStatus status;
    String scopeId;
    String drawId;
    Boolean publicDraw;
    String createdBy;
    @ValueConverter(StoredTimes.OffsetDateTimes.class)
    OffsetDateTime createdAt;
    @ValueConverter(StoredTimes.OffsetDateTimes.class)
    OffsetDateTime updatedAt;
    SeqNoPrimaryTerm seqNoPrimaryTerm;

    static TaskDocument of(Task t, SeqNoPrimaryTerm read) {
        TaskDocument d = new TaskDocument();
        d.id = t.id();
        d.planId = t.planId();
        d.name = t.name();
        d.leadDepartment = t.leadDepartment();
        d.departments = t.departments();
        d.itemCodes = t.itemCodes();
        d.parts = t.parts();
        d.level = t.level();
        d.directed = t.directed();
        d.startDate = t.startDate();
        d.endDate = t.endDate();
        d.status = t.status();
        d.scopeId = t.scopeId();
        d.drawId = t.drawId();
        d.publicDraw = t.publicDraw();
        d.createdBy = t.createdBy();
        d.createdAt = t.createdAt();
        d.updatedAt = t.updatedAt();
        d.seqNoPrimaryTerm = read;
        return d;
    }

    /** The task, its version the sequence number it was read or written at. */
    Task toTask() {
        return new Task(id, planId, name, leadDepartment, departments, itemCodes, parts, level, directed, startDate, endDate,
                status, scopeId, drawId, publicDraw, createdBy, createdAt, updatedAt,
                seqNoPrimaryTerm == null ? null : seqNoPrimaryTerm.sequenceNumber());
    }

    TaskStore.Versioned versioned() {
        return new TaskStore.Versioned(toTask(), seqNoPrimaryTerm.sequenceNumber(), seqNoPrimaryTerm.primaryTerm());
    }
}
