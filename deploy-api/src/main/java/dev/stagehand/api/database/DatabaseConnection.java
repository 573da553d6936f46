package dev.stagehand.api.database;

import java.util.Map;

/**
 * A logical database's connection, assembled from composite variables: under a prefix such as
 * {@code Product.Database.Online}, either {@code .Url}, or {@code .Server}, {@code .Port} and
 * {@code .Name} with {@code .Type}; and {@code .User}, {@code .Password}.
 *
 * @param logicalName the logical name ({@code Online}, {@code Ods}, ...)
 * @param type        the name of the {@link DatabaseType} that serves it ({@code PostgreSQL}, {@code H2},
 *                    ...), null when no loaded type claims its URL
 * @param url         the URL its type understands (JDBC for SQL databases, HTTP for ClickHouse)
 * @param server      the server, null when only a URL was given
 * @param port        the port, 0 when unknown
 * @param name        the physical database name, null when unknown
 * @param user        the user, null when none
 * @param password    the password (a secret), null when none
 * @param properties  further driver properties
 * @param maskedUrl   the URL as people may see it, its password masked by its type
 *                    ({@link DatabaseType#maskUrl}); null for the usual forms ({@link DatabaseUrls})
 */
public record DatabaseConnection(String logicalName, String type, String url, String server, int port, String name,
                                 String user, String password, Map<String, String> properties, String maskedUrl) {

    public DatabaseConnection {
        properties = Map.copyOf(properties);
        maskedUrl = maskedUrl != null ? maskedUrl : DatabaseUrls.maskPassword(url);
    }

    /** Where the variables of the logical databases live: {@code Product.Database.<Name>.*}. */
    public static final String VARIABLE_PREFIX = "Product.Database";

    /**
     * The logical name a step's {@code targetDatabase} names, whether written {@code Ods},
     * {@code Product.Database.Ods} or {@code $(Product.Database.Ods)}.
     */
    public static String logicalNameOf(String logicalNameOrReference) {
        String name = dev.stagehand.api.spi.VariableReferences.whole(logicalNameOrReference)
                .orElse(logicalNameOrReference.trim());
        String prefix = VARIABLE_PREFIX + ".";
        return name.regionMatches(true, 0, prefix, 0, prefix.length()) ? name.substring(prefix.length()) : name;
    }

    /** The connection of a URL alone, with credentials. */
    public static DatabaseConnection ofUrl(String logicalName, String type, String url, String user, String password) {
        return new DatabaseConnection(logicalName, type, url, null, 0, null, user, password, Map.of(), null);
    }

    /** The same connection to another URL (the server's {@code master} database, say). */
    public DatabaseConnection withUrl(String otherUrl, String otherName) {
        return new DatabaseConnection(logicalName, type, otherUrl, server, port, otherName, user, password, properties,
                null);
    }

    /** The database for messages: logical name, type, where and who, never the password. */
    public String describe() {
        StringBuilder out = new StringBuilder("database ").append(logicalName).append(" (")
                .append(type == null ? "unknown type" : type);
        if (server != null) {
            out.append(" at ").append(server);
            if (port > 0) {
                out.append(':').append(port);
            }
            if (name != null) {
                out.append('/').append(name);
            }
        } else {
            out.append(", ").append(maskedUrl());
        }
        if (user != null) {
            out.append(", user ").append(user);
        }
        return out.append(')').toString();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return describe();
    }
}
