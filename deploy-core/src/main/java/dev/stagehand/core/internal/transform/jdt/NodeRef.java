package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A node of the document being transformed together with the slot holding it: a property of an
 * object, an element of an array, or the document's root (no parent). Jackson nodes know no parent,
 * and the verbs must replace, remove and rename nodes in place.
 *
 * <p>The slot is checked against the node by identity before each change: an earlier step may have
 * moved or detached the node, and then the change has nowhere to go, as with the reference, where a
 * detached token is changed without effect on the document.
 */
final class NodeRef {

    private final JsonNode node;
    private final ContainerNode<?> parent;
    private String field;
    private int index;

    private NodeRef(JsonNode node, ContainerNode<?> parent, String field, int index) {
        this.node = node;
        this.parent = parent;
        this.field = field;
        this.index = index;
    }

    static NodeRef root(ObjectNode root) {
        return new NodeRef(root, null, null, -1);
    }

    static NodeRef property(ObjectNode parent, String field, JsonNode node) {
        return new NodeRef(node, parent, field, -1);
    }

    static NodeRef element(ArrayNode parent, int index, JsonNode node) {
        return new NodeRef(node, parent, null, index);
    }

    JsonNode node() {
        return node;
    }

    /** True when the node is held by an object property; only those can be renamed. */
    boolean isProperty() {
        return parent instanceof ObjectNode;
    }

    ArrayNode arrayParent() {
        return parent instanceof ArrayNode array ? array : null;
    }

    /** Puts {@code value} where the node is; false when the node is no longer in its slot. */
    boolean replaceWith(JsonNode value, JdtDocument document) {
        if (parent == null) {
            if (document.root() != node || !(value instanceof ObjectNode object)) {
                return false;
            }
            document.setRoot(object);
            return true;
        }
        if (parent instanceof ObjectNode object) {
            if (!findField(object)) {
                return false;
            }
            object.set(field, value);
            return true;
        }
        ArrayNode array = (ArrayNode) parent;
        if (!findIndex(array)) {
            return false;
        }
        array.set(index, value);
        return true;
    }

    /** Removes an object property; array elements are removed in bulk by {@link #removeElements}. */
    boolean removeProperty() {
        if (parent instanceof ObjectNode object && findField(object)) {
            object.remove(field);
            return true;
        }
        return false;
    }

    /** The node's index in its array now, or -1 when it is not there any more. */
    int currentIndex() {
        return parent instanceof ArrayNode array && findIndex(array) ? index : -1;
    }

    /**
     * Gives the property a new name where it stands. Json.NET replaces the property in place, so the
     * key keeps its position; Jackson has no rename, so the object is rebuilt in order.
     *
     * @return false when the node is no longer in its slot
     * @throws IllegalStateException when the object already has a property of the new name
     */
    boolean rename(String newName) {
        if (!(parent instanceof ObjectNode object) || !findField(object)) {
            return false;
        }
        renameProperty(object, field, newName);
        field = newName;
        return true;
    }

    static void renameProperty(ObjectNode object, String oldName, String newName) {
        if (oldName.equals(newName)) {
            return;
        }
        if (object.has(newName)) {
            throw new IllegalStateException(newName);
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        object.removeAll();
        for (Map.Entry<String, JsonNode> e : entries) {
            object.set(e.getKey().equals(oldName) ? newName : e.getKey(), e.getValue());
        }
    }

    /** Drops the elements at the given indices (ascending, distinct) in one pass over the array. */
    static void removeElements(ArrayNode array, int[] sortedIndices) {
        List<JsonNode> kept = new ArrayList<>(array.size() - sortedIndices.length);
        int next = 0;
        for (int i = 0; i < array.size(); i++) {
            if (next < sortedIndices.length && sortedIndices[next] == i) {
                next++;
            } else {
                kept.add(array.get(i));
            }
        }
        array.removeAll();
        array.addAll(kept);
    }

    private boolean findField(ObjectNode object) {
        if (object.get(field) == node) {
            return true;
        }
        if (!node.isContainerNode()) {
            // Jackson shares instances of small values (true, null, 0...), so identity finds only containers.
            return false;
        }
        // A rename through a path may have given the property another name since the slot was taken.
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() == node) {
                field = e.getKey();
                return true;
            }
        }
        return false;
    }

    private boolean findIndex(ArrayNode array) {
        if (index >= 0 && index < array.size() && array.get(index) == node) {
            return true;
        }
        if (!node.isContainerNode()) {
            return false;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) == node) {
                index = i;
                return true;
            }
        }
        return false;
    }
}
