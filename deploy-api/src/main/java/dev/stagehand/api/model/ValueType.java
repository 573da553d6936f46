package dev.stagehand.api.model;

import java.util.Locale;
import java.util.Optional;

/** The type of a UI variable's value; a value that does not fit fails validation. */
public enum ValueType {
    /** Any text. */
    TEXT("Text"),
    /** A path to a file on the target. */
    FILE_PATH("FilePath"),
    /** A path to a folder on the target. */
    FOLDER_PATH("FolderPath"),
    /** A port number, 1 to 65535. */
    NETWORK_PORT("NetworkPort"),
    /** An IPv4 or IPv6 address (a literal; never looked up). */
    IP_ADDRESS("IpAddress"),
    /** A whole number. */
    INTEGER("Integer"),
    /** A secret: never printed, logged, or written to a journal or plan. */
    PASSWORD("Password"),
    /** {@code true} or {@code false} (also yes/no, 1/0). */
    BOOLEAN("Boolean"),
    /** One of the choices listed in the variable's {@code placeholder}, split by {@code |}. */
    CHOICE("Choice"),
    /** An HTTP or HTTPS address. */
    HTTP_ADDRESS("HttpAddress"),
    /** Any absolute URL. */
    URL("Url");

    private final String manifestName;

    ValueType(String manifestName) {
        this.manifestName = manifestName;
    }

    /** {@return the spelling manifests use, e.g. {@code FilePath}} */
    public String manifestName() {
        return manifestName;
    }

    /** {@return true for {@link #PASSWORD}, whose values are masked everywhere} */
    public boolean isSecret() {
        return this == PASSWORD;
    }

    /**
     * Parses the manifest spelling, ignoring case.
     *
     * @param name the type as a manifest writes it
     * @return the type; empty when no type has that name
     */
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
