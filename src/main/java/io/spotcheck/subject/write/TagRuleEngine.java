package io.spotcheck.subject.write;

import io.spotcheck.subject.Subject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides which rule tags a subject carries. Plain Java, no I/O: the single upsert, the bulk import
 * and the re-apply job all call it, so they agree by construction.
 */
public final class TagRuleEngine {

    public static final String MANUAL = "MANUAL";
    public static final String RULE = "RULE";

    private TagRuleEngine() {}

    /** True when {@code condition} holds for {@code subject}. */
    public static boolean matches(TagCondition c, Subject s) {
        if (!anyOf(c.kinds(), s.kind()) || !anyOf(c.types(), s.type()) || !anyOf(c.statuses(), s.status())
                || !anyOf(c.regionCodes(), s.regionCode()) || !anyOf(c.supervisingUnits(), s.supervisingUnit())) {
            return false;
        }
        if (!c.industryCodes().isEmpty()) {
            String industry = s.industryCode();
            if (industry == null || c.industryCodes().stream().noneMatch(industry::startsWith)) {
                return false;
            }
        }
        Subject.Risk risk = s.risk();
        if (!anyOf(c.riskClasses(), risk == null ? null : risk.comprehensive())
                || !anyOf(c.publicCreditClasses(), risk == null ? null : risk.publicCredit())
                || !intersects(c.departmentRisks(), risk == null ? null : risk.departments())) {
            return false;
        }
        if (!intersects(c.lists(), s.lists()) || !intersects(c.licences(), s.licences())) {
            return false;
        }
        if (!c.notLists().isEmpty() && s.lists() != null && s.lists().stream().anyMatch(c.notLists()::contains)) {
            return false;
        }
        if (!intersects(c.findings(), s.findings())) {
            return false;
        }
        if (!c.problemFoundBy().isEmpty() && (s.lastResults() == null || s.lastResults().stream()
                .noneMatch(r -> Boolean.TRUE.equals(r.problemFound()) && c.problemFoundBy().contains(r.department())))) {
            return false;
        }
        LocalDate established = s.establishedOn();
        if ((c.establishedFrom() != null || c.establishedTo() != null) && established == null) {
            return false;
        }
        if (c.establishedFrom() != null && established.isBefore(c.establishedFrom())
                || c.establishedTo() != null && established.isAfter(c.establishedTo())) {
            return false;
        }
        Double capital = s.registeredCapital();
        if ((c.capitalMin() != null || c.capitalMax() != null) && capital == null) {
            return false;
        }
        return (c.capitalMin() == null || capital >= c.capitalMin()) && (c.capitalMax() == null || capital <= c.capitalMax());
    }

    /**
     * The subject's tags after applying {@code rules}, which must be the complete current rule set of
     * every department {@code inScope} accepts. For those departments, rule tags whose rule no longer
     * holds (or no longer exists or is disabled) go, and a tag is added for each holding rule unless
     * the department already has a tag of that name (manual tags win and keep their provenance).
     * Tags of other departments and all manual tags are untouched; unchanged tags keep their
     * provenance, so applying twice changes nothing.
     */
    public static List<Subject.Tag> apply(Subject subject, Collection<TagRule> rules, Predicate<String> inScope, Instant now) {
        List<Subject.Tag> current = subject.tags() == null ? List.of() : subject.tags();
        Map<String, TagRule> holding = rules.stream()
                .filter(r -> r.enabled() && inScope.test(r.department()) && matches(r.condition(), subject))
                .collect(Collectors.toMap(TagRule::id, r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
        List<Subject.Tag> result = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Subject.Tag tag : current) {
            boolean stale = RULE.equals(tag.source()) && inScope.test(tag.department()) && !holding.containsKey(tag.rule());
            if (!stale && keys.add(tag.key())) {
                result.add(tag);
            }
        }
        for (TagRule rule : holding.values()) {
            if (keys.add(rule.tagKey())) {
                result.add(new Subject.Tag(rule.department(), rule.tagName(), RULE, rule.id(), "rule:" + rule.id(), now, null));
            }
        }
        return List.copyOf(result);
    }

    /** The "DEPT:name" keys of {@code tags}, in order, kept beside them for filters and facets. */
    public static List<String> keys(List<Subject.Tag> tags) {
        return tags.stream().map(Subject.Tag::key).distinct().toList();
    }

    private static boolean anyOf(List<String> wanted, String value) {
        return wanted.isEmpty() || value != null && wanted.contains(value);
    }

    private static boolean intersects(List<String> wanted, List<String> values) {
        return wanted.isEmpty() || values != null && values.stream().anyMatch(wanted::contains);
    }
}
