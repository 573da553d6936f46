package dev.stagehand.core.transform;

import dev.stagehand.core.internal.transform.xdt.XdtTransformer;

/**
 * XML Document Transform (XDT), the Web.config transform format of Microsoft.Web.XmlTransform:
 * a transform file mirrors the target's structure and marks elements with {@code xdt:Transform}
 * and {@code xdt:Locator}. What the transform does not touch keeps its text (comments,
 * whitespace, attribute order, the XML declaration).
 */
public final class XmlDocumentTransform {

    /** The XDT namespace; without it a file transforms nothing. */
    public static final String NAMESPACE = XdtTransformer.NAMESPACE;

    private XmlDocumentTransform() {
    }

    /**
     * Applies a transform to a document. Neither input may contain a DTD.
     *
     * @param sourceXml     the document to transform
     * @param transformXml  the XDT file's text
     * @param transformName the transform file's name, used in every location reported
     * @return the transformed document and the warnings (locators that matched nothing and the like)
     * @throws TransformException when either input is not well-formed or contains a DTD, or the
     *                            transform cannot be applied (unknown transform or locator, nowhere to insert, ...)
     */
    public static TransformResult apply(String sourceXml, String transformXml, String transformName) {
        return XdtTransformer.apply(sourceXml, transformXml, transformName);
    }
}
