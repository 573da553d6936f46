package dev.stagehand.api.model;

import dev.stagehand.api.Location;
import java.util.List;
import java.util.stream.Stream;

/**
 * A step of the setup wizard (a screen), holding groups and variables.
 *
 * @param id                 unique id
 * @param order              position in the wizard
 * @param title              text of the breadcrumb
 * @param type               {@code generic} for non-product screens
 * @param requiresValidation call the validation API on next
 * @param groups             its groups, sorted by order
 * @param variables          variables directly under it, sorted by order
 * @param location           where it is declared
 */
public record WizardStep(String id, int order, String title, String type, boolean requiresValidation,
                         List<VariableGroup> groups, List<VariableDeclaration> variables, Location location) {

    /**
     * Copies the groups and variables, so that the step stays unchanged.
     *
     * @param id unique id
     * @param order position in the wizard
     * @param title text of the breadcrumb
     * @param type {@code generic} for non-product screens
     * @param requiresValidation call the validation API on next
     * @param groups its groups
     * @param variables variables directly under it
     * @param location where it is declared
     */
    public WizardStep {
        // Kept sorted by order (stable: declaration order among equals), as the wizard shows them.
        groups = groups.stream().sorted(java.util.Comparator.comparingInt(VariableGroup::order)).toList();
        variables = variables.stream().sorted(java.util.Comparator.comparingInt(VariableDeclaration::order)).toList();
    }

    /** {@return this step's variables, then those of every group, depth first} */
    public Stream<VariableDeclaration> allVariables() {
        return Stream.concat(variables.stream(), groups.stream().flatMap(VariableGroup::allVariables));
    }
}
