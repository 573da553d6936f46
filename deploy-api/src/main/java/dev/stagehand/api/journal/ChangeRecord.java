package dev.stagehand.api.journal;

/**
 * Something a step created or changed on a target, kept in the journal so that an uninstall
 * knows what to remove and a later deployment knows what is there.
 *
 * @param kind   what it is: {@code file}, {@code folder}, {@code patch}, ...
 * @param target where: a path on the target, a database and patch id, ...
 * @param detail a fingerprint or note (e.g. {@code sha256:...}), may be empty
 */
public record ChangeRecord(String kind, String target, String detail) {

    /**
     * A file written on the target, with the hash of its content, so that a later run tells
     * whether someone changed it since.
     *
     * @param path the file's path on the target
     * @param sha256 the hex SHA-256 of what was written
     * @return the record
     */
    public static ChangeRecord file(String path, String sha256) {
        return new ChangeRecord("file", path, "sha256:" + sha256);
    }
}
