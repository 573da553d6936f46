package dev.stagehand.api.model;

import dev.stagehand.api.Location;
import java.util.List;
import java.util.Optional;

/**
 * An XML element as a navigable, immutable tree: how handlers read a step's inner elements
 * ({@code <assembly name="..."/>}) and how unknown manifest elements are kept. Names
 * match ignoring case.
 *
 * @param name       the element's local name as written
 * @param attributes its attributes
 * @param text       its own text content, trimmed ("" when none)
 * @param children   its child elements in document order
 * @param location   where it starts
 */
public record XmlElement(String name, Attributes attributes, String text, List<XmlElement> children, Location location) {

    /**
     * Fills what a reader may leave out (no attributes, no text, no location) and copies the children.
     *
     * @param name the element's local name as written
     * @param attributes its attributes
     * @param text its own text content, trimmed ("" when none)
     * @param children its child elements in document order
     * @param location where it starts
     */
    public XmlElement {
        attributes = attributes == null ? Attributes.empty() : attributes;
        text = text == null ? "" : text;
        children = List.copyOf(children);
        location = location == null ? Location.UNKNOWN : location;
    }

    /**
     * True when this element's name is {@code other}, ignoring case.
     *
     * @param other a name
     * @return whether it is this element's
     */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /**
     * The first child with that name.
     *
     * @param childName the child's name, in any case
     * @return the first such child; empty when there is none
     */
    public Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.is(childName)).findFirst();
    }

    /**
     * Every child with that name.
     *
     * @param childName the child's name, in any case
     * @return those children in document order; empty when there are none
     */
    public List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.is(childName)).toList();
    }

    /**
     * The trimmed text of the first child with that name.
     *
     * @param childName the child's name, in any case
     * @return its text; empty when there is no such child
     */
    public Optional<String> childText(String childName) {
        return child(childName).map(XmlElement::text);
    }

    /**
     * An attribute, ignoring the case of its name.
     *
     * @param attributeName the attribute's name, in any case
     * @return its value; empty when absent
     */
    public Optional<String> attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    /**
     * Follows a path of child names, e.g. {@code "groups/group/variables"}; every element
     * reached by the path, in document order.
     *
     * @param path child names separated by {@code /}, each matched ignoring case
     * @return the elements reached; empty when the path leads nowhere
     */
    public List<XmlElement> select(String path) {
        List<XmlElement> current = List.of(this);
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            current = current.stream().flatMap(e -> e.children(part).stream()).toList();
        }
        return current;
    }
}
