package dev.stagehand.core.internal.transform.xdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jaxen.JaxenException;
import org.jaxen.SimpleNamespaceContext;
import org.jaxen.XPathSyntaxException;
import org.jaxen.dom.DOMXPath;
import org.w3c.dom.Node;

/**
 * A compiled XPath, evaluated by Jaxen. Jaxen walks the DOM it is given; the JDK's XPath first
 * copies the whole document into its own model on every evaluation, which makes a hundred locators
 * over a large file quadratic.
 */
final class XPathQuery {

    /** The expression is not valid XPath, or cannot be evaluated where it is used. */
    static final class InvalidException extends Exception {
        InvalidException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String text;
    private final DOMXPath xpath;

    private XPathQuery(String text, DOMXPath xpath) {
        this.text = text;
        this.xpath = xpath;
    }

    String text() {
        return text;
    }

    /**
     * Compiles an expression.
     *
     * @param namespaces prefix to namespace URI, as declared where the expression was written
     */
    static XPathQuery compile(String text, Map<String, String> namespaces) throws InvalidException {
        try {
            DOMXPath xpath = new DOMXPath(text);
            xpath.setNamespaceContext(new SimpleNamespaceContext(namespaces));
            return new XPathQuery(text, xpath);
        } catch (XPathSyntaxException e) {
            throw new InvalidException("'" + text + "' is not a valid XPath expression: " + e.getMessage(), e);
        } catch (JaxenException e) {
            throw new InvalidException("'" + text + "' is not a valid XPath expression: " + e.getMessage(), e);
        }
    }

    /** The nodes the expression selects from {@code context}, in document order. */
    List<Node> select(Node context) throws InvalidException {
        List<?> values;
        try {
            values = xpath.selectNodes(context);
        } catch (JaxenException | RuntimeException e) {
            throw new InvalidException("'" + text + "' cannot be evaluated: " + e.getMessage(), e);
        }
        List<Node> nodes = new ArrayList<>(values.size());
        for (Object value : values) {
            // An expression such as count(...) yields a number, which no transform can act on.
            if (!(value instanceof Node node)) {
                throw new InvalidException("'" + text + "' does not select elements", null);
            }
            nodes.add(node);
        }
        return nodes;
    }
}
