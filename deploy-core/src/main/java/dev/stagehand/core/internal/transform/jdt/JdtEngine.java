package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.InvalidPathException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.core.transform.TransformException;
import dev.stagehand.core.transform.TransformResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies one JDT transform to one document, as Microsoft's reference implementation does.
 *
 * <p>Each object level of the transform runs, in order: verb validation, recursion into objects
 * present on both sides, {@code @jdt.remove}, {@code @jdt.replace}, {@code @jdt.rename},
 * {@code @jdt.merge}, and the default merge of the remaining keys. A verb that replaces or removes
 * the node it stands on ends that level, since whatever follows would change a detached node.
 * One instance serves one {@link #apply} call.
 */
public final class JdtEngine {

    private static final String PREFIX = "@jdt.";
    private static final String REMOVE = "@jdt.remove";
    private static final String REPLACE = "@jdt.replace";
    private static final String RENAME = "@jdt.rename";
    private static final String MERGE = "@jdt.merge";
    private static final String PATH = "@jdt.path";
    private static final String VALUE = "@jdt.value";
    private static final Set<String> VERBS = Set.of(REMOVE, REPLACE, RENAME, MERGE);
    private static final Set<String> PATH_ONLY = Set.of(PATH);
    private static final Set<String> PATH_AND_VALUE = Set.of(PATH, VALUE);

    private final TransformLocator locator;
    private final JsonPathSelector selector = new JsonPathSelector();
    private final List<Problem> warnings = new ArrayList<>();
    private JdtDocument document;

    private JdtEngine(String transformName, String transformText) {
        this.locator = new TransformLocator(transformName, transformText);
    }

    /**
     * Transforms {@code sourceJson} with {@code transformJson}.
     *
     * @param transformName the transform file's name, put in every location
     * @throws TransformException when either text is not a JSON object or the transform cannot be applied
     */
    public static TransformResult apply(String sourceJson, String transformJson, String transformName) {
        JdtEngine engine = new JdtEngine(transformName, transformJson);
        ObjectNode transform = engine.parseTransform(transformJson);
        ObjectNode source = engine.parseSource(sourceJson);
        engine.document = new JdtDocument(source);
        engine.transform(NodeRef.root(source), transform, TransformPath.ROOT);
        try {
            return new TransformResult(JdtJson.write(engine.document.root()), engine.warnings);
        } catch (JsonProcessingException e) {
            throw new TransformException("cannot write the transformed document: " + e.getOriginalMessage(),
                    Location.ofFile(transformName), e);
        }
    }

    private ObjectNode parseTransform(String text) {
        JsonNode node;
        try {
            node = JdtJson.read(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location location = at == null ? Location.ofFile(locator.transformName())
                    : Location.ofFile(locator.transformName(), at.getLineNr(), at.getColumnNr());
            throw new TransformException("the transform is not valid JSON: " + JdtJson.reason(e)
                    + " (at " + JdtJson.pathOf(e) + ")", location, e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw error("the transform must be a JSON object", TransformPath.ROOT);
        }
        return object;
    }

    private ObjectNode parseSource(String text) {
        JsonNode node;
        try {
            node = JdtJson.read(text);
        } catch (JsonProcessingException e) {
            // The location names the transform file, so the place in the document goes in the message.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TransformException("the document to transform is not valid JSON" + where + ": "
                    + JdtJson.reason(e) + " (at " + JdtJson.pathOf(e) + " of the document)",
                    Location.ofFile(locator.transformName()), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new TransformException("the document to transform must be a JSON object (at $ of the document)",
                    Location.ofFile(locator.transformName()));
        }
        return object;
    }

    // ---- one object level -------------------------------------------------------------------------

    private void transform(NodeRef current, ObjectNode transform, TransformPath at) {
        validateVerbs(transform, at);
        Set<String> recursed = recurse(current, transform, at);
        if (applyVerb(REMOVE, current, transform, at, this::remove)
                && applyVerb(REPLACE, current, transform, at, this::replace)
                && applyVerb(RENAME, current, transform, at, this::rename)
                && applyVerb(MERGE, current, transform, at, this::merge)) {
            applyDefault((ObjectNode) current.node(), transform, recursed);
        }
    }

    private void validateVerbs(ObjectNode transform, TransformPath at) {
        for (Iterator<String> names = transform.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (isJdt(name) && !VERBS.contains(name)) {
                throw error(name + " is not a valid JDT verb; use one of @jdt.remove, @jdt.replace, @jdt.rename, @jdt.merge",
                        at.key(name));
            }
        }
    }

    /** Transforms, depth first, each object present in both; returns their keys so the default step skips them. */
    private Set<String> recurse(NodeRef current, ObjectNode transform, TransformPath at) {
        ObjectNode source = (ObjectNode) current.node();
        Set<String> recursed = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = transform.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (isJdt(name) || !(entry.getValue() instanceof ObjectNode childTransform)) {
                continue;
            }
            if (source.get(name) instanceof ObjectNode child) {
                transform(NodeRef.property(source, name, child), childTransform, at.key(name));
                if (recursed == null) {
                    recursed = new HashSet<>();
                }
                recursed.add(name);
            }
        }
        return recursed == null ? Set.of() : recursed;
    }

    @FunctionalInterface
    private interface Verb {
        /** @return false when the node was replaced or removed, which ends its level */
        boolean apply(NodeRef current, JsonNode value, TransformPath at);
    }

    /** Applies a verb once, or once per element when its value is an array. */
    private boolean applyVerb(String verb, NodeRef current, ObjectNode transform, TransformPath at, Verb action) {
        JsonNode value = transform.get(verb);
        if (value == null) {
            return true;
        }
        TransformPath verbAt = at.key(verb);
        if (value instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (!action.apply(current, array.get(i), verbAt.index(i))) {
                    // The reference goes on with the next verbs here, but on a node no longer in the document.
                    return false;
                }
            }
            return true;
        }
        return action.apply(current, value, verbAt);
    }

    // ---- @jdt.remove ------------------------------------------------------------------------------

    private boolean remove(NodeRef current, JsonNode value, TransformPath at) {
        ObjectNode source = (ObjectNode) current.node();
        if (value.isTextual()) {
            if (source.remove(value.asText()) == null) {
                warn("no property '" + value.asText() + "' to remove", at);
            }
            return true;
        }
        if (value.isBoolean()) {
            if (!value.asBoolean()) {
                return true;
            }
            if (document.isRoot(current)) {
                throw error("cannot remove the root of the document", at);
            }
            return !removeThisNode(current, at);
        }
        if (value instanceof ObjectNode object) {
            Map<String, JsonNode> attributes = attributes(object, PATH_ONLY, REMOVE, at);
            JsonNode path = attributes.get(PATH);
            if (path == null) {
                throw error("@jdt.remove with an object value requires @jdt.path", at);
            }
            List<NodeRef> matches = select(current, path, at.key(PATH));
            List<NodeRef> pending = new ArrayList<>();
            for (NodeRef match : matches) {
                if (match.node() == current.node()) {
                    if (document.isRoot(current)) {
                        throw error("cannot remove the root of the document", at);
                    }
                    removeAll(pending);
                    if (removeThisNode(current, at)) {
                        return false;
                    }
                    pending.clear();
                } else {
                    pending.add(match);
                }
            }
            removeAll(pending);
            return true;
        }
        throw error(typeName(value) + " is not a valid value for @jdt.remove; use a property name, true/false, or {\"@jdt.path\": ...}", at);
    }

    /**
     * The reference removes the node it stands on by setting its property to null (the key stays).
     * In an array the element becomes null too, where the reference would fail.
     */
    private boolean removeThisNode(NodeRef current, TransformPath at) {
        if (current.replaceWith(NullNode.getInstance(), document)) {
            return true;
        }
        warn("unable to remove the node: it is no longer part of the document", at);
        return false;
    }

    /** Removes every match; array elements go per array in one pass, as indices shift with each removal. */
    private void removeAll(List<NodeRef> matches) {
        Map<ArrayNode, List<Integer>> byArray = null;
        for (NodeRef match : matches) {
            ArrayNode array = match.arrayParent();
            if (array == null) {
                match.removeProperty();
                continue;
            }
            int index = match.currentIndex();
            if (index >= 0) {
                if (byArray == null) {
                    byArray = new IdentityHashMap<>();
                }
                byArray.computeIfAbsent(array, a -> new ArrayList<>()).add(index);
            }
        }
        if (byArray != null) {
            byArray.forEach((array, indices) -> NodeRef.removeElements(array,
                    indices.stream().mapToInt(Integer::intValue).sorted().distinct().toArray()));
        }
    }

    // ---- @jdt.replace -----------------------------------------------------------------------------

    private boolean replace(NodeRef current, JsonNode value, TransformPath at) {
        if (!(value instanceof ObjectNode object)) {
            if (document.isRoot(current)) {
                throw error("cannot replace the root of the document with " + describe(value) + "; use an object", at);
            }
            current.replaceWith(value.deepCopy(), document);
            return false;
        }
        Map<String, JsonNode> attributes = attributes(object, PATH_AND_VALUE, REPLACE, at);
        if (attributes.isEmpty()) {
            current.replaceWith(object.deepCopy(), document);
            return false;
        }
        JsonNode path = attributes.get(PATH);
        JsonNode replacement = attributes.get(VALUE);
        if (path == null || replacement == null) {
            throw error("@jdt.replace requires both @jdt.path and @jdt.value", at);
        }
        for (NodeRef match : select(current, path, at.key(PATH))) {
            if (document.isRoot(match) && !replacement.isObject()) {
                throw error("cannot replace the root of the document with " + describe(replacement) + "; use an object",
                        at.key(PATH));
            }
            boolean self = match.node() == current.node();
            match.replaceWith(replacement.deepCopy(), document);
            if (self) {
                return false;
            }
        }
        return true;
    }

    // ---- @jdt.rename ------------------------------------------------------------------------------

    private boolean rename(NodeRef current, JsonNode value, TransformPath at) {
        if (!(value instanceof ObjectNode object)) {
            throw error(typeName(value) + " is not a valid value for @jdt.rename; use {\"old\": \"new\"} or {\"@jdt.path\": ..., \"@jdt.value\": \"new\"}", at);
        }
        Map<String, JsonNode> attributes = attributes(object, PATH_AND_VALUE, RENAME, at);
        if (!attributes.isEmpty()) {
            JsonNode path = attributes.get(PATH);
            JsonNode newName = attributes.get(VALUE);
            if (path == null || newName == null) {
                throw error("@jdt.rename requires both @jdt.path and @jdt.value", at);
            }
            if (!path.isTextual()) {
                throw error("@jdt.path must be a string, not " + describe(path), at.key(PATH));
            }
            if (!newName.isTextual()) {
                throw error("@jdt.value of @jdt.rename must be a string, not " + describe(newName), at.key(VALUE));
            }
            for (NodeRef match : select(current, path, at.key(PATH))) {
                if (!match.isProperty()) {
                    throw error("cannot rename a node that is not an object property (the root or an array element)", at);
                }
                renameChecked(match, newName.asText(), at);
            }
            return true;
        }
        ObjectNode source = (ObjectNode) current.node();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            TransformPath entryAt = at.key(entry.getKey());
            if (!entry.getValue().isTextual()) {
                throw error("the new name must be a string, not " + describe(entry.getValue()), entryAt);
            }
            JsonNode node = source.get(entry.getKey());
            if (node == null) {
                warn("no property '" + entry.getKey() + "' to rename", entryAt);
            } else {
                renameChecked(NodeRef.property(source, entry.getKey(), node), entry.getValue().asText(), entryAt);
            }
        }
        return true;
    }

    private void renameChecked(NodeRef match, String newName, TransformPath at) {
        try {
            match.rename(newName);
        } catch (IllegalStateException e) {
            throw error("cannot rename to '" + newName + "': the object already has a property of that name", at);
        }
    }

    // ---- @jdt.merge -------------------------------------------------------------------------------

    private boolean merge(NodeRef current, JsonNode value, TransformPath at) {
        if (!(value instanceof ObjectNode object)) {
            if (document.isRoot(current)) {
                throw error("cannot replace the root of the document with " + describe(value) + "; use an object", at);
            }
            // The reference goes on after this; everything after would change a detached node.
            current.replaceWith(value.deepCopy(), document);
            return false;
        }
        Map<String, JsonNode> attributes = attributes(object, PATH_AND_VALUE, MERGE, at);
        if (attributes.isEmpty()) {
            transform(current, object, at);
            return true;
        }
        JsonNode path = attributes.get(PATH);
        JsonNode mergeValue = attributes.get(VALUE);
        if (path == null || mergeValue == null) {
            throw error("@jdt.merge requires both @jdt.path and @jdt.value", at);
        }
        for (NodeRef match : select(current, path, at.key(PATH))) {
            JsonNode target = match.node();
            if (target instanceof ObjectNode && mergeValue instanceof ObjectNode valueObject) {
                transform(match, valueObject, at.key(VALUE));
            } else if (target instanceof ArrayNode array && mergeValue instanceof ArrayNode values) {
                appendCopies(array, values);
            } else {
                if (document.isRoot(match)) {
                    throw error("cannot replace the root of the document with " + describe(mergeValue) + "; use an object",
                            at.key(PATH));
                }
                match.replaceWith(mergeValue.deepCopy(), document);
            }
        }
        return true;
    }

    // ---- default ----------------------------------------------------------------------------------

    private void applyDefault(ObjectNode source, ObjectNode transform, Set<String> recursed) {
        for (Iterator<Map.Entry<String, JsonNode>> it = transform.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (isJdt(name) || recursed.contains(name)) {
                continue;
            }
            JsonNode value = entry.getValue();
            JsonNode existing = source.get(name);
            if (existing instanceof ArrayNode array && value instanceof ArrayNode values) {
                appendCopies(array, values);
            } else if (existing == null || !(existing.isObject() && value.isObject())) {
                // ObjectNode keeps an existing key where it is and appends a new one, as the reference does.
                source.set(name, value.deepCopy());
            }
        }
    }

    // ---- shared -----------------------------------------------------------------------------------

    private static void appendCopies(ArrayNode target, ArrayNode values) {
        for (JsonNode v : values) {
            target.add(v.deepCopy());
        }
    }

    /** The {@code @jdt.} attributes of a verb's object; such an object may hold nothing else. */
    private Map<String, JsonNode> attributes(ObjectNode object, Set<String> allowed, String verb, TransformPath at) {
        Map<String, JsonNode> attributes = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!isJdt(entry.getKey())) {
                continue;
            }
            if (!allowed.contains(entry.getKey())) {
                throw error(entry.getKey() + " is not a valid attribute for " + verb + "; it accepts "
                        + String.join(" and ", allowed.stream().sorted().toList()), at.key(entry.getKey()));
            }
            if (attributes == null) {
                attributes = new LinkedHashMap<>();
            }
            attributes.put(entry.getKey(), entry.getValue());
        }
        if (attributes == null) {
            return Map.of();
        }
        if (attributes.size() != object.size()) {
            throw error("an object with @jdt.path or @jdt.value may not hold other properties", at);
        }
        return attributes;
    }

    private List<NodeRef> select(NodeRef current, JsonNode path, TransformPath pathAt) {
        if (!path.isTextual()) {
            throw error("@jdt.path must be a string, not " + describe(path), pathAt);
        }
        List<NodeRef> matches;
        try {
            matches = selector.select(current, path.asText());
        } catch (InvalidPathException e) {
            throw error("'" + path.asText() + "' is not a valid JSONPath: " + e.getMessage().strip(), pathAt);
        }
        if (matches.isEmpty()) {
            warn("no node matches the path '" + path.asText() + "'", pathAt);
        }
        return matches;
    }

    private static boolean isJdt(String name) {
        return name.startsWith(PREFIX);
    }

    private static String typeName(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode node) {
        return node.isNull() ? "null" : (node.isArray() || node.isObject() ? "an " : "a ") + typeName(node);
    }

    private void warn(String reason, TransformPath at) {
        warnings.add(Problem.warning(reason + " (at " + at + ")", locator.locate(at)));
    }

    private TransformException error(String reason, TransformPath at) {
        return new TransformException(reason + " (at " + at + ")", locator.locate(at));
    }
}
