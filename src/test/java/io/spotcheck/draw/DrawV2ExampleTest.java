package io.spotcheck.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.draw.SubjectDrawAlgorithm.Mode;
import io.spotcheck.draw.SubjectDrawAlgorithm.Result;
import io.spotcheck.draw.SubjectDrawAlgorithm.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.spotcheck.scope.DrawMember;
import io.spotcheck.scope.SnapshotDigest;
import io.spotcheck.scope.Sha256;
import io.spotcheck.scope.Utf8;

class DrawV2ExampleTest {

    static final List<String> SNAPSHOT = List.of(
            "91330109MA2AAAAA1X\tA\t330109001\tACTIVE\tORGANISATION",
            "91330109MA2AAAAB2X\tA\t330109001\tACTIVE\tORGANISATION",
            "91330109MA2AAAAC3X\tA\t330109002\tACTIVE\tORGANISATION",
            "91330109MA2AAAAD4X\tA\t330109002\tACTIVE\tORGANISATION",
            "91330109MA2AAAAE5X\tA\t330109003\tACTIVE\tORGANISATION",
            "92330109MA2BBBBA1X\tB\t330109001\tACTIVE\tORGANISATION",
            "92330109MA2BBBBB2X\tB\t330109002\tDEREGISTERED\tORGANISATION",
            "92330109MA2BBBBC3X\tB\t330109003\tACTIVE\tORGANISATION",
            "92330109MA2BBBBD4X\tB\t330109003\tACTIVE\tORGANISATION",
            "93330109MA2CCCCA1X\tC\t330109001\tACTIVE\tORGANISATION",
            "93330109MA2CCCCB2X\tC\t330109002\tACTIVE\tORGANISATION",
            "NP0f3c9a71d2b84e6f95a0c1d7e3b2a468\tD\t330109003\tACTIVE\tNATURAL_PERSON",
            "NP5a1e2f8c0b7d4e93a6c5d1f0e9b8a723\tD\t330109001\tACTIVE\tNATURAL_PERSON",
            "NP9b77c3e1a4f2486d8e0b5c9a1d3f7e26\tD\t330109002\tACTIVE\tNATURAL_PERSON",
            "NPc4d2e6a8b1f0437c9d5e2a7b3c8f1e04\tUNRATED\t330109002\tACTIVE\tNATURAL_PERSON",
            "浙A12345\tD\t330109001\tACTIVE\tATTACHED_OBJECT");

    static final SeedCommitment COMMITMENT = new SeedCommitment("T-2026-0002", "中国福利彩票3D 第2026326期开奖号码",
            "2026-11-28T13:15:00.000Z", "2026-11-20T02:00:00.000Z", null);

    static final String FROZEN_AT = "2026-11-21T08:00:00.000Z";
    static final String PUBLIC_VALUE = "3D 2026326 5 0 8";
    static final Set<String> GONE = Set.of("DEREGISTERED", "MOVED_OUT");
    static final String NP_D3 = "NP0f3c9a71d2b84e6f95a0c1d7e3b2a468";
    static final String NP_D1 = "NP5a1e2f8c0b7d4e93a6c5d1f0e9b8a723";
    static final String NP_D2 = "NP9b77c3e1a4f2486d8e0b5c9a1d3f7e26";
    static final String NP_U2 = "NPc4d2e6a8b1f0437c9d5e2a7b3c8f1e04";

    static List<DrawMember> members() {
        return SNAPSHOT.stream().map(DrawMember::parse).toList();
    }

    /** The draw of the specification's §10 as its record publishes it. */
    static PublicDraw record(List<DrawMember> members) {
        SnapshotDigest d = new SnapshotDigest();
        members.forEach(d::add);
        String digest = d.hex();
        String seed = DrawSeed.deriveV2("T-2026-0002", digest, FROZEN_AT, COMMITMENT, PUBLIC_VALUE);
        Map<String, Integer> bp = Map.of("A", 2000, "B", 5000, "C", 5000, "D", 5000);
        Result r = SubjectDrawAlgorithm.draw(members, new Spec(seed, Mode.RATIO, bp, 0, 2, GONE,
                Map.of("91330109MA2AAAAD4X", "RECENTLY_CHECKED"), Set.of("ORGANISATION", "NATURAL_PERSON"),
                Map.of("91330109MA2AAAAD4X", List.of("T-2026-0001"))));
        return new PublicDraw("D-T-2026-0002", "T-2026-0002", List.of("SCJG-001"), SubjectDrawAlgorithm.VERSION_2, seed, PUBLIC_VALUE,
                COMMITMENT, "S-1", FROZEN_AT, digest, d.count(), 1, d.bytes(), digest, "/public/draws/D-T-2026-0002/snapshot",
                "/public/draws/D-T-2026-0002/substitutions", d.strata(), r.eligibleSizes(), r.quotas(), "RATIO", null,
                Map.of("A", 20.0, "B", 50.0, "C", 50.0, "D", 50.0), bp, 2, List.of("DEREGISTERED", "MOVED_OUT"),
                List.of("NATURAL_PERSON", "ORGANISATION"), r.exclusions(), r.selected().stream().map(PublicDraw.Member::of).toList(),
                r.selectedDigest(), r.selected().size(), "2026-11-28T14:00:00.000Z");
    }

    static List<PublicDraw.Substitution> chain(String seed) {
        return List.of(
                new PublicDraw.Substitution("SUB-1", "T-2026-0002", 1, Substitute.VERSION_2, NP_U2, "迁出", Substitute.BASIS_JURISDICTION,
                        "330109002", List.of(), List.of(new PublicDraw.Skipped("93330109MA2CCCCB2X", "MOVED_OUT")),
                        new PublicDraw.Member(NP_D2, "D", "330109002", "NATURAL_PERSON", Sha256.hex(SubjectDrawAlgorithm.rank(seed, NP_D2)),
                                "SUBSTITUTE"), "2026-12-01T09:00:00.000Z"),
                new PublicDraw.Substitution("SUB-2", "T-2026-0002", 2, Substitute.VERSION_2, "92330109MA2BBBBC3X", "迁出",
                        Substitute.BASIS_STRATUM, "B", List.of(NP_D2), List.of(),
                        new PublicDraw.Member("92330109MA2BBBBA1X", "B", "330109001", "ORGANISATION",
                                Sha256.hex(SubjectDrawAlgorithm.rank(seed, "92330109MA2BBBBA1X")), "SUBSTITUTE"), "2026-12-02T09:00:00.000Z"));
    }

    @Test
    void theVersion2WorkedExampleOfTheSpecification() {
        PublicDraw record = record(members());
        assertThat(record.scopeDigest()).isEqualTo("2ab4901c422803da5a6ba255cfdf8101f4e143b4d226f9228d3c7483654ea12b");
        assertThat(record.snapshotBytes()).isEqualTo(894);
        assertThat(record.seed()).isEqualTo("19cc26ae933ea2d111fbb7306c86a2c315a211c06db6f273afd1d9ea1f3ae6bb");
        assertThat(record.quotas()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("A", 1L, "B", 2L, "C", 1L, "D", 2L, "UNRATED", 0L)));
        assertThat(record.exclusions()).extracting(e -> e.code() + " " + e.reason()).containsExactly(
                "91330109MA2AAAAD4X RECENTLY_CHECKED", "92330109MA2BBBBB2X STATUS_DEREGISTERED", "浙A12345 KIND_NOT_TARGETED");
        assertThat(record.selected()).extracting(m -> m.key() + " " + m.reason()).containsExactly(
                "91330109MA2AAAAC3X STRATUM", "92330109MA2BBBBC3X STRATUM", "92330109MA2BBBBD4X STRATUM", "93330109MA2CCCCA1X STRATUM",
                NP_D3 + " STRATUM", NP_D1 + " STRATUM", NP_U2 + " JURISDICTION_MINIMUM");
        assertThat(record.selectedDigest()).isEqualTo("d2e6cb94c2dbfdf8425f052a074d280ead21c82f3b63e4aa0eb2ecadda2f9922");

        DrawVerifier.Outcome outcome = DrawVerifier.verify(record, members(), chain(record.seed()));
        assertThat(outcome.differences()).isEmpty();
    }

    @Test
    void keysSortByUtf8BytesSoAPlateComesAfterEveryAsciiKey() {
        assertThat(Utf8.compare("浙A12345", "NPffffffffffffffffffffffffffffffff")).isPositive();
        // U+FF21 (Ａ) sorts before U+1F600 in UTF-8 bytes, after it in UTF-16 units
        assertThat(Utf8.compare("\uFF21", "\uD83D\uDE00")).isNegative();
        assertThat("\uFF21".compareTo("\uD83D\uDE00")).isPositive();
        List<DrawMember> swapped = new ArrayList<>(members());
        java.util.Collections.swap(swapped, 14, 15);
        assertThat(DrawVerifier.verify(record(members()), swapped, List.of()).differences()).anyMatch(d -> d.contains("not strictly ascending"));
    }

    @Test
    void changingAnySnapshotFieldIsAMismatch() {
        PublicDraw record = record(members());
        for (int field = 1; field < 5; field++) {
            for (int line = 0; line < SNAPSHOT.size(); line++) {
                String[] f = SNAPSHOT.get(line).split("\t");
                f[field] = f[field] + "X";
                List<String> lines = new ArrayList<>(SNAPSHOT);
                lines.set(line, String.join("\t", f));
                List<DrawMember> changed = lines.stream().map(DrawMember::parse).toList();
                assertThat(DrawVerifier.verify(record, changed, chain(record.seed())).differences())
                        .as("field %d of line %d", field, line).anyMatch(d -> d.startsWith("scopeDigest"));
            }
        }
        List<DrawMember> fewer = new ArrayList<>(members());
        fewer.remove(3);
        assertThat(DrawVerifier.verify(record, fewer, chain(record.seed())).matches()).isFalse();
    }

    @Test
    void aForgedSnapshotAndRecordTogetherStillFailOnTheSeed() {
        // Recomputing the digest for a changed snapshot and writing it into the record changes the seed.
        List<String> lines = new ArrayList<>(SNAPSHOT);
        lines.set(6, lines.get(6).replace("DEREGISTERED", "ACTIVE"));
        List<DrawMember> forged = lines.stream().map(DrawMember::parse).toList();
        PublicDraw honest = record(members());
        SnapshotDigest d = new SnapshotDigest();
        forged.forEach(d::add);
        PublicDraw forgedRecord = withDigest(honest, d.hex());
        assertThat(DrawVerifier.verify(forgedRecord, forged, List.of()).differences()).anyMatch(x -> x.startsWith("seed"));
    }

    @Test
    void changingTheCommitmentIsAMismatch() {
        PublicDraw record = record(members());
        for (SeedCommitment c : List.of(
                new SeedCommitment("T-2026-0002", "中国福利彩票3D 第2026327期开奖号码", COMMITMENT.revealAt(), COMMITMENT.committedAt(), null),
                new SeedCommitment("T-2026-0002", COMMITMENT.source(), "2026-11-29T13:15:00.000Z", COMMITMENT.committedAt(), null),
                new SeedCommitment("T-2026-0002", COMMITMENT.source(), COMMITMENT.revealAt(), "2026-11-20T02:00:01.000Z", null))) {
            assertThat(DrawVerifier.verify(withCommitment(record, c), members(), chain(record.seed())).differences())
                    .as(c.toString()).anyMatch(x -> x.startsWith("seed"));
        }
        SeedCommitment late = new SeedCommitment("T-2026-0002", COMMITMENT.source(), "2026-11-21T07:59:59.999Z", COMMITMENT.committedAt(), null);
        assertThat(DrawVerifier.verify(withCommitment(record, late), members(), List.of()).differences())
                .contains("commitment: PUBLIC_VALUE_KNOWN_BEFORE_FREEZE");
        assertThat(DrawVerifier.verify(withCommitment(record, null), members(), List.of()).differences())
                .contains("commitment: PUBLIC_VALUE_NOT_COMMITTED");
        // A commitment made after the scope was frozen (its source could have been picked to suit the scope).
        SeedCommitment afterFreeze = new SeedCommitment("T-2026-0002", COMMITMENT.source(), COMMITMENT.revealAt(), "2026-11-21T08:00:00.001Z", null);
        assertThat(DrawVerifier.verify(withCommitment(record, afterFreeze), members(), List.of()).differences())
                .contains("commitment: COMMITTED_AFTER_FREEZE");
        // Committed at the very moment of the freeze is still before it.
        SeedCommitment atFreeze = new SeedCommitment("T-2026-0002", COMMITMENT.source(), COMMITMENT.revealAt(), "2026-11-21T08:00:00.000Z", null);
        assertThat(DrawVerifier.verify(withCommitment(record, atFreeze), members(), List.of()).differences())
                .noneMatch(x -> x.startsWith("commitment"));
    }

    @Test
    void deletingOrAlteringAnEarlierSubstitutionBreaksTheChain() {
        PublicDraw record = record(members());
        List<PublicDraw.Substitution> chain = chain(record.seed());
        assertThat(DrawVerifier.verify(record, members(), chain.subList(1, 2)).matches()).isFalse();
        PublicDraw.Substitution first = chain.get(0);
        // without the skip, the first substitute would have been 93330109MA2CCCCB2X
        PublicDraw.Substitution noSkip = new PublicDraw.Substitution(first.id(), first.taskId(), 1, first.algorithm(), first.movedOutKey(),
                first.reason(), first.basis(), first.basisValue(), List.of(), List.of(), first.substitute(), first.drawnAt());
        assertThat(DrawVerifier.verify(record, members(), List.of(noSkip, chain.get(1))).differences())
                .anyMatch(d -> d.contains("skipped and substitute in rank order"));
        // the jurisdiction minimum is kept: a substitute from the stratum instead of the region is refused
        PublicDraw.Substitution byStratum = new PublicDraw.Substitution(first.id(), first.taskId(), 1, first.algorithm(), first.movedOutKey(),
                first.reason(), Substitute.BASIS_STRATUM, "UNRATED", List.of(), List.of(), null, first.drawnAt());
        assertThat(DrawVerifier.verify(record, members(), List.of(byStratum)).differences()).anyMatch(d -> d.contains("basis"));
        // a skip with a status that is not excluded is refused
        PublicDraw.Substitution activeSkip = new PublicDraw.Substitution(first.id(), first.taskId(), 1, first.algorithm(), first.movedOutKey(),
                first.reason(), first.basis(), first.basisValue(), List.of(), List.of(new PublicDraw.Skipped("93330109MA2CCCCB2X", "ACTIVE")),
                first.substitute(), first.drawnAt());
        assertThat(DrawVerifier.verify(record, members(), List.of(activeSkip)).differences()).anyMatch(d -> d.contains("not excluded"));
    }

    static PublicDraw withDigest(PublicDraw r, String digest) {
        return new PublicDraw(r.id(), r.taskId(), r.itemCodes(), r.algorithm(), r.seed(), r.publicValue(), r.commitment(), r.scopeId(),
                r.scopeFrozenAt(), digest, r.scopeSize(), r.chunkCount(), r.snapshotBytes(), digest, r.snapshotUrl(), r.substitutionsUrl(),
                r.scopeSizes(), r.eligibleSizes(), r.quotas(), r.mode(), r.count(), r.ratios(), r.ratioBasisPoints(), r.minPerJurisdiction(),
                r.excludedStatuses(), r.targetKinds(), r.exclusions(), r.selected(), r.selectedDigest(), r.selectedCount(), r.drawnAt());
    }

    static PublicDraw withExclusions(PublicDraw r, List<SubjectDrawAlgorithm.Exclusion> exclusions) {
        return new PublicDraw(r.id(), r.taskId(), r.itemCodes(), r.algorithm(), r.seed(), r.publicValue(), r.commitment(), r.scopeId(),
                r.scopeFrozenAt(), r.scopeDigest(), r.scopeSize(), r.chunkCount(), r.snapshotBytes(), r.snapshotSha256(), r.snapshotUrl(),
                r.substitutionsUrl(), r.scopeSizes(), r.eligibleSizes(), r.quotas(), r.mode(), r.count(), r.ratios(), r.ratioBasisPoints(),
                r.minPerJurisdiction(), r.excludedStatuses(), r.targetKinds(), exclusions, r.selected(), r.selectedDigest(), r.selectedCount(),
                r.drawnAt());
    }

    @Test
    void anExclusionLineChangedDuplicatedOrDroppedIsAMismatchThatNamesTheLine() {
        PublicDraw record = record(members());
        List<SubjectDrawAlgorithm.Exclusion> recorded = record.exclusions();
        assertThat(DrawVerifier.verify(withExclusions(record, recorded), members(), chain(record.seed())).differences()).isEmpty();

        List<SubjectDrawAlgorithm.Exclusion> duplicated = new ArrayList<>(recorded);
        duplicated.add(1, recorded.get(1));
        assertThat(DrawVerifier.verify(withExclusions(record, duplicated), members(), chain(record.seed())).differences())
                .anyMatch(d -> d.startsWith("exclusions: ") && d.contains("recorded 4, recomputed 3") && d.contains("line 3: recorded 92330109MA2BBBBB2X STATUS_DEREGISTERED"));

        List<SubjectDrawAlgorithm.Exclusion> dropped = new ArrayList<>(recorded);
        dropped.remove(2);
        assertThat(DrawVerifier.verify(withExclusions(record, dropped), members(), chain(record.seed())).differences())
                .anyMatch(d -> d.startsWith("exclusions: ") && d.contains("recorded nothing, recomputed 浙A12345 KIND_NOT_TARGETED"));

        List<SubjectDrawAlgorithm.Exclusion> changed = new ArrayList<>(recorded);
        SubjectDrawAlgorithm.Exclusion status = recorded.get(1);
        changed.set(1, new SubjectDrawAlgorithm.Exclusion(status.code(), "STATUS_MOVED_OUT", status.evidence()));
        assertThat(DrawVerifier.verify(withExclusions(record, changed), members(), chain(record.seed())).differences())
                .anyMatch(d -> d.startsWith("exclusions: 1 lines differ") && d.contains("recorded 92330109MA2BBBBB2X STATUS_MOVED_OUT, recomputed "
                        + "92330109MA2BBBBB2X STATUS_DEREGISTERED"));
    }

    @Test
    void aCountDrawIsVerifiedByTheTwoPassesAndComparedTheSameWay() {
        // COUNT mode cannot take the single pass: the verifier compares the two passes' exclusions line by line instead.
        List<DrawMember> members = members();
        PublicDraw ratio = record(members);
        Result r = SubjectDrawAlgorithm.draw(members, new Spec(ratio.seed(), Mode.COUNT, ratio.ratioBasisPoints(), 4, 0, GONE, Map.of(),
                Set.of("ORGANISATION", "NATURAL_PERSON"), Map.of()));
        PublicDraw count = new PublicDraw(ratio.id(), ratio.taskId(), ratio.itemCodes(), ratio.algorithm(), ratio.seed(), ratio.publicValue(),
                ratio.commitment(), ratio.scopeId(), ratio.scopeFrozenAt(), ratio.scopeDigest(), ratio.scopeSize(), ratio.chunkCount(),
                ratio.snapshotBytes(), ratio.snapshotSha256(), ratio.snapshotUrl(), ratio.substitutionsUrl(), ratio.scopeSizes(),
                r.eligibleSizes(), r.quotas(), "COUNT", 4, ratio.ratios(), ratio.ratioBasisPoints(), 0, ratio.excludedStatuses(),
                ratio.targetKinds(), r.exclusions(), r.selected().stream().map(PublicDraw.Member::of).toList(), r.selectedDigest(),
                r.selected().size(), ratio.drawnAt());
        assertThat(DrawVerifier.verify(count, members, List.of()).differences()).isEmpty();
        List<SubjectDrawAlgorithm.Exclusion> dropped = new ArrayList<>(r.exclusions());
        dropped.remove(0);
        assertThat(DrawVerifier.verify(withExclusions(count, dropped), members, List.of()).differences())
                .anyMatch(d -> d.startsWith("exclusions: ") && d.contains("recorded 1, recomputed 2"));
    }

    static PublicDraw withCommitment(PublicDraw r, SeedCommitment c) {
        return new PublicDraw(r.id(), r.taskId(), r.itemCodes(), r.algorithm(), r.seed(), r.publicValue(), c, r.scopeId(),
                r.scopeFrozenAt(), r.scopeDigest(), r.scopeSize(), r.chunkCount(), r.snapshotBytes(), r.snapshotSha256(), r.snapshotUrl(),
                r.substitutionsUrl(), r.scopeSizes(), r.eligibleSizes(), r.quotas(), r.mode(), r.count(), r.ratios(), r.ratioBasisPoints(),
                r.minPerJurisdiction(), r.excludedStatuses(), r.targetKinds(), r.exclusions(), r.selected(), r.selectedDigest(), r.selectedCount(),
                r.drawnAt());
    }
}
