package dev.stagehand.opcon.database;

import java.util.regex.Pattern;

/**
 * How to reach the deployment database: the {@code [database]} section of {@code config.ini}.
 *
 * @param url      the JDBC URL ({@code jdbc:h2:file:...}, {@code jdbc:postgresql://...})
 * @param user     the database user, or null
 * @param password the database password, or null; never shown
 * @param schema   the schema holding the tables (created by the migration when missing), or null for the
 *                 connection's default
 */
public record DatabaseSettings(String url, String user, String password, String schema) {

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public DatabaseSettings {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("the database url must be a JDBC URL (jdbc:...), not '" + url + "'");
        }
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("the database schema '" + schema + "' is not a plain SQL name");
        }
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", schema=" + schema + "]";
    }
}
