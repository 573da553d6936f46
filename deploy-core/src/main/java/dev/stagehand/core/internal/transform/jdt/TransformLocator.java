package dev.stagehand.core.internal.transform.jdt;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stagehand.api.Location;
import java.io.IOException;
import java.util.List;

/**
 * Finds the line and column of a transform node. Jackson trees carry no positions, and keeping one
 * per node would cost on every transform for the sake of the rare message, so the transform text is
 * scanned again only when a warning or an error needs a place.
 */
final class TransformLocator {

    private final String transformName;
    private final String transformText;

    TransformLocator(String transformName, String transformText) {
        this.transformName = transformName;
        this.transformText = transformText;
    }

    String transformName() {
        return transformName;
    }

    /** The node's place: the start of its key for an object member, the start of its value otherwise. */
    Location locate(TransformPath path) {
        try (JsonParser parser = JdtJson.FACTORY.createParser(transformText)) {
            if (parser.nextToken() == null) {
                return Location.ofFile(transformName);
            }
            JsonLocation found = find(parser, path.segments(), 0);
            return found == null ? Location.ofFile(transformName)
                    : Location.ofFile(transformName, found.getLineNr(), found.getColumnNr());
        } catch (IOException e) {
            // The transform was parsed once already, so this cannot happen; a message without a line still helps.
            return Location.ofFile(transformName);
        }
    }

    private static JsonLocation find(JsonParser parser, List<Object> target, int depth) throws IOException {
        if (depth == target.size()) {
            return parser.currentTokenLocation();
        }
        Object segment = target.get(depth);
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT && segment instanceof String name) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                JsonLocation keyLocation = parser.currentTokenLocation();
                boolean match = name.equals(parser.currentName());
                parser.nextToken();
                if (match) {
                    return depth + 1 == target.size() ? keyLocation : find(parser, target, depth + 1);
                }
                parser.skipChildren();
            }
        } else if (token == JsonToken.START_ARRAY && segment instanceof Integer wanted) {
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (i++ == wanted) {
                    return find(parser, target, depth + 1);
                }
                parser.skipChildren();
            }
        }
        return null;
    }
}
