package dev.stagehand.core.internal.manifest;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.UiDescriptor;
import dev.stagehand.api.model.ValueType;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.VariableGroup;
import dev.stagehand.api.model.WizardStep;
import dev.stagehand.api.model.XmlElement;
import java.util.ArrayList;
import java.util.List;

/** Maps {@code <ui>} trees (inline or from ui.xml) to a {@link UiDescriptor}, reporting into a shared problem list. */
final class UiParser {

    private final List<Problem> problems;

    UiParser(List<Problem> problems) {
        this.problems = problems;
    }

    UiDescriptor parse(List<XmlElement> uiElements) {
        List<WizardStep> steps = new ArrayList<>();
        for (XmlElement ui : uiElements) {
            for (XmlElement child : ui.children()) {
                if (child.is("wizardStep")) {
                    steps.add(wizardStep(child));
                } else if (child.is("wizardSteps")) {
                    child.children("wizardStep").forEach(s -> steps.add(wizardStep(s)));
                } else {
                    problems.add(Problem.warning("unknown element <" + child.name() + "> in <ui> ignored",
                            child.location()));
                }
            }
        }
        if (steps.isEmpty()) {
            return UiDescriptor.EMPTY;
        }
        UiDescriptor descriptor = new UiDescriptor(steps);
        problems.addAll(UiChecks.duplicateIds(List.of(descriptor)));
        return descriptor;
    }

    private WizardStep wizardStep(XmlElement element) {
        return new WizardStep(element.attribute("id").orElse(null), order(element), element.attribute("title").orElse(null),
                element.attribute("type").orElse("generic"), flag(element, "requiresValidation", false),
                groups(element), variables(element), element.location());
    }

    private List<VariableGroup> groups(XmlElement parent) {
        List<VariableGroup> groups = new ArrayList<>();
        for (XmlElement group : parent.select("groups/group")) {
            groups.add(new VariableGroup(group.attribute("id").orElse(null), order(group),
                    group.attribute("title").orElse(null), group.attribute("type").orElse("generic"),
                    flag(group, "requiresValidation", false), groups(group), variables(group), group.location()));
        }
        return groups;
    }

    private List<VariableDeclaration> variables(XmlElement parent) {
        List<VariableDeclaration> variables = new ArrayList<>();
        for (XmlElement variable : parent.select("variables/variable")) {
            String name = variable.attribute("name").map(String::trim).orElse("");
            if (name.isEmpty()) {
                problems.add(Problem.error("variable at line " + variable.location().line() + " has no name",
                        variable.location()));
                continue;
            }
            String rawType = variable.attribute("valueType").orElse("Text");
            ValueType type = ValueType.fromName(rawType).orElseGet(() -> {
                problems.add(Problem.warning("variable " + name + " has unknown valueType '" + rawType
                        + "'; treated as Text", variable.location()));
                return ValueType.TEXT;
            });
            variables.add(new VariableDeclaration(name, order(variable), variable.attribute("label").orElse(name),
                    variable.attribute("default").orElse(null), flag(variable, "isRequired", false),
                    flag(variable, "readOnly", false), type, variable.attribute("placeholder").orElse(null),
                    variable.location()));
        }
        return variables;
    }

    private int order(XmlElement element) {
        String value = element.attribute("order").orElse(null);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add(Problem.error("order '" + value + "' of <" + element.name() + "> is not a whole number",
                    element.location()));
            return 0;
        }
    }

    private boolean flag(XmlElement element, String name, boolean fallback) {
        Location location = element.location();
        return ManifestParser.parseBoolean(element.attribute(name).orElse(null), fallback, name + " of <"
                + element.name() + ">", location, problems);
    }
}
