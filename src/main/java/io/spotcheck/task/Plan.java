package io.spotcheck.task;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** An annual spot-check plan (年度抽查计划) of a department; joint plans group joint tasks. */
public record Plan(String id, Integer year, String department, String name, Boolean joint, String createdBy, OffsetDateTime createdAt) {}
