package dev.stagehand.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagehand.api.Location;
import java.util.List;
import org.junit.jupiter.api.Test;

class UiDescriptorTest {

    private static VariableDeclaration variable(String name, int order) {
        return new VariableDeclaration(name, order, name, null, false, false, ValueType.TEXT, null, Location.UNKNOWN);
    }

    private static VariableGroup group(String id, int order, List<VariableDeclaration> variables) {
        return new VariableGroup(id, order, id, "generic", false, List.of(), variables, Location.UNKNOWN);
    }

    @Test
    void wizardStepsGroupsAndVariablesKeepOrderSortedAndDeclarationOrderAmongEquals() {
        WizardStep later = new WizardStep("Later", 2, "Later", "generic", false, List.of(),
                List.of(variable("L.B", 1), variable("L.A", 1), variable("L.First", 0)), Location.UNKNOWN);
        WizardStep sooner = new WizardStep("Sooner", 1, "Sooner", "generic", false,
                List.of(group("G.Two", 2, List.of(variable("G2", 0))), group("G.One", 1, List.of(variable("G1", 0)))),
                List.of(), Location.UNKNOWN);

        UiDescriptor ui = new UiDescriptor(List.of(later, sooner));

        assertEquals(List.of("Sooner", "Later"), ui.wizardSteps().stream().map(WizardStep::id).toList());
        assertEquals(List.of("G1", "G2", "L.First", "L.B", "L.A"),
                ui.variables().stream().map(VariableDeclaration::name).toList());
    }
}
