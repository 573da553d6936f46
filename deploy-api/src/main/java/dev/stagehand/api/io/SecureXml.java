package dev.stagehand.api.io;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The one safe way for a plugin to read XML into a DOM (an XMLA answer, a service's reply): no
 * DTD, no external entity or schema, no XInclude, so that no document can make the reader fetch
 * a file or a URL or expand entities without bound.
 */
public final class SecureXml {

    private SecureXml() {
    }

    /** A namespace-aware factory with DTDs refused and every external access off. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser of this Java runtime cannot be made safe", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /**
     * Parses a whole document.
     *
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
