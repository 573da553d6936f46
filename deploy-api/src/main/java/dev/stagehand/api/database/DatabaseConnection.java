package dev.stagehand.api.database;

import java.time.Duration;
import java.util.Map;

/**
 * A logical database's connection, assembled from composite variables: under a prefix such as
 * {@code Product.Database.Online}, either {@code .Url}, or {@code .Server}, {@code .Port} and
 * {@code .Name} with {@code .Type}; and {@code .User}, {@code .Password}; {@code .ConnectTimeout} and
 * {@code .Timeout} in seconds.
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
 * @param connectTimeout how long connecting (and logging in) may take before it fails
 *                    ({@code .ConnectTimeout}; {@link #DEFAULT_CONNECT_TIMEOUT} when null)
 * @param timeout     how long one statement or request may run before it is cancelled, and, with
 *                    a margin, how long the client waits for any answer of the server: a server
 *                    that stops answering fails the step instead of hanging it ({@code .Timeout};
 *                    {@link #DEFAULT_TIMEOUT} when null)
 */
public record DatabaseConnection(String logicalName, String type, String url, String server, int port, String name,
                                 String user, String password, Map<String, String> properties, String maskedUrl,
                                 Duration connectTimeout, Duration timeout) {

    /** How long connecting may take unless {@code .ConnectTimeout} says otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long one statement may run unless {@code .Timeout} says otherwise: long migrations are real. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /**
     * Copies the properties and fills in what was left out: the masked URL from the URL, the
     * default timeouts.
     *
     * @param logicalName the logical name ({@code Online}, {@code Ods}, ...)
     * @param type the name of the {@link DatabaseType} that serves it ({@code PostgreSQL}, {@code H2}, ...),
     *             null when no loaded type claims its URL
     * @param url the URL its type understands (JDBC for SQL databases, HTTP for ClickHouse)
     * @param server the server, null when only a URL was given
     * @param port the port, 0 when unknown
     * @param name the physical database name, null when unknown
     * @param user the user, null when none
     * @param password the password (a secret), null when none
     * @param properties further driver properties
     * @param maskedUrl the URL as people may see it, its password masked by its type
     *                  ({@link DatabaseType#maskUrl}); null for the usual forms ({@link DatabaseUrls})
     * @param connectTimeout how long connecting (and logging in) may take before it fails
     *                       ({@code .ConnectTimeout}; {@link #DEFAULT_CONNECT_TIMEOUT} when null)
     * @param timeout how long one statement or request may run before it is cancelled, and, with a margin,
     *                how long the client waits for any answer of the server: a server that stops answering
     *                fails the step instead of hanging it ({@code .Timeout}; {@link #DEFAULT_TIMEOUT} when
     *                null)
     */
    public DatabaseConnection {
        properties = Map.copyOf(properties);
        maskedUrl = maskedUrl != null ? maskedUrl : DatabaseUrls.maskPassword(url);
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        timeout = positive(timeout, DEFAULT_TIMEOUT);
    }

    /**
     * A connection with the default timeouts.
     *
     * @param logicalName the logical name ({@code Online}, {@code Ods}, ...)
     * @param type the name of the {@link DatabaseType} that serves it ({@code PostgreSQL}, {@code H2}, ...),
     *             null when no loaded type claims its URL
     * @param url the URL its type understands (JDBC for SQL databases, HTTP for ClickHouse)
     * @param server the server, null when only a URL was given
     * @param port the port, 0 when unknown
     * @param name the physical database name, null when unknown
     * @param user the user, null when none
     * @param password the password (a secret), null when none
     * @param properties further driver properties
     * @param maskedUrl the URL as people may see it, its password masked by its type
     *                  ({@link DatabaseType#maskUrl}); null for the usual forms ({@link DatabaseUrls})
     */
    public DatabaseConnection(String logicalName, String type, String url, String server, int port, String name,
                              String user, String password, Map<String, String> properties, String maskedUrl) {
        this(logicalName, type, url, server, port, name, user, password, properties, maskedUrl, null, null);
    }

    private static Duration positive(Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a timeout must be above zero, not " + value);
        }
        return value;
    }

    /**
     * How long the client waits for any answer of the server: the statement {@link #timeout} and
     * as much again (a minute at most), so that the server's own cancellation comes first.
     *
     * @return the read timeout for the client's socket or HTTP requests
     */
    public Duration readTimeout() {
        return timeout.plus(timeout.compareTo(Duration.ofMinutes(1)) < 0 ? timeout : Duration.ofMinutes(1));
    }

    /**
     * The same connection with other timeouts.
     *
     * @param connect how long connecting may take; the default when null
     * @param statement how long one statement may run; the default when null
     * @return a copy with these timeouts
     */
    public DatabaseConnection withTimeouts(Duration connect, Duration statement) {
        return new DatabaseConnection(logicalName, type, url, server, port, name, user, password, properties,
                maskedUrl, connect, statement);
    }

    /** Where the variables of the logical databases live: {@code Product.Database.<Name>.*}. */
    public static final String VARIABLE_PREFIX = "Product.Database";

    /**
     * The logical name a step's {@code targetDatabase} names, whether written {@code Ods},
     * {@code Product.Database.Ods} or {@code $(Product.Database.Ods)}.
     *
     * @param logicalNameOrReference the name as the step writes it
     * @return the bare logical name
     */
    public static String logicalNameOf(String logicalNameOrReference) {
        String name = dev.stagehand.api.spi.VariableReferences.whole(logicalNameOrReference)
                .orElse(logicalNameOrReference.trim());
        String prefix = VARIABLE_PREFIX + ".";
        return name.regionMatches(true, 0, prefix, 0, prefix.length()) ? name.substring(prefix.length()) : name;
    }

    /**
     * The connection of a URL alone, with credentials.
     *
     * @param logicalName the logical name
     * @param type the name of the database type, null when none claims the URL
     * @param url the URL
     * @param user the user, null when none
     * @param password the password, null when none
     * @return a connection without server, port or name
     */
    public static DatabaseConnection ofUrl(String logicalName, String type, String url, String user, String password) {
        return new DatabaseConnection(logicalName, type, url, null, 0, null, user, password, Map.of(), null);
    }

    /**
     * The same connection to another URL (the server's {@code master} database, say).
     *
     * @param otherUrl the URL to connect to instead
     * @param otherName the physical database name it points at, null when unknown
     * @return a copy whose masked URL follows the new URL
     */
    public DatabaseConnection withUrl(String otherUrl, String otherName) {
        return new DatabaseConnection(logicalName, type, otherUrl, server, port, otherName, user, password, properties,
                null, connectTimeout, timeout);
    }

    /** {@return the database for messages: logical name, type, where and who, never the password} */
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
