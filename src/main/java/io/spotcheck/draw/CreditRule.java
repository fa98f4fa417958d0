package io.spotcheck.draw;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A named credit rule (信用规则): the share of each credit-risk class to draw, in percent
 * (e.g. A 1, B 3, C 10, D 30, UNRATED 3). A task may override single classes.
 *
 * @param department owner, or null for the platform's shared rules
 */
public record CreditRule(String id, String name, String department, Map<String, Double> ratios, OffsetDateTime updatedAt) {}
