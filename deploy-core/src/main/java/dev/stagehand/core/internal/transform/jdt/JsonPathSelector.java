package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@code @jdt.path} from a node of the document, {@code $} being that node.
 *
 * <p>json-path works on the Jackson tree itself (no re-serialising of the document per path) and is
 * asked for the matches' paths rather than their values: a value tells nothing about where it sits,
 * and the verbs must change the document in place. Each path is then walked from the start node.
 */
final class JsonPathSelector {

    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JdtJsonNodeProvider())
            .mappingProvider(new JacksonMappingProvider(JdtJson.MAPPER))
            // A missing property on a definite path is "no match" for JDT, never an exception.
            .options(Option.AS_PATH_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final Map<String, JsonPath> compiled = new HashMap<>();

    /**
     * The nodes {@code expression} matches from {@code start}, in json-path's order.
     *
     * @throws com.jayway.jsonpath.InvalidPathException when the expression is not a JSONPath
     */
    List<NodeRef> select(NodeRef start, String expression) {
        JsonPath path = compiled.computeIfAbsent(expression, JsonPath::compile);
        Object result = path.read(start.node(), CONFIGURATION);
        List<NodeRef> matches = new ArrayList<>();
        if (result instanceof Iterable<?> paths) {
            for (Object item : paths) {
                String normalized = item instanceof JsonNode n ? n.asText() : String.valueOf(item);
                NodeRef ref = resolve(start, normalized);
                if (ref != null) {
                    matches.add(ref);
                }
            }
        }
        return matches;
    }

    /**
     * Walks a normalized path such as {@code $['a'][0]['b']} from {@code start}. json-path does not
     * escape quotes in names, so a name ends at the first {@code ']} that leaves a well-formed rest
     * and names an existing property.
     */
    static NodeRef resolve(NodeRef start, String normalized) {
        if (!normalized.startsWith("$")) {
            return null;
        }
        NodeRef current = start;
        int pos = 1;
        int length = normalized.length();
        while (pos < length) {
            if (normalized.charAt(pos) != '[' || pos + 1 >= length) {
                return null;
            }
            JsonNode node = current.node();
            if (normalized.charAt(pos + 1) == '\'') {
                if (!(node instanceof ObjectNode object)) {
                    return null;
                }
                int nameStart = pos + 2;
                NodeRef next = null;
                for (int end = normalized.indexOf("']", nameStart); end >= 0; end = normalized.indexOf("']", end + 1)) {
                    int after = end + 2;
                    if (after == length || normalized.charAt(after) == '[') {
                        String name = normalized.substring(nameStart, end);
                        JsonNode child = object.get(name);
                        if (child != null) {
                            next = NodeRef.property(object, name, child);
                            pos = after;
                            break;
                        }
                    }
                }
                if (next == null) {
                    return null;
                }
                current = next;
            } else {
                int close = normalized.indexOf(']', pos);
                if (close < 0 || !(node instanceof ArrayNode array)) {
                    return null;
                }
                int i;
                try {
                    i = Integer.parseInt(normalized.substring(pos + 1, close));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (i < 0 || i >= array.size()) {
                    return null;
                }
                current = NodeRef.element(array, i, array.get(i));
                pos = close + 1;
            }
        }
        return current;
    }
}
