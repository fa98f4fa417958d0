package io.spotcheck.task;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.List;

/**
 * A joint spot-check task (联合抽查任务) as stored in {@code tasks}. The lead department (牵头部门)
 * runs it; each participating department (配合部门) owns its {@link Part}.
 *
 * @param departments every department with a part, lead included, for "tasks I take part in"
 * @param itemCodes the items of every part, for "already in another open task for the same item"
 * @param level PROVINCE, CITY or DISTRICT
 * @param directed 定向 (drawn within conditions) or 不定向
 * @param publicDraw lets the public read the drawn list before publication
 * @param version Elasticsearch sequence number of the stored document; never stored itself
 */
public record Task(String id, String planId, String name, String leadDepartment, List<String> departments,
                   List<String> itemCodes, List<Part> parts, String level, Boolean directed, LocalDate startDate,
                   LocalDate endDate, TaskStatus status, String scopeId, String drawId, Boolean publicDraw,
                   String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, Long version) {

    /** One department's share of a task: its items and the time it expects on site. */
    public record Part(String department, List<String> itemCodes, Integer expectedOnSiteMinutes) {}

    public Task withParts(List<Part> newParts) {
        return new Task(id, planId, name, leadDepartment, newParts.stream().map(Part::department).toList(),
                newParts.stream().flatMap(p -> p.itemCodes().stream()).distinct().sorted().toList(), newParts, level,
                directed, startDate, endDate, status, scopeId, drawId, publicDraw, createdBy, createdAt, updatedAt, version);
    }

    public Task withStatus(TaskStatus newStatus) {
        return new Task(id, planId, name, leadDepartment, departments, itemCodes, parts, level, directed, startDate, endDate,
                newStatus, scopeId, drawId, publicDraw, createdBy, createdAt, updatedAt, version);
    }

    public Task withScope(String newScopeId) {
        return new Task(id, planId, name, leadDepartment, departments, itemCodes, parts, level, directed, startDate, endDate,
                status, newScopeId, drawId, publicDraw, createdBy, createdAt, updatedAt, version);
    }

    public Task withDraw(String newDrawId) {
        return new Task(id, planId, name, leadDepartment, departments, itemCodes, parts, level, directed, startDate, endDate,
                status, scopeId, newDrawId, publicDraw, createdBy, createdAt, updatedAt, version);
    }

    public Task withDetails(String newName, String newLevel, Boolean newDirected, LocalDate newStart, LocalDate newEnd, Boolean newPublicDraw) {
        return new Task(id, planId, newName == null ? name : newName, leadDepartment, departments, itemCodes, parts,
                newLevel == null ? level : newLevel, newDirected == null ? directed : newDirected,
                newStart == null ? startDate : newStart, newEnd == null ? endDate : newEnd, status, scopeId, drawId,
                newPublicDraw == null ? publicDraw : newPublicDraw, createdBy, createdAt, updatedAt, version);
    }

    public Task stamped(OffsetDateTime at, Long newVersion) {
        return new Task(id, planId, name, leadDepartment, departments, itemCodes, parts, level, directed, startDate, endDate,
                status, scopeId, drawId, publicDraw, createdBy, createdAt, at == null ? updatedAt : at, newVersion);
    }

    public boolean isParticipant(String department) {
        return departments != null && departments.contains(department);
    }

    public Part part(String department) {
        return parts.stream().filter(p -> p.department().equals(department)).findFirst().orElse(null);
    }
}
