package io.spotcheck.tag;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.subject.Subject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.spotcheck.subject.write.TagRule;
import io.spotcheck.subject.write.TagRuleEngine;
import io.spotcheck.subject.write.TagCondition;

class TagRuleEngineTest {

    static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-02-01T00:00:00Z");

    static Subject subject(String industry, List<String> licences, List<String> lists, List<Subject.Tag> tags) {
        return new Subject("C1", "ORGANISATION", "ENTERPRISE", "某某", List.of(), null, null, null, null, "330109001", null, industry,
                List.of(), "ACTIVE", LocalDate.of(2010, 1, 1), 50.0, new Subject.Risk("B", "A", List.of("WSJK:C"), null), lists,
                licences, List.of(), List.of(), List.of(), tags, List.of(), T1);
    }

    static TagRule rule(String id, String department, String tag, TagCondition condition) {
        return new TagRule(id, department, tag, condition, true, 1, "admin", T1);
    }

    final TagRule catering = rule("r-catering", "SCJG", "餐饮", TagCondition.none().withIndustryCodes(List.of("H62")));
    final TagRule food = rule("r-food", "SCJG", "食品经营", TagCondition.none().withLicences(List.of("FOOD_BUSINESS")));
    final TagRule anomaly = rule("r-anomaly", "SCJG", "异常", TagCondition.none().withLists(List.of("ANOMALY")));
    final TagRule healthRisk = rule("r-health", "WSJK", "高风险", new TagCondition(null, null, null, null, null, null, null, null,
            List.of("WSJK:C", "WSJK:D"), null, null, null, null, null, null, null, null, null));

    @Test
    void industryConditionsMatchTheCodeAndEverythingBelowIt() {
        assertThat(TagRuleEngine.matches(catering.condition(), subject("H6210", null, null, null))).isTrue();
        assertThat(TagRuleEngine.matches(catering.condition(), subject("H62", null, null, null))).isTrue();
        assertThat(TagRuleEngine.matches(catering.condition(), subject("H6110", null, null, null))).isFalse();
        assertThat(TagRuleEngine.matches(catering.condition(), subject(null, null, null, null))).isFalse();
    }

    @Test
    void fieldsAreAndedAndValuesOred() {
        TagCondition c = TagCondition.none().withIndustryCodes(List.of("H62", "F52")).withStatuses(List.of("ACTIVE"))
                .withRegionCodes(List.of("330109001")).withRiskClasses(List.of("B", "C"));
        assertThat(TagRuleEngine.matches(c, subject("F5211", null, null, null))).isTrue();
        assertThat(TagRuleEngine.matches(c.withRegionCodes(List.of("330109002")), subject("F5211", null, null, null))).isFalse();
        assertThat(TagRuleEngine.matches(c.withRiskClasses(List.of("D")), subject("F5211", null, null, null))).isFalse();
    }

    @Test
    void notListsAndCapitalRangesWork() {
        TagCondition clean = TagCondition.none().withNotLists(List.of("ANOMALY"));
        assertThat(TagRuleEngine.matches(clean, subject("H62", null, List.of("ANOMALY"), null))).isFalse();
        assertThat(TagRuleEngine.matches(clean, subject("H62", null, null, null))).isTrue();
        assertThat(TagRuleEngine.matches(TagCondition.none().withCapital(50.0, 50.0), subject("H62", null, null, null))).isTrue();
        assertThat(TagRuleEngine.matches(TagCondition.none().withCapital(50.01, null), subject("H62", null, null, null))).isFalse();
        assertThat(TagRuleEngine.matches(healthRisk.condition(), subject("H62", null, null, null))).isTrue();
    }

    @Test
    void holdingRulesAddTagsWithRuleProvenance() {
        Subject s = subject("H6210", List.of("FOOD_BUSINESS"), List.of(), List.of());
        List<Subject.Tag> tags = TagRuleEngine.apply(s, List.of(catering, food, anomaly), d -> true, T2);
        assertThat(tags).extracting(Subject.Tag::key).containsExactly("SCJG:餐饮", "SCJG:食品经营");
        assertThat(tags.get(0)).isEqualTo(new Subject.Tag("SCJG", "餐饮", "RULE", "r-catering", "rule:r-catering", T2, null));
    }

    @Test
    void reapplyingKeepsProvenanceAndChangesNothing() {
        Subject s = subject("H6210", List.of(), List.of(), List.of());
        List<Subject.Tag> first = TagRuleEngine.apply(s, List.of(catering), d -> true, T1);
        Subject tagged = subject("H6210", List.of(), List.of(), first);
        assertThat(TagRuleEngine.apply(tagged, List.of(catering), d -> true, T2)).isEqualTo(first);
    }

    @Test
    void ruleTagsGoWhenTheConditionStopsHoldingButManualTagsStay() {
        Subject.Tag manual = new Subject.Tag("SCJG", "重点", "MANUAL", null, "u1", T1, LocalDate.of(2027, 1, 1));
        Subject.Tag ruleTag = new Subject.Tag("SCJG", "餐饮", "RULE", "r-catering", "rule:r-catering", T1, null);
        Subject moved = subject("F5211", List.of(), List.of(), List.of(manual, ruleTag));
        assertThat(TagRuleEngine.apply(moved, List.of(catering), d -> true, T2)).containsExactly(manual);
    }

    @Test
    void aManualTagOfTheSameNameWinsOverTheRule() {
        Subject.Tag manual = new Subject.Tag("SCJG", "餐饮", "MANUAL", null, "u1", T1, null);
        Subject s = subject("H6210", List.of(), List.of(), List.of(manual));
        assertThat(TagRuleEngine.apply(s, List.of(catering), d -> true, T2)).containsExactly(manual);
    }

    @Test
    void tagsOfDeletedOrDisabledRulesGo() {
        Subject.Tag stale = new Subject.Tag("SCJG", "旧", "RULE", "r-gone", "rule:r-gone", T1, null);
        Subject s = subject("H6210", List.of(), List.of(), List.of(stale));
        assertThat(TagRuleEngine.apply(s, List.of(), d -> true, T2)).isEmpty();
        TagRule disabled = new TagRule("r-catering", "SCJG", "餐饮", catering.condition(), false, 2, "a", T2);
        Subject tagged = subject("H6210", List.of(), List.of(),
                List.of(new Subject.Tag("SCJG", "餐饮", "RULE", "r-catering", "rule:r-catering", T1, null)));
        assertThat(TagRuleEngine.apply(tagged, List.of(disabled), d -> true, T2)).isEmpty();
    }

    @Test
    void aDepartmentScopedApplyLeavesOtherDepartmentsAlone() {
        Subject.Tag otherRuleTag = new Subject.Tag("WSJK", "旧", "RULE", "r-old-wsjk", "rule:r-old-wsjk", T1, null);
        Subject s = subject("H6210", List.of(), List.of(), List.of(otherRuleTag));
        List<Subject.Tag> tags = TagRuleEngine.apply(s, List.of(catering, healthRisk), "SCJG"::equals, T2);
        assertThat(tags).extracting(Subject.Tag::key).containsExactly("WSJK:旧", "SCJG:餐饮");
        assertThat(TagRuleEngine.keys(tags)).containsExactly("WSJK:旧", "SCJG:餐饮");
    }

    static Subject withResults(Subject.LastResult... results) {
        return io.spotcheck.subject.write.SubjectMerger.withLastResults(subject("H6210", List.of(), List.of(), List.of()),
                List.of(results));
    }

    final TagRule unreachable = rule("r-unreachable", "SCJG", "失联",
            TagCondition.none().withFindings(List.of("SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS")));
    final TagRule watch = rule("r-watch", "SCJG", "重点关注", TagCondition.none().withProblemFoundBy(List.of("SCJG", "WSJK")));

    @Test
    void aFindingConditionHoldsOnlyForThatDepartmentsLatestResultWithThatCode() {
        Subject.LastResult scjgUnreachable = new Subject.LastResult("SCJG", "T1", LocalDate.of(2024, 9, 27),
                List.of("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS"), true);
        assertThat(TagRuleEngine.matches(unreachable.condition(), withResults(scjgUnreachable))).isTrue();
        // the same code found by another department, another code, or no result at all: no
        assertThat(TagRuleEngine.matches(unreachable.condition(), withResults(new Subject.LastResult("WSJK", "T1",
                LocalDate.of(2024, 9, 27), List.of("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS"), true)))).isFalse();
        assertThat(TagRuleEngine.matches(unreachable.condition(), withResults(new Subject.LastResult("SCJG", "T1",
                LocalDate.of(2024, 9, 27), List.of("PROBLEM_PENDING", "FALSE_DISCLOSURE"), true)))).isFalse();
        assertThat(TagRuleEngine.matches(unreachable.condition(), subject("H6210", null, null, null))).isFalse();
        // a finding AND another field
        assertThat(TagRuleEngine.matches(unreachable.condition().withIndustryCodes(List.of("F52")), withResults(scjgUnreachable)))
                .isFalse();

        List<Subject.Tag> tags = TagRuleEngine.apply(withResults(scjgUnreachable), List.of(unreachable), d -> true, T2);
        assertThat(tags).containsExactly(new Subject.Tag("SCJG", "失联", "RULE", "r-unreachable", "rule:r-unreachable", T2, null));
        Subject reachedAgain = io.spotcheck.subject.write.SubjectMerger.withLastResults(
                io.spotcheck.subject.write.SubjectMerger.withTags(withResults(), tags),
                List.of(new Subject.LastResult("SCJG", "T2", LocalDate.of(2025, 3, 1), List.of("NO_PROBLEM"), false)));
        assertThat(TagRuleEngine.apply(reachedAgain, List.of(unreachable), d -> true, T2)).isEmpty();
    }

    @Test
    void problemFoundByHoldsWhenANamedDepartmentsLatestResultFoundAProblem() {
        assertThat(TagRuleEngine.matches(watch.condition(), withResults(
                new Subject.LastResult("WSJK", "T1", LocalDate.of(2024, 9, 27), List.of("PROBLEM_CORRECTED"), true)))).isTrue();
        assertThat(TagRuleEngine.matches(watch.condition(), withResults(
                new Subject.LastResult("SCJG", "T1", LocalDate.of(2024, 9, 27), List.of("NO_PROBLEM"), false),
                new Subject.LastResult("XFJY", "T1", LocalDate.of(2024, 9, 27), List.of("PROBLEM_CORRECTED"), true)))).isFalse();
        assertThat(TagRuleEngine.matches(watch.condition(), subject("H6210", null, null, null))).isFalse();
        assertThat(watch.condition().isEmpty()).isFalse();
    }
}
