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

    /** Kind of the record a step adds for itself when what it did cannot be undone. */
    public static final String IRREVERSIBLE = "irreversible";
    /** Kind of a folder a step created ({@code detail} {@code before:absent}) or deployed into. */
    public static final String FOLDER = "folder";
    /** Kind of an uninstall script a package registered ({@code target}: the script in the package). */
    public static final String UNINSTALL_SCRIPT = "uninstall-script";

    /**
     * A file written, with its hash only: it can be checked but not undone (see {@link FileUndo#record}).
     *
     * @param path the file's path on the target
     * @param sha256 the hex SHA-256 of what was written
     * @return the record
     */
    public static ChangeRecord file(String path, String sha256) {
        return new ChangeRecord("file", path, "sha256:" + sha256);
    }

    /**
     * A folder a step deployed into.
     *
     * @param path    the folder's path on the target
     * @param created whether the step created it (it was not there, or empty, before)
     * @return the record
     */
    public static ChangeRecord folder(String path, boolean created) {
        return new ChangeRecord(FOLDER, path, created ? "before:absent" : "before:present");
    }

    /** {@return whether this is a folder record of a folder the step created} */
    public boolean createdFolder() {
        return FOLDER.equals(kind) && "before:absent".equals(detail);
    }
}
