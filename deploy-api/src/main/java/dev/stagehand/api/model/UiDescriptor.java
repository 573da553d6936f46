package dev.stagehand.api.model;

import java.util.List;
import java.util.Optional;

/**
 * A package's wizard metadata: which variables it needs and how to ask for them.
 *
 * @param wizardSteps the wizard steps, kept sorted by {@code order} (declaration order among equals)
 */
public record UiDescriptor(List<WizardStep> wizardSteps) {

    public static final UiDescriptor EMPTY = new UiDescriptor(List.of());

    public UiDescriptor {
        // Sorted once here so every screen, prompt and check shows them in the same order.
        wizardSteps = wizardSteps.stream().sorted(java.util.Comparator.comparingInt(WizardStep::order)).toList();
    }

    /** Every variable declared anywhere, in wizard order (steps, then groups, by their order). */
    public List<VariableDeclaration> variables() {
        return wizardSteps.stream()
                .flatMap(WizardStep::allVariables)
                .toList();
    }

    /** The declaration of a variable, ignoring case. */
    public Optional<VariableDeclaration> variable(String name) {
        return variables().stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst();
    }

    public boolean isEmpty() {
        return wizardSteps.isEmpty();
    }
}
