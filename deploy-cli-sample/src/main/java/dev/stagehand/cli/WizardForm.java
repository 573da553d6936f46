package dev.stagehand.cli;

import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.VariableGroup;
import dev.stagehand.api.model.WizardStep;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The setup wizard of a root, as the web page and the terminal prompts both show it: the wizard
 * steps of the root and every package it pulls in, in {@code order}, and the values entered so
 * far (first the given parameters, else the declared defaults). Both check through the same
 * calls: {@link Stagehand#validate} where validation is required, {@link Stagehand#checkValue}
 * otherwise.
 */
final class WizardForm {

    private final RootRequest root;
    private final List<WizardStep> steps;
    private final Map<String, VariableDeclaration> declarations = new LinkedHashMap<>();
    private final Map<String, String> given;
    private final Map<String, String> values = new LinkedHashMap<>();

    private WizardForm(RootRequest root, List<WizardStep> steps, Map<String, String> given) {
        this.root = root;
        this.steps = steps;
        this.given = new LinkedHashMap<>(given);
        for (WizardStep step : steps) {
            step.allVariables().forEach(d -> {
                if (declarations.putIfAbsent(key(d.name()), d) == null) {
                    values.put(d.name(), lookup(given, d.name()).orElse(d.defaultValue() == null ? ""
                            : d.defaultValue()));
                }
            });
        }
    }

    /** The wizard of {@code root}, with {@code given} (parameters, {@code --set}) as the first values. */
    static WizardForm of(Stagehand stagehand, RootRequest root, Map<String, String> given) throws IOException {
        List<WizardStep> steps = stagehand.wizardManifests(root).stream().map(PackageManifest::ui)
                .flatMap(ui -> ui.wizardSteps().stream())
                .sorted(Comparator.comparingInt(WizardStep::order)).toList();
        return new WizardForm(root, steps, given);
    }

    RootRequest root() {
        return root;
    }

    List<WizardStep> steps() {
        return steps;
    }

    /** The value entered for {@code name} (its first declaration's spelling), empty string when none. */
    String value(String name) {
        return lookup(values, name).orElse("");
    }

    /** Sets a value; a read-only variable keeps its default. */
    void set(String name, String value) {
        VariableDeclaration d = declarations.get(key(name));
        if (d == null || d.readOnly()) {
            return;
        }
        values.put(d.name(), value == null ? "" : value);
    }

    /** Whether the variable is shown for the first time here (a later package may declare it again). */
    boolean firstDeclaration(VariableDeclaration d) {
        return declarations.get(key(d.name())) == d;
    }

    /**
     * The problems of a wizard step or group: the validation API when it requires validation,
     * else the required values and types of its variables.
     */
    List<Problem> check(Stagehand stagehand, String id, boolean requiresValidation,
                        Stream<VariableDeclaration> variables) throws IOException, InterruptedException {
        if (requiresValidation) {
            return stagehand.validate(root, values, id);
        }
        List<Problem> problems = new ArrayList<>();
        variables.forEach(d -> Stagehand.checkValue(d, value(d.name())).ifPresent(problems::add));
        return problems;
    }

    /** The wizard step or group with this id. */
    Optional<Object> find(String id) {
        for (WizardStep step : steps) {
            if (id.equalsIgnoreCase(step.id())) {
                return Optional.of(step);
            }
            Optional<VariableGroup> group = groups(step.groups()).filter(g -> id.equalsIgnoreCase(g.id())).findFirst();
            if (group.isPresent()) {
                return Optional.of(group.get());
            }
        }
        return Optional.empty();
    }

    static Stream<VariableGroup> groups(List<VariableGroup> groups) {
        return groups.stream().flatMap(g -> Stream.concat(Stream.of(g), groups(g.groups())));
    }

    /**
     * The parameters to write: what was given, with the values entered over it; secrets only when
     * {@code saveSecrets} (otherwise they come at install time from {@code DEPLOY_VAR_...} or {@code --set}).
     */
    Map<String, String> parameters(boolean saveSecrets) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            VariableDeclaration d = declarations.get(key(name));
            if (d == null) {
                out.put(name, value);
            }
        });
        for (VariableDeclaration d : declarations.values()) {
            String value = values.get(d.name());
            if (value == null || value.isEmpty() || (d.isSecret() && !saveSecrets)) {
                continue;
            }
            out.put(d.name(), value);
        }
        return out;
    }

    /** The values entered, as the validation API takes them. */
    Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> lookup(Map<String, String> map, String name) {
        return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }
}
