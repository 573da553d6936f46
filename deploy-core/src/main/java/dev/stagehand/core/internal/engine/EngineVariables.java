package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.spi.DatabaseConnection;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.core.internal.variables.VariableSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Variables} one step sees: the deployment's variables with the built-ins of its
 * package ({@code Package.Id}, {@code Package.Version}, {@code Package.TargetDirectory}) on top.
 */
final class EngineVariables implements Variables {

    private static final String PREFIX = "Product.Database.";

    private final VariableSet set;
    private final Map<String, String> local;
    private final Location where;

    /** @param local package built-ins with lower-case keys */
    EngineVariables(VariableSet set, Map<String, String> local, Location where) {
        this.set = set;
        this.local = local;
        this.where = where;
    }

    @Override
    public Optional<String> get(String name) {
        String value = local.get(name.trim().toLowerCase(Locale.ROOT));
        return value != null ? Optional.of(value) : set.get(name);
    }

    @Override
    public String expand(String text) {
        return set.expand(text, local, name -> {
            throw new DeploymentException("variable $(" + name + ") is not set", where);
        });
    }

    @Override
    public Set<String> secretNames() {
        return set.secretNames();
    }

    @Override
    public String mask(String text) {
        return set.mask(text);
    }

    @Override
    public DatabaseConnection database(String logicalNameOrReference) {
        String name = logicalNameOrReference.trim();
        if (name.startsWith("$(") && name.endsWith(")")) {
            name = name.substring(2, name.length() - 1);
        }
        if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            name = name.substring(PREFIX.length());
        }
        String base = PREFIX + name + ".";
        String url = part(base + "Url");
        String type = Optional.ofNullable(part(base + "Type")).orElseGet(() -> part(PREFIX + "Type"));
        String server = part(base + "Server");
        String portText = part(base + "Port");
        String database = part(base + "Name");
        String user = part(base + "User");
        String password = part(base + "Password");
        if (type == null && url != null) {
            type = typeOf(url);
        }
        int port = 0;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                throw new DeploymentException(base + "Port is '" + portText + "', not a port number", where);
            }
        }
        if (url == null) {
            if (server == null || type == null) {
                throw new DeploymentException("database " + name + " has no connection: set " + base
                        + "Url, or " + base + "Server (and .Port, .Name) with " + PREFIX + "Type", where);
            }
            url = url(type, server, port, database, name, base);
        }
        return new DatabaseConnection(name, type, url, server, port, database, user, password, Map.of());
    }

    private String part(String name) {
        return get(name).filter(v -> !v.isBlank()).orElse(null);
    }

    private static String typeOf(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return "PostgreSQL";
        }
        if (lower.startsWith("jdbc:sqlserver:")) {
            return "SQLServer";
        }
        if (lower.startsWith("jdbc:h2:")) {
            return "H2";
        }
        if (lower.startsWith("jdbc:clickhouse:") || lower.contains("clickhouse")) {
            return "ClickHouse";
        }
        return "JDBC";
    }

    private String url(String type, String server, int port, String database, String name, String base) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "postgresql", "postgres" -> {
                return "jdbc:postgresql://" + server + (port > 0 ? ":" + port : "") + "/"
                        + required(database, base + "Name");
            }
            case "sqlserver", "mssql" -> {
                return "jdbc:sqlserver://" + server + (port > 0 ? ":" + port : "") + ";databaseName="
                        + required(database, base + "Name") + ";encrypt=true";
            }
            case "h2" -> {
                return "jdbc:h2:" + (server.equalsIgnoreCase("mem") ? "mem:" : "tcp://" + server
                        + (port > 0 ? ":" + port : "") + "/") + required(database, base + "Name");
            }
            case "clickhouse" -> {
                return "jdbc:clickhouse://" + server + (port > 0 ? ":" + port : "") + "/"
                        + required(database, base + "Name");
            }
            default -> throw new DeploymentException("database " + name + " has type '" + type
                    + "'; known types: SQLServer, PostgreSQL, H2, ClickHouse (or give " + base + "Url)", where);
        }
    }

    private String required(String value, String variable) {
        if (value == null) {
            throw new DeploymentException("variable " + variable + " is not set", where);
        }
        return value;
    }

}
