package dev.stagehand.api.model;

import dev.stagehand.api.Location;
import java.util.List;
import java.util.Optional;

/**
 * A step as the manifest declares it: raw attribute values (before variable expansion)
 * and inner elements. Handlers receive expanded values through their context.
 *
 * @param index      1-based position in the package's step list
 * @param type       the step type, which names its handler (matched ignoring case)
 * @param attributes every attribute, {@code type} included
 * @param children   inner elements (e.g. {@code <assembly name="..."/>})
 * @param location   where the step is declared
 */
public record StepDescriptor(int index, String type, Attributes attributes, List<XmlElement> children, Location location) {

    /**
     * Copies the inner elements, so that the descriptor stays unchanged.
     *
     * @param index 1-based position in the package's step list
     * @param type the step type, which names its handler (matched ignoring case)
     * @param attributes every attribute, {@code type} included
     * @param children inner elements (e.g. {@code <assembly name="..."/>})
     * @param location where the step is declared
     */
    public StepDescriptor {
        children = List.copyOf(children);
    }

    /** {@return the raw {@code contentPath}, when there is one} */
    public Optional<String> contentPath() {
        return attributes.get("contentPath");
    }

    /**
     * A raw attribute, ignoring the case of its name.
     *
     * @param name the attribute's name, in any case
     * @return its raw value; empty when absent
     */
    public Optional<String> attribute(String name) {
        return attributes.get(name);
    }

    /**
     * True when this step's type is {@code other}, ignoring case.
     *
     * @param other a step type
     * @return whether it is this step's
     */
    public boolean isType(String other) {
        return type.equalsIgnoreCase(other);
    }
}
