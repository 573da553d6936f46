package dev.stagehand.core.internal.xml;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the text of a few children of the root element and stops as soon as it has them:
 * enough to index thousands of manifests by id and version without building their trees.
 * Any doubt (a DTD, malformed XML, a missing element) is answered with an empty map, and the
 * caller falls back to a full read, which reports the problem properly.
 */
public final class XmlHeaderReader {

    private XmlHeaderReader() {
    }

    /** Lower-cased element name to its trimmed text, for those of {@code wanted} (lower case) found. */
    public static Map<String, String> read(byte[] document, Set<String> wanted) {
        Map<String, String> found = new HashMap<>();
        XMLStreamReader reader = null;
        try {
            reader = XmlTreeReader.readerOf(document);
            int depth = 0;
            while (reader.hasNext() && found.size() < wanted.size()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    return Map.of();
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = reader.getLocalName().toLowerCase(Locale.ROOT);
                    if (depth == 2 && wanted.contains(name)) {
                        if (found.put(name, reader.getElementText().trim()) != null) {
                            return Map.of();
                        }
                        depth--;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return found.size() == wanted.size() ? found : Map.of();
        } catch (XMLStreamException e) {
            return Map.of();
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held beyond the byte array
                }
            }
        }
    }
}
