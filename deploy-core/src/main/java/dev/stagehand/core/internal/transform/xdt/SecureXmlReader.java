package dev.stagehand.core.internal.transform.xdt;

import dev.stagehand.api.io.SecureXml;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Reads XML into a DOM with DTDs and external entities refused, remembering where each start tag
 * is. SAX rather than a DocumentBuilder because only SAX tells where elements are.
 */
final class SecureXmlReader {

    /** Why a document could not be read, with the 1-based place when known (0 otherwise). */
    static final class ReadException extends Exception {
        private final int line;
        private final int column;

        ReadException(String message, int line, int column, Throwable cause) {
            super(message, cause);
            this.line = line;
            this.column = column;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    private static final SAXParserFactory SAX = saxFactory();
    /** Only makes empty documents for the SAX events to fill: it never parses anything. */
    private static final DocumentBuilderFactory DOM = DocumentBuilderFactory.newInstance();

    static {
        DOM.setNamespaceAware(true);
    }

    /** As deep as JSON documents may go (Jackson's default): configuration files are far shallower. */
    static final int MAX_DEPTH = 1000;

    private SecureXmlReader() {
    }

    static ParsedXml read(String text) throws ReadException {
        int[] lineStarts = lineStarts(text);
        Document document;
        try {
            document = DOM.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM implementation", e);
        }
        Builder builder = new Builder(text, document, lineStarts);
        try {
            SAXParser parser = SAX.newSAXParser();
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", builder);
            parser.getXMLReader().setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed (" + systemId + ")");
            });
            parser.parse(new InputSource(new StringReader(text)), builder);
        } catch (SAXParseException e) {
            throw new ReadException(describe(e), Math.max(e.getLineNumber(), 0), Math.max(e.getColumnNumber(), 0), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new ReadException(e.getMessage(), 0, 0, e);
        }
        return new ParsedXml(text, document, builder.tags, lineStarts, builder.rootStart, builder.rootEnd);
    }

    private static String describe(SAXParseException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE") || message.contains("disallow-doctype-decl")) {
            return "DTDs (<!DOCTYPE ...>) are not allowed, so that no entity can read files or URLs";
        }
        return message;
    }

    private static SAXParserFactory saxFactory() {
        SAXParserFactory factory = SecureXml.saxParserFactory();
        try {
            // xmlns attributes must reach the DOM, as the writer and XPath prefixes need them.
            factory.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the XML parser cannot report namespace prefixes", e);
        }
        return factory;
    }

    /** Offsets where lines begin; XML counts CR, LF and CRLF as one line break each. */
    private static int[] lineStarts(String text) {
        int[] starts = new int[64];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(starts, count);
    }

    private static final class Builder extends DefaultHandler2 {
        private final String text;
        private final Document document;
        private final int[] lineStarts;
        private final IdentityHashMap<Element, ParsedXml.TagSpan> tags = ParsedXml.newTagMap();
        private final Deque<Node> open = new ArrayDeque<>();
        private final StringBuilder pending = new StringBuilder();
        private final StringBuilder cdata = new StringBuilder();
        private Locator locator;
        private boolean inCdata;
        private int rootStart = -1;
        private int rootEnd = -1;

        Builder(String text, Document document, int[] lineStarts) {
            this.text = text;
            this.document = document;
            this.lineStarts = lineStarts;
            open.push(document);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        private int offset() {
            int line = locator.getLineNumber();
            int column = locator.getColumnNumber();
            if (line < 1 || line > lineStarts.length || column < 1) {
                return -1;
            }
            int offset = lineStarts[line - 1] + column - 1;
            return offset <= text.length() ? offset : -1;
        }

        private void flushText() {
            if (pending.length() == 0) {
                return;
            }
            if (open.peek() != document) {
                open.peek().appendChild(document.createTextNode(pending.toString()));
            }
            pending.setLength(0);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if (open.size() > MAX_DEPTH) {
                // The DOM and the writer recurse: a hostile document must not overflow the stack.
                throw new SAXParseException("the document is nested deeper than " + MAX_DEPTH
                        + " elements, more than any configuration needs", locator);
            }
            flushText();
            Element element;
            try {
                element = document.createElementNS(uri.isEmpty() ? null : uri, qName);
                for (int i = 0; i < attributes.getLength(); i++) {
                    String name = attributes.getQName(i);
                    String namespace = name.equals("xmlns") || name.startsWith("xmlns:")
                            ? XMLConstants.XMLNS_ATTRIBUTE_NS_URI : attributes.getURI(i);
                    element.setAttributeNS(namespace == null || namespace.isEmpty() ? null : namespace, name,
                            attributes.getValue(i));
                }
            } catch (org.w3c.dom.DOMException e) {
                // Well-formed but not namespace-well-formed (a prefix bound to the xmlns namespace, say).
                throw new SAXParseException("element <" + qName + "> breaks the XML namespace rules: "
                        + e.getMessage(), locator);
            }
            int end = offset();
            int start = end > 0 ? text.lastIndexOf('<', end - 1) : -1;
            // A span that does not look like this element's tag is dropped; the writer then rebuilds the tag.
            if (start >= 0 && text.charAt(end - 1) == '>' && text.startsWith(qName, start + 1)) {
                tags.put(element, new ParsedXml.TagSpan(start, end, text.charAt(end - 2) == '/'));
            }
            if (open.peek() == document) {
                rootStart = start;
            }
            open.peek().appendChild(element);
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            flushText();
            open.pop();
            if (open.peek() == document) {
                rootEnd = offset();
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inCdata) {
                cdata.append(ch, start, length);
            } else {
                pending.append(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            characters(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) {
            flushText();
            if (open.peek() != document) {
                open.peek().appendChild(document.createProcessingInstruction(target, data));
            }
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            flushText();
            if (open.peek() != document) {
                open.peek().appendChild(document.createComment(new String(ch, start, length)));
            }
        }

        @Override
        public void startCDATA() {
            flushText();
            inCdata = true;
        }

        @Override
        public void endCDATA() {
            inCdata = false;
            open.peek().appendChild(document.createCDATASection(cdata.toString()));
            cdata.setLength(0);
        }

        @Override
        public void startDTD(String name, String publicId, String systemId) throws SAXException {
            throw new SAXException("DTDs (<!DOCTYPE ...>) are not allowed");
        }

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId) throws SAXException {
            throw new SAXException("external entities are not allowed");
        }
    }
}
