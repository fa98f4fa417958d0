package io.spotcheck.subject.write;

import io.spotcheck.subject.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Turns a validated input into the stored document. What the input describes replaces the stored
 * fields; what only the directory knows (tags with their provenance, last inspections and results) is kept, and
 * the rule tags are recomputed, so an upsert or a re-import never loses who set a tag and when.
 */
public final class SubjectMerger {

    private SubjectMerger() {}

    public static Subject merge(SubjectInput in, Subject existing, Collection<TagRule> rules, Instant now) {
        Subject.Risk risk = in.risk() == null ? null
                : new Subject.Risk(in.risk().comprehensive(), in.risk().publicCredit(), in.risk().departments(), in.risk().asOf());
        Subject draft = new Subject(in.code(), in.kind(), in.type(), in.name(), in.formerNames(), in.legalRepresentative(),
                in.address(), in.ownerCode(), in.registrationAuthority(), in.regionCode(), in.supervisingUnit(), in.industryCode(),
                industryPath(in.industryCode()), in.status(), in.establishedOn(), in.registeredCapital(), risk, in.lists(),
                in.licences(), existing == null ? List.of() : nonNull(existing.lastInspections()),
                existing == null ? List.of() : nonNull(existing.lastResults()),
                existing == null ? List.of() : nonNull(existing.findings()),
                existing == null ? List.of() : nonNull(existing.tags()), List.of(), now,
                io.spotcheck.subject.PublicKeys.keep(existing, in.kind(), in.code()));
        return withRulesApplied(draft, rules, now);
    }

    /**
     * The subject with its rule tags recomputed from {@code rules} (the complete rule set of every
     * department): the one path upserts, imports, tag changes and result effects share.
     */
    public static Subject withRulesApplied(Subject s, Collection<TagRule> rules, Instant now) {
        return withTags(s, TagRuleEngine.apply(s, rules, d -> true, now));
    }

    /** The subject with {@code lastResults} and the {@code findings} keys derived from them; tags unchanged. */
    public static Subject withLastResults(Subject s, List<Subject.LastResult> lastResults) {
        return new Subject(s.code(), s.kind(), s.type(), s.name(), s.formerNames(), s.legalRepresentative(), s.address(),
                s.ownerCode(), s.registrationAuthority(), s.regionCode(), s.supervisingUnit(), s.industryCode(), s.industryPath(),
                s.status(), s.establishedOn(), s.registeredCapital(), s.risk(), s.lists(), s.licences(), s.lastInspections(),
                lastResults, findingKeys(lastResults), s.tags(), s.tagKeys(), s.updatedAt(), s.publicKey());
    }

    public static Subject withLastInspections(Subject s, List<Subject.LastInspection> lastInspections) {
        return new Subject(s.code(), s.kind(), s.type(), s.name(), s.formerNames(), s.legalRepresentative(), s.address(),
                s.ownerCode(), s.registrationAuthority(), s.regionCode(), s.supervisingUnit(), s.industryCode(), s.industryPath(),
                s.status(), s.establishedOn(), s.registeredCapital(), s.risk(), s.lists(), s.licences(), lastInspections,
                s.lastResults(), s.findings(), s.tags(), s.tagKeys(), s.updatedAt(), s.publicKey());
    }

    /** "DEPT:RESULTCODE" for every code of every department's latest result, in order, without duplicates. */
    public static List<String> findingKeys(List<Subject.LastResult> lastResults) {
        return nonNull(lastResults).stream()
                .flatMap(r -> nonNull(r.resultCodes()).stream().map(code -> r.department() + ":" + code))
                .distinct().toList();
    }

    /** The subject with {@code tags} and their keys; {@code updatedAt} unchanged. */
    public static Subject withTags(Subject s, List<Subject.Tag> tags) {
        return new Subject(s.code(), s.kind(), s.type(), s.name(), s.formerNames(), s.legalRepresentative(), s.address(),
                s.ownerCode(), s.registrationAuthority(), s.regionCode(), s.supervisingUnit(), s.industryCode(), s.industryPath(),
                s.status(), s.establishedOn(), s.registeredCapital(), s.risk(), s.lists(), s.licences(), s.lastInspections(), s.lastResults(),
                s.findings(), tags, TagRuleEngine.keys(tags), s.updatedAt(), s.publicKey());
    }

    public static Subject withUpdatedAt(Subject s, Instant at) {
        return new Subject(s.code(), s.kind(), s.type(), s.name(), s.formerNames(), s.legalRepresentative(), s.address(),
                s.ownerCode(), s.registrationAuthority(), s.regionCode(), s.supervisingUnit(), s.industryCode(), s.industryPath(),
                s.status(), s.establishedOn(), s.registeredCapital(), s.risk(), s.lists(), s.licences(), s.lastInspections(),
                s.lastResults(), s.findings(), s.tags(), s.tagKeys(), at, s.publicKey());
    }

    /**
     * True when storing {@code next} over {@code previous} changes anything but the timestamp: an
     * unchanged re-upsert or re-import is then skipped and writes nothing.
     */
    public static boolean sameContent(Subject previous, Subject next) {
        return previous != null && Objects.equals(withUpdatedAt(normalise(previous), null), withUpdatedAt(normalise(next), null));
    }

    private static Subject normalise(Subject s) {
        return new Subject(s.code(), s.kind(), s.type(), s.name(), nonNull(s.formerNames()), s.legalRepresentative(), s.address(),
                s.ownerCode(), s.registrationAuthority(), s.regionCode(), s.supervisingUnit(), s.industryCode(),
                nonNull(s.industryPath()), s.status(), s.establishedOn(), s.registeredCapital(), s.risk(), nonNull(s.lists()),
                nonNull(s.licences()), nonNull(s.lastInspections()), nonNull(s.lastResults()),
                nonNull(s.findings()), nonNull(s.tags()), nonNull(s.tagKeys()), s.updatedAt(), s.publicKey());
    }

    /** H6210 → [H, H62, H621, H6210], for the hierarchical facet and prefix filters. */
    public static List<String> industryPath(String code) {
        if (code == null || code.isEmpty()) {
            return List.of();
        }
        List<String> path = new ArrayList<>();
        path.add(code.substring(0, 1));
        for (int end = 3; end <= code.length(); end++) {
            path.add(code.substring(0, end));
        }
        return List.copyOf(path);
    }

    private static <T> List<T> nonNull(List<T> values) {
        return values == null ? List.of() : values;
    }
}
