package dev.stagehand.core.internal.variables;

import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.spi.VariableReferences;
import dev.stagehand.api.spi.Variables;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

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
        texts(step, (where, text) -> variables.undefinedIn(text).forEach(name -> uses.add("variable $(" + name
                + ") used in " + where + " is not set")));
        return uses;
    }

    /** The variables a step refers to, in its attributes and inner elements, each once. */
    public static List<String> references(StepDescriptor step) {
        Set<String> names = new LinkedHashSet<>();
        texts(step, (where, text) -> names.addAll(VariableReferences.in(text)));
        return List.copyOf(names);
    }

    /**
     * Every text of a step that may hold {@code $(...)}, with where it stands: its attributes,
     * and the text and attributes of its inner elements at any depth.
     */
    private static void texts(StepDescriptor step, BiConsumer<String, String> visitor) {
        step.attributes().asMap().forEach((attribute, value) -> visitor.accept("attribute " + attribute, value));
        for (XmlElement child : step.children()) {
            texts(child, visitor);
        }
    }

    private static void texts(XmlElement element, BiConsumer<String, String> visitor) {
        String at = "<" + element.name() + "> (line " + element.location().line() + ")";
        visitor.accept("the text of " + at, element.text());
        element.attributes().asMap().forEach((attribute, value) -> visitor.accept("attribute " + attribute + " of "
                + at, value));
        for (XmlElement child : element.children()) {
            texts(child, visitor);
        }
    }

    /** An element with {@code $(...)} expanded where the variables have values. */
    public static XmlElement expandKnown(XmlElement element, PackageVariables variables) {
        return new XmlElement(element.name(), element.attributes().mapValues(variables::expandKnown),
                variables.expandKnown(element.text()),
                element.children().stream().map(c -> expandKnown(c, variables)).toList(), element.location());
    }
}
