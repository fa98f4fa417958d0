package io.spotcheck.audit;

import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * One entry of the append-only audit log, as stored in the {@code audit} alias (mapping:
 * index-mappings/audit.json).
 *
 * @param at ISO-8601 instant, kept as the string it was written as
 * @param detail {@code {"change": …}}: the change as JSON, never indexed
 */
@Document(indexName = "#{@indexNames.alias('audit')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
record AuditEntry(@Id String id, String at, String principal, String department, List<String> roles, String action,
                  String target, String outcome, String digest, Map<String, Object> detail) {}
