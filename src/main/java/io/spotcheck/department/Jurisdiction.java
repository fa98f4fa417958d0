package io.spotcheck.department;

import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/** A town or street of the district (乡镇/街道), the unit agencies cover; stored in {@code jurisdictions}. */
@Document(indexName = "#{@indexNames.alias('jurisdictions')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record Jurisdiction(@Id String code, String name) {}
