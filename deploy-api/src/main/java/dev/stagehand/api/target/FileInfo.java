package dev.stagehand.api.target;

/**
 * A file on a target.
 *
 * @param size   bytes
 * @param sha256 hex SHA-256 of the content
 */
public record FileInfo(long size, String sha256) {
}
