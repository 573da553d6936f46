package dev.stagehand.api.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A logical database's connection, assembled from the composite variables
 * {@code Product.Database.<Name>.Url} or {@code .Server/.Port/.Name/.User/.Password} with
 * {@code Product.Database.Type}.
 *
 * @param logicalName the logical name ({@code Online}, {@code Ods}, ...)
 * @param type        {@code SQLServer}, {@code PostgreSQL}, {@code H2}, {@code ClickHouse}, ...
 * @param url         the JDBC (or HTTP) URL
 * @param server      the server, null when only a URL was given
 * @param port        the port, 0 when unknown
 * @param name        the physical database name, null when unknown
 * @param user        the user, null when none
 * @param password    the password (a secret), null when none
 * @param properties  further driver properties
 */
public record DatabaseConnection(String logicalName, String type, String url, String server, int port, String name,
                                 String user, String password, Map<String, String> properties) {

    public DatabaseConnection {
        properties = Map.copyOf(properties);
    }

    public Optional<String> userIfAny() {
        return Optional.ofNullable(user);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return logicalName + " (" + type + ", " + url + (user == null ? "" : ", user " + user) + ")";
    }
}
