package dev.stagehand.core.internal.variables;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.database.DatabaseParts;
import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link Variables} of one package: the deployment's variables with the built-ins of the
 * package ({@code Package.Id}, {@code Package.Version}, {@code Package.TargetDirectory}) on top.
 * Connections are assembled through the loaded {@link DatabaseType}s: this class knows no vendor.
 */
public final class PackageVariables implements Variables {

    private static final String DATABASE_PREFIX = DatabaseConnection.VARIABLE_PREFIX;

    private final VariableSet set;
    private final Map<String, String> local;
    private final Location where;
    private final PluginRegistry plugins;

    /** @param local package built-ins with lower-case keys ({@link VariableSet#packageBuiltIns}) */
    public PackageVariables(VariableSet set, Map<String, String> local, Location where, PluginRegistry plugins) {
        this.set = set;
        this.local = local;
        this.where = where;
        this.plugins = plugins;
    }

    public VariableSet set() {
        return set;
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

    /** Expands what has a value and leaves the rest as written. */
    public String expandKnown(String text) {
        return set.expand(text, local, name -> "$(" + name + ")");
    }

    @Override
    public Set<String> names() {
        java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String name : set.names()) {
            byKey.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
        for (String key : local.keySet()) {
            byKey.putIfAbsent(key, key);
        }
        return new java.util.LinkedHashSet<>(byKey.values());
    }

    @Override
    public boolean isSecret(String name) {
        return set.isSecret(name);
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
        String name = DatabaseConnection.logicalNameOf(logicalNameOrReference);
        return connection(name, DATABASE_PREFIX + "." + name, part(DATABASE_PREFIX + ".Type"));
    }

    @Override
    public DatabaseConnection connection(String logicalName, String prefix, String defaultType) {
        String url = part(prefix + ".Url");
        String typeName = Optional.ofNullable(part(prefix + ".Type")).orElse(defaultType);
        String server = part(prefix + ".Server");
        String portText = part(prefix + ".Port");
        String database = part(prefix + ".Name");
        String user = part(prefix + ".User");
        String password = part(prefix + ".Password");
        int port = 0;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                throw new DeploymentException(prefix + ".Port is '" + portText + "', not a port number", where);
            }
        }
        String hint = url == null ? "" : " (or leave the type out: the URL says)";
        DatabaseType type = typeName == null ? null : plugins.named(typeName).orElseThrow(() ->
                new DeploymentException("database " + logicalName + " has type '" + typeName + "'; "
                        + knownTypes() + hint, where));
        if (url == null) {
            if (server == null || type == null) {
                throw new DeploymentException("database " + logicalName + " has no connection: set " + prefix
                        + ".Url, or " + prefix + ".Server (and .Port, .Name) with " + (defaultType == null
                        ? DATABASE_PREFIX + ".Type" : prefix + ".Type"), where);
            }
            try {
                url = type.url(new DatabaseParts(logicalName, prefix, server, port, database, Map.of()));
            } catch (DeploymentException e) {
                throw new DeploymentException("database " + logicalName + ": " + e.reason(), where, e);
            }
        } else if (type == null) {
            type = plugins.forUrl(url).orElse(null);
        }
        return new DatabaseConnection(logicalName, type == null ? null : type.name(), url, server, port, database,
                user, password, Map.of(), type == null ? null : type.maskUrl(url), seconds(prefix + ".ConnectTimeout"),
                seconds(prefix + ".Timeout"));
    }

    /** A timeout variable in whole seconds above zero, or null when not set. */
    private java.time.Duration seconds(String variable) {
        String text = part(variable);
        if (text == null) {
            return null;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value > 0 && value <= Integer.MAX_VALUE) {
                return java.time.Duration.ofSeconds(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DeploymentException(variable + " is '" + text + "', not a number of seconds above 0", where);
    }

    private String knownTypes() {
        String names = plugins.all().stream().map(DatabaseType::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "no database module is loaded (add deploy-steps-sql, or the module of that database)"
                : "the loaded database types are " + names;
    }

    private String part(String name) {
        return get(name).filter(v -> !v.isBlank()).orElse(null);
    }
}
