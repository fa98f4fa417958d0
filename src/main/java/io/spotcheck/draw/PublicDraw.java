package io.spotcheck.draw;

import java.util.List;
import java.util.Map;

/**
 * A version 2 subject draw as anyone may read it without signing in (GET /public/draws/{id}):
 * everything {@code docs/DRAW-ALGORITHM.md} needs to recompute the draw, natural persons named only
 * by their public member key. {@link DrawVerifier} checks it against the snapshot and the
 * substitutions; the {@code verify} command and the Python script of the specification read the
 * same JSON.
 *
 * @param scopeFrozenAt when the scope was frozen, in {@link SeedCommitment#format} form
 * @param snapshotUrl where the exact snapshot bytes are streamed (relative to the server)
 * @param substitutionsUrl where the task's substitutions are listed in chain order
 * @param chunkCount snapshot chunks 0 … chunkCount − 1 make up the snapshot
 * @param snapshotBytes size of the snapshot file in bytes
 * @param snapshotSha256 SHA-256 of the snapshot file (equal to scopeDigest in version 2)
 * @param ratioBasisPoints the ratios as integers, 1 % = 100
 * @param targetKinds kinds some item of the task targets; members of other kinds are excluded
 */
public record PublicDraw(String id, String taskId, List<String> itemCodes, String algorithm, String seed, String publicValue,
                         SeedCommitment commitment, String scopeId, String scopeFrozenAt, String scopeDigest, Long scopeSize,
                         Integer chunkCount, Long snapshotBytes, String snapshotSha256, String snapshotUrl, String substitutionsUrl,
                         Map<String, Long> scopeSizes, Map<String, Long> eligibleSizes, Map<String, Long> quotas, String mode, Integer count,
                         Map<String, Double> ratios, Map<String, Integer> ratioBasisPoints, Integer minPerJurisdiction,
                         List<String> excludedStatuses, List<String> targetKinds, List<SubjectDrawAlgorithm.Exclusion> exclusions,
                         List<Member> selected, String selectedDigest, Integer selectedCount, String drawnAt) {

    /** A drawn member as published: its key, never its code. */
    public record Member(String key, String stratum, String region, String kind, String rank, String reason) {

        static Member of(SubjectDrawAlgorithm.Selected s) {
            return s == null ? null : new Member(s.key(), s.stratum(), s.region(), s.kind(), s.rank(), s.reason());
        }
    }

    /**
     * One substitution as published (GET /public/draws/{id}/substitutions), in chain order.
     *
     * @param seq 1 for the task's first substitution, then 2, 3 …
     * @param movedOutKey the key of the member replaced (drawn, or an earlier substitute)
     * @param basis STRATUM or JURISDICTION_MINIMUM, with {@code basisValue} the stratum or region
     * @param priorSubstitutes keys of the substitutes of the earlier substitutions, as recorded
     * @param skipped members ranked before the substitute whose current status was excluded, in rank order
     * @param substitute null when nobody was left
     */
    public record Substitution(String id, String taskId, Integer seq, String algorithm, String movedOutKey, String reason, String basis,
                               String basisValue, List<String> priorSubstitutes, List<Skipped> skipped, Member substitute, String drawnAt) {}

    /** A candidate passed over because its status in the directory at substitution time was excluded. */
    public record Skipped(String key, String status) {}
}
