package dev.stagehand.api.target;

/**
 * What a file's metadata says about its content without reading it: when any part differs, the
 * content may have changed. The change time and the file key catch tools that put back an old
 * modification time after changing a file.
 *
 * @param size          bytes
 * @param modifiedNanos last modification, nanoseconds since the epoch
 * @param changedNanos  last status change (ctime), 0 where the platform does not tell
 * @param fileKey       inode or similar identity, empty where the platform does not tell
 */
public record FileStamp(long size, long modifiedNanos, long changedNanos, String fileKey) {
}
