package dev.stagehand.api.spi;

/** What kind of thing a step will create or change, for the preparation notice and later steps' checks. */
public enum ChangeKind {
    FOLDER("folder"),
    FILE("file"),
    DATABASE("database"),
    TABLE("table"),
    PATCH("patch"),
    CONFIGURATION_ENTRY("configuration entry"),
    INTEGRATION_ENTRY("integration entry"),
    SERVICE("service"),
    LICENSE("license"),
    /** A script that may change anything (a Generic step's); the name says which and when. */
    SCRIPT("script"),
    /** Anything else; the name says what. */
    OTHER("change");

    private final String displayName;

    ChangeKind(String displayName) {
        this.displayName = displayName;
    }

    /** How the notice writes it: {@code configuration entry}. */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
