package dev.stagehand.core.internal.xml;

import com.ctc.wstx.stax.WstxInputFactory;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.XmlElement;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an XML document into an {@link XmlElement} tree, recording where each element starts.
 * A document type declaration is refused outright: manifests never need one, and refusing it
 * is the only sure way to keep external entities (XXE) and entity expansion out.
 */
public final class XmlTreeReader {

    private static final XMLInputFactory FACTORY = createFactory();

    /** As deep as the transforms' documents may go: manifests are a handful of levels deep. */
    static final int MAX_DEPTH = 1000;

    private XmlTreeReader() {
    }

    /** The secure, configured factory, shared with {@link XmlHeaderReader}. */
    static XMLInputFactory factory() {
        return FACTORY;
    }

    private static XMLInputFactory createFactory() {
        // Woodstox explicitly: its locations point at the start of each element, which the
        // JDK's parser does not promise.
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        // Manifests use no namespaces; without namespace processing a prefixed attribute such as
        // xmlns:xsi is an ordinary attribute, and parsing is a good deal cheaper.
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
        return factory;
    }

    /**
     * A reader over bytes in memory: Woodstox reads them where they are, without the stream
     * bootstrapping an {@code InputStream} costs (a plan reads thousands of small manifests).
     */
    static XMLStreamReader readerOf(byte[] document) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new org.codehaus.stax2.io.Stax2ByteArraySource(document, 0,
                document.length));
    }

    /**
     * Parses {@code document} (any encoding the declaration or a BOM names).
     *
     * @param displayName the file name to put in locations and errors
     * @throws ManifestException with file, line and column when the XML is malformed or has a DTD
     */
    public static XmlElement read(byte[] document, String displayName) throws IOException {
        try {
            return read(readerOf(document), displayName);
        } catch (XMLStreamException e) {
            throw notWellFormed(e, displayName);
        }
    }

    /**
     * Parses {@code in} (any encoding the declaration or a BOM names).
     *
     * @param displayName the file name to put in locations and errors
     * @throws ManifestException with file, line and column when the XML is malformed or has a DTD
     */
    public static XmlElement read(InputStream in, String displayName) throws IOException {
        try {
            return read(FACTORY.createXMLStreamReader(in), displayName);
        } catch (XMLStreamException e) {
            throw notWellFormed(e, displayName);
        }
    }

    private static XmlElement read(XMLStreamReader reader, String displayName) throws IOException {
        try {
            Deque<Builder> open = new ArrayDeque<>();
            XmlElement root = null;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new ManifestException(
                            "document type declarations (DTD) are not allowed; remove the <!DOCTYPE ...>",
                            location(reader, displayName));
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new ManifestException(
                            "entity reference &" + reader.getLocalName() + "; is not allowed",
                            location(reader, displayName));
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (open.size() >= MAX_DEPTH) {
                            // Readers of the tree recurse: a hostile document must not overflow the stack.
                            throw new ManifestException("the document is nested deeper than " + MAX_DEPTH
                                    + " elements, more than any manifest needs", location(reader, displayName));
                        }
                        open.push(startElement(reader, displayName));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            open.peek().text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlElement done = open.pop().build();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().children.add(done);
                        }
                    }
                    default -> {
                        // comments and processing instructions carry nothing a manifest needs
                    }
                }
            }
            if (root == null) {
                throw new ManifestException("the document has no root element", Location.ofFile(displayName));
            }
            return root;
        } catch (XMLStreamException e) {
            throw notWellFormed(e, displayName);
        } catch (RuntimeException e) {
            // Woodstox defers some errors (a multi-byte character cut short) to an unchecked wrapper.
            if (e.getCause() instanceof XMLStreamException x) {
                throw notWellFormed(x, displayName);
            }
            throw e;
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a stream the caller owns cannot lose data
            }
        }
    }

    private static ManifestException notWellFormed(XMLStreamException e, String displayName) {
        javax.xml.stream.Location where = e.getLocation();
        Location location = where == null ? Location.ofFile(displayName)
                : Location.ofFile(displayName, where.getLineNumber(), where.getColumnNumber());
        return new ManifestException("not well-formed XML: " + cleanMessage(e), location, e);
    }

    private static Builder startElement(XMLStreamReader reader, String displayName) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
        }
        return new Builder(reader.getLocalName(), Attributes.of(attributes), location(reader, displayName));
    }

    private static Location location(XMLStreamReader reader, String displayName) {
        javax.xml.stream.Location where = reader.getLocation();
        return Location.ofFile(displayName, where.getLineNumber(), where.getColumnNumber());
    }

    /** Woodstox prefixes its messages with the location, which our Location already carries. */
    private static String cleanMessage(XMLStreamException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int at = message.indexOf("\n at [");
        if (at >= 0) {
            message = message.substring(0, at);
        }
        if (message.startsWith("ParseError at [")) {
            int end = message.indexOf("Message: ");
            if (end >= 0) {
                message = message.substring(end + "Message: ".length());
            }
        }
        return message.replace('\n', ' ').trim();
    }

    private static final class Builder {
        final String name;
        final Attributes attributes;
        final Location location;
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Builder(String name, Attributes attributes, Location location) {
            this.name = name;
            this.attributes = attributes;
            this.location = location;
        }

        XmlElement build() {
            return new XmlElement(name, attributes, text.toString().trim(), children, location);
        }
    }
}
