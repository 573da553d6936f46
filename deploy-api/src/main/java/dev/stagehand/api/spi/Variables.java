package dev.stagehand.api.spi;

import java.util.Optional;
import java.util.Set;

/**
 * The deployment's variables: values from parameters, then UI defaults, then built-ins
 * ({@code Deployment.Id}, {@code Package.Version}, {@code Package[Id].TargetDirectory}, ...).
 */
public interface Variables {

    /** A variable's value, ignoring the case of its name. */
    Optional<String> get(String name);

    /**
     * Replaces every {@code $(Name)} in {@code text}; {@code $$(} stands for a literal {@code $(}.
     *
     * @throws dev.stagehand.api.DeploymentException naming the variable when one is undefined
     */
    String expand(String text);

    /** The names of every variable whose value must never be shown. */
    Set<String> secretNames();

    /** {@code text} with every secret value replaced by {@code ******}. */
    String mask(String text);

    /**
     * The connection of a logical database: {@code Online}, {@code Ods}, {@code Dwh}, any
     * other logical name, or a composite reference such as {@code $(Product.Database.Online)}.
     */
    DatabaseConnection database(String logicalNameOrReference);
}
