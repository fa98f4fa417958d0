package io.spotcheck.subject.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.subject.Subject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectMergerTest {

    static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T2 = Instant.parse("2026-03-01T00:00:00Z");
    final TagRule catering = new TagRule("r1", "SCJG", "餐饮", TagCondition.none().withIndustryCodes(List.of("H62")), true, 1, "a", T1);

    @Test
    void industryPathListsEveryLevel() {
        assertThat(SubjectMerger.industryPath("H6210")).containsExactly("H", "H62", "H621", "H6210");
        assertThat(SubjectMerger.industryPath("H")).containsExactly("H");
        assertThat(SubjectMerger.industryPath(null)).isEmpty();
    }

    @Test
    void aReUpsertKeepsManualTagsWithTheirProvenanceAndRecomputesRuleTags() {
        Subject first = SubjectMerger.merge(SubjectValidatorTest.org(), null, List.of(catering), T1);
        assertThat(first.tagKeys()).containsExactly("SCJG:餐饮");
        Subject.Tag manual = new Subject.Tag("WSJK", "重点", "MANUAL", null, "wsjk-op", T1, null);
        Subject tagged = SubjectMerger.withTags(first, List.of(first.tags().get(0), manual));

        SubjectInput moved = SubjectValidatorTest.with(SubjectValidatorTest.org(), "industryCode", "F5211");
        Subject second = SubjectMerger.merge(moved, tagged, List.of(catering), T2);
        assertThat(second.tags()).containsExactly(manual);
        assertThat(second.tagKeys()).containsExactly("WSJK:重点");
        assertThat(second.updatedAt()).isEqualTo(T2);
        assertThat(second.industryPath()).containsExactly("F", "F52", "F521", "F5211");
    }

    @Test
    void anIdenticalReUpsertHasTheSameContent() {
        Subject first = SubjectMerger.merge(SubjectValidatorTest.org(), null, List.of(catering), T1);
        Subject again = SubjectMerger.merge(SubjectValidatorTest.org(), first, List.of(catering), T2);
        assertThat(SubjectMerger.sameContent(first, again)).isTrue();
        assertThat(again.tags()).isEqualTo(first.tags());
        Subject renamed = SubjectMerger.merge(SubjectValidatorTest.with(SubjectValidatorTest.org(), "name", "新名"), first,
                List.of(catering), T2);
        assertThat(SubjectMerger.sameContent(first, renamed)).isFalse();
        assertThat(SubjectMerger.sameContent(null, first)).isFalse();
    }

    @Test
    void aReUpsertKeepsTheLatestResultsAndAFindingRuleKeepsHolding() {
        TagRule unreachable = new TagRule("r2", "SCJG", "失联",
                TagCondition.none().withFindings(List.of("SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS")), true, 1, "a", T1);
        Subject first = SubjectMerger.merge(SubjectValidatorTest.org(), null, List.of(unreachable), T1);
        assertThat(first.tagKeys()).isEmpty();
        List<Subject.LastResult> results = List.of(new Subject.LastResult("SCJG", "T", java.time.LocalDate.of(2024, 9, 27),
                List.of("PROBLEM_PENDING", "UNREACHABLE_AT_REGISTERED_ADDRESS"), true));
        Subject inspected = SubjectMerger.withRulesApplied(SubjectMerger.withLastResults(first, results), List.of(unreachable), T1);
        assertThat(inspected.findings()).containsExactly("SCJG:PROBLEM_PENDING", "SCJG:UNREACHABLE_AT_REGISTERED_ADDRESS");
        assertThat(inspected.tagKeys()).containsExactly("SCJG:失联");

        Subject again = SubjectMerger.merge(SubjectValidatorTest.org(), inspected, List.of(unreachable), T2);
        assertThat(again.lastResults()).isEqualTo(results);
        assertThat(again.findings()).isEqualTo(inspected.findings());
        assertThat(again.tags()).isEqualTo(inspected.tags());
        assertThat(SubjectMerger.sameContent(inspected, again)).isTrue();
    }
}
