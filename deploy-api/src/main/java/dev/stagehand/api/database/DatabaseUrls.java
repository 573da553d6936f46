package dev.stagehand.api.database;

import java.util.regex.Pattern;

/** The one way to keep a password out of a database URL shown to people. */
public final class DatabaseUrls {

    /** {@code password=...} as a parameter ({@code ;password=}, {@code ?password=}, {@code &password=}, {@code :password=}). */
    private static final Pattern PARAMETER = Pattern.compile("(?i)([;&?:]password=)[^;&]*");
    /** {@code //user:secret@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?]*:)[^@/]*@");

    /** What a password becomes wherever it would be shown. */
    public static final String MASK = "******";

    private DatabaseUrls() {
    }

    /**
     * {@code url} with the password of a {@code password=} parameter or of {@code user:password@} masked.
     *
     * @param url a URL, null allowed
     * @return the URL with the password masked
     */
    public static String maskPassword(String url) {
        if (url == null) {
            return null;
        }
        String masked = PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }
}
