package io.spotcheck.draw;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Commit, then reveal: before the public value of its draw exists a task names where it will come
 * from ({@code source}, e.g. "中国福利彩票3D 第2026326期开奖号码") and when it becomes known
 * ({@code revealAt}). Written once, never changed, and only before the task's scope is frozen. The
 * draw refuses a value whose commitment is missing, was changed, was made after the scope was frozen
 * ({@code committedAt} later than the scope's {@code frozenAt}: the source could have been chosen
 * knowing the scope), or was known before the scope was frozen ({@code revealAt} earlier than
 * {@code frozenAt}) or before the commitment was made ({@code revealAt} not later than
 * {@code committedAt}). All three fields enter the version 2 seed, so the published commitment
 * cannot be altered without breaking verification.
 *
 * <p>Times are UTC with milliseconds in one fixed form ({@link #format}), so comparing the strings
 * compares the times, in any language.
 */
public record SeedCommitment(String taskId, String source, String revealAt, String committedAt, String committedBy) {

    /** Refused at {@code commitPublicValue}: sources are one line of at most this many characters. */
    public static final int MAX_SOURCE = 200;

    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    /** {@code 2026-12-04T18:30:00.000Z}: UTC, milliseconds, always 24 characters. */
    public static String format(Instant at) {
        return FIXED.format(at.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    }

    public static String format(OffsetDateTime at) {
        return format(at.toInstant());
    }

    /** Why a public value may not be drawn with under this commitment and freeze time, or null when it may. */
    public static String refusal(SeedCommitment c, String frozenAt) {
        if (c == null || c.source() == null || c.revealAt() == null || c.committedAt() == null) {
            return "PUBLIC_VALUE_NOT_COMMITTED";
        }
        if (c.committedAt().compareTo(frozenAt) > 0) {
            return "COMMITTED_AFTER_FREEZE";
        }
        if (c.revealAt().compareTo(frozenAt) < 0) {
            return "PUBLIC_VALUE_KNOWN_BEFORE_FREEZE";
        }
        if (c.revealAt().compareTo(c.committedAt()) <= 0) {
            return "PUBLIC_VALUE_KNOWN_BEFORE_COMMITMENT";
        }
        return null;
    }
}
