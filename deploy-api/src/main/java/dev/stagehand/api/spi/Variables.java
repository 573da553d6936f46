package dev.stagehand.api.spi;

import dev.stagehand.api.database.DatabaseConnection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's variables: values from {@code --set} and {@code DEPLOY_VAR_*} environment
 * variables, then parameters, then UI defaults, then built-ins ({@code Deployment.Id},
 * {@code Package.Version}, {@code Package[Id].TargetDirectory}, ...). Names match ignoring case.
 */
public interface Variables {

    /**
     * A variable's value, ignoring the case of its name.
     *
     * @param name the variable's name, in any case
     * @return its value; empty when it has none
     */
    Optional<String> get(String name);

    /**
     * Replaces every {@code $(Name)} in {@code text}; {@code $$(} stands for a literal {@code $(}.
     *
     * @param text the text, with {@code $(Name)} references
     * @return the text with every reference replaced by its value
     * @throws dev.stagehand.api.DeploymentException naming the variable when one is undefined
     */
    String expand(String text);

    /**
     * The variable names {@code text} refers to as {@code $(Name)}, in order ({@code $$(} escapes left out).
     *
     * @param text the text, with {@code $(Name)} references
     * @return the names referred to, as written
     */
    default List<String> references(String text) {
        return VariableReferences.in(text);
    }

    /**
     * The names {@code text} refers to that have no value, each once, in order: what a step that
     * replaces the tokens of a file reports in Validate.
     *
     * @param text the text, with {@code $(Name)} references
     * @return the undefined names
     */
    default List<String> undefinedIn(String text) {
        return references(text).stream().distinct().filter(name -> get(name).isEmpty()).toList();
    }

    /**
     * The names of every variable with a value (parameters, defaults, built-ins), for steps that
     * hand the whole set on (RunPowershell's {@code DEPLOY_<NAME>} environment variables).
     *
     * @return the names; empty when the implementation does not list them
     */
    default Set<String> names() {
        return Set.of();
    }

    /**
     * Whether a variable's value is a secret (a Password variable, a name ending in Password, a declared secret).
     *
     * @param name the variable's name, in any case
     * @return true when its value must never be shown
     */
    boolean isSecret(String name);

    /** {@return the names of every variable whose value must never be shown} */
    Set<String> secretNames();

    /**
     * {@code text} with every secret value replaced by {@code ******}.
     *
     * @param text any text about to be shown, logged or stored
     * @return the text, masked
     */
    String mask(String text);

    /**
     * The connection of a logical database: {@code Online}, {@code Ods}, {@code Dwh}, any other
     * logical name, or a composite reference such as {@code $(Product.Database.Online)}; its parts
     * are the variables {@code Product.Database.<Name>.*}, its type {@code .Type} or else
     * {@code Product.Database.Type}, or what its URL says.
     *
     * @param logicalNameOrReference {@code Ods}, {@code Product.Database.Ods} or
     *                               {@code $(Product.Database.Ods)}
     * @return the connection
     * @throws dev.stagehand.api.DeploymentException saying which variable to set when the parts do not make a
     *                                               connection
     */
    DatabaseConnection database(String logicalNameOrReference);

    /**
     * The connection whose parts are the variables under {@code prefix} ({@code Product.ClickHouse}:
     * {@code .Url}, or {@code .Server}, {@code .Port}, {@code .Name} with {@code .Type};
     * {@code .User}, {@code .Password}); {@code defaultType} when {@code .Type} is not set and no URL says.
     *
     * @param logicalName the name the connection goes by in messages
     * @param prefix where its variables live
     * @param defaultType the type when neither {@code .Type} nor the URL says
     * @return the connection
     * @throws dev.stagehand.api.DeploymentException saying which variable to set when the parts do not make a
     *                                               connection
     */
    DatabaseConnection connection(String logicalName, String prefix, String defaultType);
}
