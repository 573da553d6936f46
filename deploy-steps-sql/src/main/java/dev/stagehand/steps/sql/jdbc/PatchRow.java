package dev.stagehand.steps.sql.jdbc;

import java.time.Instant;

/**
 * A row of {@code T_DatabasePatches}.
 *
 * @param patchId     the patch id
 * @param description what the patch does, may be null
 * @param checksum    SHA-256 of the normalised script(s) as applied
 * @param appliedAt   when
 * @param appliedBy   who (user and deployment id)
 * @param durationMs  how long the script ran
 * @param success     false when the last attempt failed (the patch runs again next time)
 */
public record PatchRow(String patchId, String description, String checksum, Instant appliedAt, String appliedBy,
                       long durationMs, boolean success) {
}
