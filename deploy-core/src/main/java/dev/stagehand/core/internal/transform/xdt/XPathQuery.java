package dev.stagehand.core.internal.transform.xdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jaxen.BaseXPath;
import org.jaxen.JaxenException;
import org.jaxen.NamedAccessNavigator;
import org.jaxen.SimpleNamespaceContext;
import org.jaxen.XPathSyntaxException;
import org.jaxen.dom.DocumentNavigator;
import org.jaxen.expr.EqualityExpr;
import org.jaxen.expr.Expr;
import org.jaxen.expr.LiteralExpr;
import org.jaxen.expr.LocationPath;
import org.jaxen.expr.LogicalExpr;
import org.jaxen.expr.NameStep;
import org.jaxen.saxpath.Axis;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A compiled XPath, evaluated by Jaxen. Jaxen walks the DOM it is given; the JDK's XPath first
 * copies the whole document into its own model on every evaluation, which makes a hundred locators
 * over a large file quadratic. Jaxen's DOM navigator is given named access (its interface for
 * that), since a locator's {@code add[@key='x']} otherwise visits every sibling node and every
 * attribute of each to find the ones named.
 */
final class XPathQuery {

    /** The expression is not valid XPath, or cannot be evaluated where it is used. */
    static final class InvalidException extends Exception {
        InvalidException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final NamedAccessDomNavigator NAVIGATOR = new NamedAccessDomNavigator();

    private final String text;
    private final BaseXPath xpath;

    private XPathQuery(String text, BaseXPath xpath) {
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
            BaseXPath xpath = new BaseXPath(text, NAVIGATOR);
            xpath.setNamespaceContext(new SimpleNamespaceContext(namespaces));
            return new XPathQuery(text, xpath);
        } catch (XPathSyntaxException e) {
            throw new InvalidException("'" + text + "' is not a valid XPath expression: " + e.getMessage(), e);
        } catch (JaxenException e) {
            throw new InvalidException("'" + text + "' is not a valid XPath expression: " + e.getMessage(), e);
        }
    }

    /** One {@code @name='value'} comparison: the attribute without namespace {@code name} has the value. */
    record AttributeEquals(String name, String value) {
    }

    /**
     * The comparisons a predicate is made of when, as Jaxen parses it, it is nothing but
     * {@code @a='x' and @b='y'} with unprefixed names and literal values; otherwise null. Such a
     * predicate can be checked by looking the attributes up, without an evaluation per node.
     */
    static List<AttributeEquals> attributeEqualities(String predicate) {
        try {
            List<AttributeEquals> comparisons = new ArrayList<>();
            return collectEqualities(new BaseXPath(predicate, NAVIGATOR).getRootExpr(), comparisons) ? comparisons : null;
        } catch (JaxenException e) {
            return null;
        }
    }

    private static boolean collectEqualities(Expr expr, List<AttributeEquals> comparisons) {
        if (expr instanceof LogicalExpr logical && "and".equals(logical.getOperator())) {
            return collectEqualities(logical.getLHS(), comparisons) && collectEqualities(logical.getRHS(), comparisons);
        }
        if (expr instanceof EqualityExpr equality && "=".equals(equality.getOperator())) {
            String name = attributeName(equality.getLHS());
            Expr other = equality.getRHS();
            if (name == null) {
                name = attributeName(equality.getRHS());
                other = equality.getLHS();
            }
            if (name != null && other instanceof LiteralExpr literal) {
                comparisons.add(new AttributeEquals(name, literal.getLiteral()));
                return true;
            }
        }
        return false;
    }

    private static String attributeName(Expr expr) {
        if (expr instanceof LocationPath path && !path.isAbsolute() && path.getSteps().size() == 1
                && path.getSteps().get(0) instanceof NameStep step && step.getAxis() == Axis.ATTRIBUTE
                && (step.getPrefix() == null || step.getPrefix().isEmpty()) && !"*".equals(step.getLocalName())
                && step.getPredicates().isEmpty()) {
            return step.getLocalName();
        }
        return null;
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

    /** The DOM navigator, answering "children named n" and "attribute named n" directly. */
    private static final class NamedAccessDomNavigator extends DocumentNavigator implements NamedAccessNavigator {

        @Override
        public Iterator<Node> getChildAxisIterator(Object context, String localName, String prefix, String namespaceUri) {
            return new NamedChildren((Node) context, localName, emptyToNull(namespaceUri));
        }

        @Override
        public Iterator<Node> getAttributeAxisIterator(Object context, String localName, String prefix, String namespaceUri) {
            if (!(context instanceof Element element)) {
                return Collections.emptyIterator();
            }
            String uri = emptyToNull(namespaceUri);
            // By qualified name when no namespace is asked for: attributes set without one have no local name.
            Attr attribute = uri == null ? element.getAttributeNode(localName) : element.getAttributeNodeNS(uri, localName);
            if (attribute == null || !Objects.equals(uri, emptyToNull(attribute.getNamespaceURI()))) {
                return Collections.emptyIterator();
            }
            return Collections.<Node>singletonList(attribute).iterator();
        }

        private static String emptyToNull(String uri) {
            return uri == null || uri.isEmpty() ? null : uri;
        }
    }

    /** Child elements with one local name and namespace, found as the iteration goes. */
    private static final class NamedChildren implements Iterator<Node> {
        private final String localName;
        private final String namespaceUri;
        private Node next;

        NamedChildren(Node parent, String localName, String namespaceUri) {
            this.localName = localName;
            this.namespaceUri = namespaceUri;
            this.next = advance(parent.getFirstChild());
        }

        private Node advance(Node from) {
            for (Node node = from; node != null; node = node.getNextSibling()) {
                if (node.getNodeType() == Node.ELEMENT_NODE && localName.equals(nameOf(node))
                        && Objects.equals(namespaceUri, NamedAccessDomNavigator.emptyToNull(node.getNamespaceURI()))) {
                    return node;
                }
            }
            return null;
        }

        private static String nameOf(Node node) {
            String name = node.getLocalName();
            return name == null ? node.getNodeName() : name;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Node next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Node current = next;
            next = advance(current.getNextSibling());
            return current;
        }
    }
}
