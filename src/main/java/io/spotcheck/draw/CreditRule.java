package io.spotcheck.draw;

import io.spotcheck.persistence.StoredTimes;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.ValueConverter;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * A named credit rule (信用规则): the share of each credit-risk class to draw, in percent
 * (e.g. A 1, B 3, C 10, D 30, UNRATED 3). A task may override single classes.
 *
 * Stored in the {@code credit_rules} alias ({@link CreditRuleStore}).
 *
 * @param department owner, or null for the platform's shared rules
 */
@Document(indexName = "#{@indexNames.alias('credit_rules')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record CreditRule(@Id String id, String name, String department, Map<String, Double> ratios,
                         @ValueConverter(StoredTimes.OffsetDateTimes.class) OffsetDateTime updatedAt) {}
