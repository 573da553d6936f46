package dev.stagehand.api.model;

import java.util.Locale;
import java.util.Optional;

/** The type of a UI variable's value; a value that does not fit fails validation. */
public enum ValueType {
    TEXT("Text"),
    FILE_PATH("FilePath"),
    FOLDER_PATH("FolderPath"),
    NETWORK_PORT("NetworkPort"),
    IP_ADDRESS("IpAddress"),
    INTEGER("Integer"),
    /** A secret: never printed, logged, or written to a journal or plan. */
    PASSWORD("Password"),
    BOOLEAN("Boolean"),
    /** One of the choices listed in the variable's {@code placeholder}, split by {@code |}. */
    CHOICE("Choice"),
    HTTP_ADDRESS("HttpAddress"),
    URL("Url");

    private final String manifestName;

    ValueType(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }

    public boolean isSecret() {
        return this == PASSWORD;
    }

    /** Parses the manifest spelling, ignoring case. */
    public static Optional<ValueType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ValueType t : values()) {
            if (t.manifestName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return manifestName;
    }
}
