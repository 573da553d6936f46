package dev.stagehand.api.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The one reading of a boolean as manifests write it: {@code true}/{@code false} (also
 * {@code yes}/{@code no}, {@code 1}/{@code 0}), ignoring case and surrounding blanks.
 */
public final class Flags {

    private Flags() {
    }

    /**
     * The value, or empty when {@code text} is not one of the accepted spellings (null and blank included).
     *
     * @param text the text of an attribute or variable
     * @return the value; empty when it is not a boolean
     */
    public static Optional<Boolean> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Optional.of(Boolean.TRUE);
            case "false", "no", "0" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }
}
