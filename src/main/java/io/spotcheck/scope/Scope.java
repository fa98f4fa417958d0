package io.spotcheck.scope;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A candidate pool (抽取范围 / 待抽检库) for a draw, as stored in {@code scopes}. Built by a job that
 * writes its members to {@code scope_members}; once FROZEN it has a digest over its sorted member
 * codes and a compact snapshot in {@code scope_snapshots} that draws and verifiers read.
 *
 * @param kind FILTER (a saved subject filter), SPECIAL_LIST (a department's special list, i.e. its tag) or IMPORTED (credit codes)
 * @param definition what defines the members: {@code filter} or {@code list}; published with every draw
 * @param status BUILDING, FROZEN, CANCELLED or FAILED
 * @param strata members per comprehensive credit class (UNRATED when none)
 * @param notFound the first imported codes that matched no subject (up to 1,000)
 * @param format 2 for a snapshot of public member keys in UTF-8 byte order (docs/DRAW-ALGORITHM.md); null for the version 1 snapshot of codes
 * @param snapshotBytes size of the snapshot file (format 2)
 */
public record Scope(String id, String name, String department, String kind, Map<String, Object> definition, String status,
                    Long memberCount, Map<String, Long> strata, String digest, Integer chunkCount, List<String> notFound,
                    Long notFoundCount, String error, String createdBy, OffsetDateTime createdAt, OffsetDateTime frozenAt,
                    Integer format, Long snapshotBytes) {

    /** The snapshot format scopes are frozen in now. */
    public static final int FORMAT = 2;

    public Scope(String id, String name, String department, String kind, Map<String, Object> definition, String status,
                 Long memberCount, Map<String, Long> strata, String digest, Integer chunkCount, List<String> notFound,
                 Long notFoundCount, String error, String createdBy, OffsetDateTime createdAt, OffsetDateTime frozenAt) {
        this(id, name, department, kind, definition, status, memberCount, strata, digest, chunkCount, notFound, notFoundCount, error,
                createdBy, createdAt, frozenAt, null, null);
    }

    /** Frozen in the version 2 format: members named by public key, digest over the whole lines. */
    @JsonIgnore
    public boolean isKeyed() {
        return format != null && format >= FORMAT;
    }

    @JsonIgnore
    public boolean isFrozen() {
        return "FROZEN".equals(status);
    }

    @JsonIgnore
    public boolean isFinished() {
        return "FROZEN".equals(status) || "CANCELLED".equals(status) || "FAILED".equals(status);
    }
}
