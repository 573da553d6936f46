package dev.stagehand.api.target;

import java.time.Instant;

/**
 * A regular file on a target, as one metadata call tells it.
 *
 * @param size     bytes
 * @param modified last modification
 */
public record FileInfo(long size, Instant modified) {
}
