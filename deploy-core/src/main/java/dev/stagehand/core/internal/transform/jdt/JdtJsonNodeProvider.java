package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;

/**
 * json-path's Jackson tree provider, minus its cost per result. json-path records every result of
 * every evaluation (including the {@code @.x} inside a filter, once per array element) with
 * {@link #setArrayIndex}, which the stock provider converts through
 * {@code ObjectMapper.valueToTree}: a token buffer per path string. Wrapping the few types json-path
 * hands over directly makes filters over large arrays several times faster.
 */
final class JdtJsonNodeProvider extends JacksonJsonNodeJsonProvider {

    JdtJsonNodeProvider() {
        super(JdtJson.MAPPER);
    }

    @Override
    public void setArrayIndex(Object array, int index, Object newValue) {
        JsonNode element = toNode(newValue);
        if (element == null || !(array instanceof ArrayNode arrayNode)) {
            super.setArrayIndex(array, index, newValue);
        } else if (index == arrayNode.size()) {
            arrayNode.add(element);
        } else {
            arrayNode.set(index, element);
        }
    }

    /** The value as a node when that is cheap, else null to leave the conversion to Jackson. */
    private static JsonNode toNode(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value instanceof JsonNode node) {
            return node;
        } else if (value instanceof String s) {
            return nodes.textNode(s);
        } else if (value instanceof Integer i) {
            return nodes.numberNode(i);
        } else if (value instanceof Long l) {
            return nodes.numberNode(l);
        } else if (value instanceof Double d) {
            return nodes.numberNode(d);
        } else if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        return null;
    }
}
