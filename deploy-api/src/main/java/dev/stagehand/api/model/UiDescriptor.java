package dev.stagehand.api.model;

import java.util.List;
import java.util.Optional;

/**
 * A package's wizard metadata: which variables it needs and how to ask for them.
 *
 * @param wizardSteps the wizard steps, kept sorted by {@code order} (declaration order among equals)
 */
public record UiDescriptor(List<WizardStep> wizardSteps) {

    /** A package without a UI section. */
    public static final UiDescriptor EMPTY = new UiDescriptor(List.of());

    /**
     * Copies the steps, so that the descriptor stays unchanged.
     *
     * @param wizardSteps the wizard steps in declaration order
     */
    public UiDescriptor {
        // Sorted once here so every screen, prompt and check shows them in the same order.
        wizardSteps = wizardSteps.stream().sorted(java.util.Comparator.comparingInt(WizardStep::order)).toList();
    }

    /** {@return every variable declared anywhere, in wizard order (steps, then groups, by their order)} */
    public List<VariableDeclaration> variables() {
        return wizardSteps.stream()
                .flatMap(WizardStep::allVariables)
                .toList();
    }

    /**
     * The declaration of a variable, ignoring case.
     *
     * @param name the variable's name, in any case
     * @return its declaration; empty when no step declares it
     */
    public Optional<VariableDeclaration> variable(String name) {
        return variables().stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst();
    }

    /** {@return true when the package declares no wizard step} */
    public boolean isEmpty() {
        return wizardSteps.isEmpty();
    }
}
