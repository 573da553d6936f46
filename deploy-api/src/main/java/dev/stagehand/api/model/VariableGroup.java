package dev.stagehand.api.model;

import dev.stagehand.api.Location;
import java.util.List;
import java.util.stream.Stream;

/**
 * A group of variables validated together; groups nest.
 *
 * @param id                 unique id, used during validation
 * @param order              position within its parent
 * @param title              the container's label
 * @param type               {@code generic} unless the product treats it specially
 * @param requiresValidation call the validation API when the user clicks test
 * @param groups             nested groups, sorted by order
 * @param variables          the variables, sorted by order (declaration order among equals)
 * @param location           where it is declared
 */
public record VariableGroup(String id, int order, String title, String type, boolean requiresValidation,
                            List<VariableGroup> groups, List<VariableDeclaration> variables, Location location) {

    /**
     * Copies the groups and variables, so that the group stays unchanged.
     *
     * @param id unique id, used during validation
     * @param order position within its parent
     * @param title the container's label
     * @param type {@code generic} unless the product treats it specially
     * @param requiresValidation call the validation API when the user clicks test
     * @param groups nested groups
     * @param variables the variables, in declaration order
     * @param location where it is declared
     */
    public VariableGroup {
        // Kept sorted by order (stable: declaration order among equals), as the wizard shows them.
        groups = groups.stream().sorted(java.util.Comparator.comparingInt(VariableGroup::order)).toList();
        variables = variables.stream().sorted(java.util.Comparator.comparingInt(VariableDeclaration::order)).toList();
    }

    /** {@return this group's variables and those of every nested group, depth first} */
    public Stream<VariableDeclaration> allVariables() {
        return Stream.concat(variables.stream(), groups.stream().flatMap(VariableGroup::allVariables));
    }
}
