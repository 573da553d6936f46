package dev.stagehand.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The one safe way for a plugin to read XML into a DOM (an XMLA answer, a service's reply): no
 * DTD, no external entity or schema, no XInclude, so that no document can make the reader fetch
 * a file or a URL or expand entities without bound.
 */
public final class SecureXml {

    /** What makes a parser safe: secure processing on, DTDs refused, no external entity or DTD loaded. */
    private static final Map<String, Boolean> FEATURES = Map.of(
            XMLConstants.FEATURE_SECURE_PROCESSING, true,
            "http://apache.org/xml/features/disallow-doctype-decl", true,
            "http://xml.org/sax/features/external-general-entities", false,
            "http://xml.org/sax/features/external-parameter-entities", false,
            "http://apache.org/xml/features/nonvalidating/load-external-dtd", false);

    private SecureXml() {
    }

    /** {@return a namespace-aware factory with DTDs refused and every external access off} */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            for (var feature : FEATURES.entrySet()) {
                factory.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser of this Java runtime cannot be made safe", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** {@return a namespace-aware SAX factory with DTDs refused and every external access off} */
    public static SAXParserFactory saxParserFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            for (var feature : FEATURES.entrySet()) {
                factory.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException | org.xml.sax.SAXNotRecognizedException
                 | org.xml.sax.SAXNotSupportedException e) {
            throw new IllegalStateException("the XML parser of this Java runtime cannot be made safe", e);
        }
        return factory;
    }

    /**
     * Parses a whole document.
     *
     * @param in the document's bytes, not closed
     * @return the parsed document
     * @throws IOException when the stream fails
     * @throws SAXException when it is not well-formed XML or declares a DTD
     */
    public static Document parse(InputStream in) throws IOException, SAXException {
        DocumentBuilder builder;
        try {
            builder = documentBuilderFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM parser in this Java runtime", e);
        }
        // Say nothing on standard error: the caller reports the failure.
        builder.setErrorHandler(null);
        return builder.parse(in);
    }
}
