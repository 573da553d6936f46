package dev.stagehand.api.database;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import java.util.Map;

/**
 * The parts of a connection that the variables give when they give no URL, for a
 * {@link DatabaseType} to build the URL from.
 *
 * @param logicalName    the logical name ({@code Online})
 * @param variablePrefix the variables' prefix ({@code Product.Database.Online}), for messages
 * @param server         {@code <prefix>.Server}
 * @param port           {@code <prefix>.Port}, 0 when not set
 * @param name           {@code <prefix>.Name}, null when not set
 * @param properties     further driver properties
 */
public record DatabaseParts(String logicalName, String variablePrefix, String server, int port, String name,
                            Map<String, String> properties) {

    /**
     * Copies the properties, so that the parts stay unchanged.
     *
     * @param logicalName the logical name ({@code Online})
     * @param variablePrefix the variables' prefix ({@code Product.Database.Online}), for messages
     * @param server {@code <prefix>.Server}
     * @param port {@code <prefix>.Port}, 0 when not set
     * @param name {@code <prefix>.Name}, null when not set
     * @param properties further driver properties
     */
    public DatabaseParts {
        properties = Map.copyOf(properties);
    }

    /** {@return the physical database name, or an error naming the variable to set} */
    public String requiredName() {
        if (name == null || name.isBlank()) {
            throw new DeploymentException("variable " + variablePrefix + ".Name is not set", Location.UNKNOWN);
        }
        return name;
    }

    /**
     * {@code :port} when a port is set, else nothing.
     *
     * @return the suffix for a URL's authority
     */
    public String portSuffix() {
        return port > 0 ? ":" + port : "";
    }
}
