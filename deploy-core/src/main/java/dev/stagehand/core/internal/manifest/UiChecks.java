package dev.stagehand.core.internal.manifest;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.UiDescriptor;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.VariableGroup;
import dev.stagehand.api.model.WizardStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks of the UI metadata that span wizard steps, groups and packages: the validation API finds
 * a wizard step or a group by its id, so ids are unique across the whole wizard; and a
 * {@code readOnly} variable keeps its default whatever parameters.json says.
 */
public final class UiChecks {

    private UiChecks() {
    }

    /**
     * An error for every wizard step id or group id declared a second time among {@code uis}
     * (ignoring case), naming both places; located at the second.
     */
    public static List<Problem> duplicateIds(List<UiDescriptor> uis) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Location> steps = new LinkedHashMap<>();
        Map<String, Location> groups = new LinkedHashMap<>();
        for (UiDescriptor ui : uis) {
            for (WizardStep step : ui.wizardSteps()) {
                unique("wizard step", step.id(), step.location(), steps, problems);
                groups(step.groups()).forEach(g -> unique("group", g.id(), g.location(), groups, problems));
            }
        }
        return problems;
    }

    private static void unique(String kind, String id, Location where, Map<String, Location> seen,
                               List<Problem> problems) {
        if (id == null || id.isBlank()) {
            return;
        }
        Location first = seen.putIfAbsent(id.trim().toLowerCase(Locale.ROOT), where);
        if (first != null) {
            problems.add(Problem.error(kind + " id '" + id + "' is declared twice: at " + first + " and at " + where
                    + "; each " + kind + " needs its own id", where));
        }
    }

    /** Every group under {@code groups}, nested ones included, depth first. */
    public static Stream<VariableGroup> groups(List<VariableGroup> groups) {
        return groups.stream().flatMap(g -> Stream.concat(Stream.of(g), groups(g.groups())));
    }

    /**
     * An error for every {@code readOnly} variable whose given value differs from its default: the
     * wizard does not let the user change it, so neither may a file.
     *
     * @param given the value the user gave for a name (parameters, {@code --set}), empty when none
     */
    public static List<Problem> readOnly(List<UiDescriptor> uis, Function<String, Optional<String>> given) {
        List<Problem> problems = new ArrayList<>();
        for (UiDescriptor ui : uis) {
            for (VariableDeclaration d : ui.variables()) {
                if (!d.readOnly()) {
                    continue;
                }
                Optional<String> value = given.apply(d.name());
                String fallback = d.defaultValue() == null ? "" : d.defaultValue();
                if (value.isPresent() && !value.get().equals(fallback)) {
                    problems.add(Problem.error("variable " + d.name() + " is read-only: it keeps its default "
                            + (d.isSecret() ? "(value hidden)" : "'" + fallback + "'") + ", but the parameters give "
                            + (d.isSecret() ? "another value" : "'" + value.get() + "'"), d.location()));
                }
            }
        }
        return problems;
    }

    /** The variables (nested ones included) of the wizard step or group with this id, ignoring case. */
    public static Optional<List<VariableDeclaration>> variablesOf(List<UiDescriptor> uis, String id) {
        for (UiDescriptor ui : uis) {
            for (WizardStep step : ui.wizardSteps()) {
                if (id.equalsIgnoreCase(step.id())) {
                    return Optional.of(step.allVariables().toList());
                }
                Optional<VariableGroup> group = groups(step.groups()).filter(g -> id.equalsIgnoreCase(g.id()))
                        .findFirst();
                if (group.isPresent()) {
                    return Optional.of(group.get().allVariables().toList());
                }
            }
        }
        return Optional.empty();
    }
}
