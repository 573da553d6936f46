package dev.stagehand.api.spi;

/** What kind of thing a step will create or change, for the preparation notice and later steps' checks. */
public enum ChangeKind {
    /** A folder on the target. */
    FOLDER("folder"),
    /** A file on the target. */
    FILE("file"),
    /** A database (created, not just used). */
    DATABASE("database"),
    /** A table of a database. */
    TABLE("table"),
    /** A database patch (a migration) applied. */
    PATCH("patch"),
    /** An entry of a configuration file. */
    CONFIGURATION_ENTRY("configuration entry"),
    /** An integration entry in the MES database (the MES steps' messages). */
    INTEGRATION_ENTRY("integration entry"),
    /** A service installed or changed. */
    SERVICE("service"),
    /** A license installed. */
    LICENSE("license"),
    /** A script that may change anything (a Generic step's); the name says which and when. */
    SCRIPT("script"),
    /** Anything else; the name says what. */
    OTHER("change");

    private final String displayName;

    ChangeKind(String displayName) {
        this.displayName = displayName;
    }

    /** {@return how the notice writes it: {@code configuration entry}} */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
