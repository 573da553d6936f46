package dev.stagehand.core.internal.variables;

import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.Variables;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The uses of variables without value in a step's attributes and inner elements, one message per
 * use naming the attribute or element: a step with any is stopped in Validate and its handler
 * never sees it.
 */
public final class UndefinedUses {

    private UndefinedUses() {
    }

    public static Set<String> of(Variables variables, StepDescriptor step) {
        Set<String> uses = new LinkedHashSet<>();
        step.attributes().asMap().forEach((attribute, value) -> {
            for (String name : variables.references(value)) {
                if (variables.get(name).isEmpty()) {
                    uses.add("variable $(" + name + ") used in attribute " + attribute + " is not set");
                }
            }
        });
        for (XmlElement child : step.children()) {
            collect(variables, child, uses);
        }
        return uses;
    }

    private static void collect(Variables variables, XmlElement element, Set<String> uses) {
        for (String name : variables.references(element.text())) {
            if (variables.get(name).isEmpty()) {
                uses.add("variable $(" + name + ") used in the text of <" + element.name() + "> (line "
                        + element.location().line() + ") is not set");
            }
        }
        element.attributes().asMap().forEach((attribute, value) -> {
            for (String name : variables.references(value)) {
                if (variables.get(name).isEmpty()) {
                    uses.add("variable $(" + name + ") used in attribute " + attribute + " of <" + element.name()
                            + "> (line " + element.location().line() + ") is not set");
                }
            }
        });
        for (XmlElement child : element.children()) {
            collect(variables, child, uses);
        }
    }

    /** An element with {@code $(...)} expanded where the variables have values. */
    public static XmlElement expandKnown(XmlElement element, PackageVariables variables) {
        return new XmlElement(element.name(), element.attributes().mapValues(variables::expandKnown),
                variables.expandKnown(element.text()),
                element.children().stream().map(c -> expandKnown(c, variables)).toList(), element.location());
    }
}
