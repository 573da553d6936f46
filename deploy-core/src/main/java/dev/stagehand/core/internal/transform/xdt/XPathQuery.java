package dev.stagehand.core.internal.transform.xdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A compiled XPath. The JDK's XPath walks the whole document on every evaluation, which makes a
 * hundred locators over a large file quadratic; so the forms locators are made of (location paths,
 * predicates, comparisons, the common functions) are evaluated here directly on the DOM, and only
 * what this evaluator does not know falls back to the JDK.
 */
abstract class XPathQuery {

    /** The expression is not valid XPath. */
    static final class InvalidException extends Exception {
        InvalidException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Raised while compiling when the expression uses something only the JDK evaluator knows. */
    private static final class Unsupported extends RuntimeException {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private final String text;

    private XPathQuery(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** The nodes the expression selects from {@code context}, in document order for the common forms. */
    abstract List<Node> select(Node context) throws InvalidException;

    /**
     * Compiles an expression.
     *
     * @param namespaces prefix to namespace URI, as declared where the expression was written
     */
    static XPathQuery compile(String text, Map<String, String> namespaces) throws InvalidException {
        try {
            Expr expr = new Parser(text, namespaces).parseAll();
            return new Native(text, expr);
        } catch (Unsupported e) {
            return Jdk.compile(text, namespaces);
        }
    }

    /** Compiles with the JDK's evaluator only; for checking the direct one against it. */
    static XPathQuery compileWithJdk(String text, Map<String, String> namespaces) throws InvalidException {
        return Jdk.compile(text, namespaces);
    }

    // ---------------------------------------------------------------- the fallback

    private static final class Jdk extends XPathQuery {
        private static final XPathFactory FACTORY = XPathFactory.newInstance();
        private final XPathExpression expression;

        private Jdk(String text, XPathExpression expression) {
            super(text);
            this.expression = expression;
        }

        static Jdk compile(String text, Map<String, String> namespaces) throws InvalidException {
            XPath xpath;
            synchronized (FACTORY) {
                xpath = FACTORY.newXPath();
            }
            xpath.setNamespaceContext(new NamespaceContext() {
                @Override
                public String getNamespaceURI(String prefix) {
                    return namespaces.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
                }

                @Override
                public String getPrefix(String namespaceURI) {
                    return null;
                }

                @Override
                public Iterator<String> getPrefixes(String namespaceURI) {
                    return Collections.emptyIterator();
                }
            });
            try {
                return new Jdk(text, xpath.compile(text));
            } catch (XPathExpressionException e) {
                throw new InvalidException("'" + text + "' is not a valid XPath expression", e);
            }
        }

        @Override
        List<Node> select(Node context) throws InvalidException {
            try {
                NodeList list = (NodeList) expression.evaluate(context, XPathConstants.NODESET);
                List<Node> nodes = new ArrayList<>(list.getLength());
                for (int i = 0; i < list.getLength(); i++) {
                    nodes.add(list.item(i));
                }
                return nodes;
            } catch (XPathExpressionException e) {
                throw new InvalidException("'" + text() + "' does not select elements: " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- the direct evaluator

    private static final class Native extends XPathQuery {
        private final Expr expr;

        Native(String text, Expr expr) {
            super(text);
            this.expr = expr;
        }

        @Override
        @SuppressWarnings("unchecked")
        List<Node> select(Node context) throws InvalidException {
            Object value;
            try {
                value = expr.eval(new Ctx(context, 1, 1));
            } catch (RuntimeException e) {
                throw new InvalidException("'" + text() + "' cannot be evaluated: " + e.getMessage(), e);
            }
            if (!(value instanceof List)) {
                throw new InvalidException("'" + text() + "' does not select elements", null);
            }
            return (List<Node>) value;
        }
    }

    private record Ctx(Node node, int position, int size) {
    }

    /** Values are Boolean, Double, String or List of Node (a node-set). */
    private interface Expr {
        Object eval(Ctx ctx);

        /** This expression as a predicate that does not depend on position. */
        default boolean matches(Node node) {
            return toBoolean(eval(new Ctx(node, 0, 0)));
        }
    }

    /** An expression whose value is always a boolean, so that as a predicate it never means a position. */
    private interface BoolExpr extends Expr {
    }

    private record Literal(String value) implements Expr {
        @Override
        public Object eval(Ctx ctx) {
            return value;
        }
    }

    /** {@code @name = 'value'}, the predicate Match locators are made of, checked without building node-sets. */
    private record AttributeEquals(String name, String value, boolean equal) implements BoolExpr {
        @Override
        public Object eval(Ctx ctx) {
            return matches(ctx.node());
        }

        @Override
        public boolean matches(Node node) {
            if (node.getNodeType() != Node.ELEMENT_NODE) {
                return false;
            }
            Attr attribute = ((Element) node).getAttributeNode(name);
            return attribute != null && attribute.getNamespaceURI() == null && attribute.getValue().equals(value) == equal;
        }
    }

    private record And(Expr left, Expr right) implements BoolExpr {
        @Override
        public Object eval(Ctx ctx) {
            return toBoolean(left.eval(ctx)) && toBoolean(right.eval(ctx));
        }

        @Override
        public boolean matches(Node node) {
            return left.matches(node) && right.matches(node);
        }
    }

    private record Or(Expr left, Expr right) implements BoolExpr {
        @Override
        public Object eval(Ctx ctx) {
            return toBoolean(left.eval(ctx)) || toBoolean(right.eval(ctx));
        }

        @Override
        public boolean matches(Node node) {
            return left.matches(node) || right.matches(node);
        }
    }

    /** A step's predicate; positional ones need the candidates' count and positions. */
    private record Predicate(Expr expr, boolean positional) {
    }

    private enum Axis {
        CHILD, ATTRIBUTE, SELF, PARENT, DESCENDANT, DESCENDANT_OR_SELF, ANCESTOR, ANCESTOR_OR_SELF,
        FOLLOWING_SIBLING, PRECEDING_SIBLING;

        boolean reverse() {
            return this == ANCESTOR || this == ANCESTOR_OR_SELF || this == PRECEDING_SIBLING || this == PARENT;
        }
    }

    /** Node test: kind is "name", "node", "text" or "comment"; for names, null local means '*'. */
    private record Test(String kind, String namespace, String local) {
        boolean matches(Node node, Axis axis) {
            switch (kind) {
                case "node":
                    return true;
                case "text":
                    return node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE;
                case "comment":
                    return node.getNodeType() == Node.COMMENT_NODE;
                default:
                    short type = node.getNodeType();
                    if (axis == Axis.ATTRIBUTE ? type != Node.ATTRIBUTE_NODE : type != Node.ELEMENT_NODE) {
                        return false;
                    }
                    String nodeNamespace = node.getNamespaceURI() == null ? "" : node.getNamespaceURI();
                    if (!nodeNamespace.equals(namespace)) {
                        return false;
                    }
                    if (local == null) {
                        return true;
                    }
                    String nodeLocal = node.getLocalName() == null ? node.getNodeName() : node.getLocalName();
                    return local.equals(nodeLocal);
            }
        }
    }

    private record Step(Axis axis, Test test, List<Predicate> predicates) {
        boolean positional() {
            for (Predicate p : predicates) {
                if (p.positional()) {
                    return true;
                }
            }
            return false;
        }

        void candidates(Node node, List<Node> out) {
            switch (axis) {
                case CHILD:
                    for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (test.matches(c, axis)) {
                            out.add(c);
                        }
                    }
                    break;
                case ATTRIBUTE:
                    NamedNodeMap attributes = node.getAttributes();
                    if (attributes != null) {
                        for (int i = 0; i < attributes.getLength(); i++) {
                            Node a = attributes.item(i);
                            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && test.matches(a, axis)) {
                                out.add(a);
                            }
                        }
                    }
                    break;
                case SELF:
                    if (test.matches(node, axis)) {
                        out.add(node);
                    }
                    break;
                case PARENT:
                    Node parent = parentOf(node);
                    if (parent != null && test.matches(parent, axis)) {
                        out.add(parent);
                    }
                    break;
                case DESCENDANT_OR_SELF:
                    if (test.matches(node, axis)) {
                        out.add(node);
                    }
                    descendants(node, out);
                    break;
                case DESCENDANT:
                    descendants(node, out);
                    break;
                case ANCESTOR_OR_SELF:
                    if (test.matches(node, axis)) {
                        out.add(node);
                    }
                    ancestors(node, out);
                    break;
                case ANCESTOR:
                    ancestors(node, out);
                    break;
                case FOLLOWING_SIBLING:
                    for (Node s = node.getNextSibling(); s != null; s = s.getNextSibling()) {
                        if (test.matches(s, axis)) {
                            out.add(s);
                        }
                    }
                    break;
                case PRECEDING_SIBLING:
                    for (Node s = node.getPreviousSibling(); s != null; s = s.getPreviousSibling()) {
                        if (test.matches(s, axis)) {
                            out.add(s);
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException(axis.name());
            }
        }

        private void descendants(Node node, List<Node> out) {
            for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (test.matches(c, axis)) {
                    out.add(c);
                }
                descendants(c, out);
            }
        }

        private void ancestors(Node node, List<Node> out) {
            for (Node a = parentOf(node); a != null; a = parentOf(a)) {
                if (test.matches(a, axis)) {
                    out.add(a);
                }
            }
        }
    }

    private static Node parentOf(Node node) {
        return node.getNodeType() == Node.ATTRIBUTE_NODE ? ((Attr) node).getOwnerElement() : node.getParentNode();
    }

    /** A location path, optionally starting from a primary expression (filter) or the root. */
    private record PathExpr(boolean absolute, Expr start, List<Step> steps) implements Expr {
        @Override
        @SuppressWarnings("unchecked")
        public Object eval(Ctx ctx) {
            List<Node> current;
            if (start != null) {
                Object value = start.eval(ctx);
                if (!(value instanceof List)) {
                    throw new IllegalArgumentException("a path must start from a node-set");
                }
                current = (List<Node>) value;
            } else if (absolute) {
                Node root = ctx.node().getNodeType() == Node.DOCUMENT_NODE ? ctx.node() : ownerOf(ctx.node());
                current = List.of(root);
            } else {
                current = List.of(ctx.node());
            }
            for (Step step : steps) {
                List<Node> next = new ArrayList<>();
                Set<Node> seen = current.size() > 1 && step.axis() != Axis.CHILD && step.axis() != Axis.ATTRIBUTE
                        ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
                List<Node> candidates = new ArrayList<>();
                boolean positional = step.positional();
                for (Node node : current) {
                    if (!positional && step.axis() == Axis.CHILD) {
                        // The common case, child steps of a locator path: no lists per parent.
                        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                            if (step.test().matches(c, Axis.CHILD) && allMatch(step.predicates(), c)) {
                                next.add(c);
                            }
                        }
                        continue;
                    }
                    candidates.clear();
                    step.candidates(node, candidates);
                    List<Node> kept = candidates;
                    for (Predicate predicate : step.predicates()) {
                        kept = filter(kept, predicate);
                    }
                    for (Node n : kept) {
                        if (seen == null || seen.add(n)) {
                            next.add(n);
                        }
                    }
                }
                if (step.axis().reverse() && current.size() == 1) {
                    Collections.reverse(next);
                }
                current = next;
            }
            return current;
        }

        private static Document ownerOf(Node node) {
            return node.getOwnerDocument();
        }

        private static boolean allMatch(List<Predicate> predicates, Node node) {
            for (Predicate predicate : predicates) {
                if (!predicate.expr().matches(node)) {
                    return false;
                }
            }
            return true;
        }

        private static List<Node> filter(List<Node> nodes, Predicate predicate) {
            List<Node> kept = new ArrayList<>(nodes.size());
            int size = nodes.size();
            if (!predicate.positional()) {
                for (Node node : nodes) {
                    if (predicate.expr().matches(node)) {
                        kept.add(node);
                    }
                }
                return kept;
            }
            for (int i = 0; i < size; i++) {
                Object value = predicate.expr().eval(new Ctx(nodes.get(i), i + 1, size));
                boolean keep = value instanceof Double d ? d == i + 1 : toBoolean(value);
                if (keep) {
                    kept.add(nodes.get(i));
                }
            }
            return kept;
        }
    }

    // ---------------------------------------------------------------- conversions (XPath 1.0, section 4)

    private static String stringValue(Node node) {
        switch (node.getNodeType()) {
            case Node.ATTRIBUTE_NODE:
                return ((Attr) node).getValue();
            case Node.DOCUMENT_NODE:
                Element root = ((Document) node).getDocumentElement();
                return root == null ? "" : root.getTextContent();
            default:
                String content = node.getTextContent();
                return content == null ? "" : content;
        }
    }

    @SuppressWarnings("unchecked")
    private static String toStr(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return "NaN";
            }
            if (d.isInfinite()) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        List<Node> nodes = (List<Node>) value;
        return nodes.isEmpty() ? "" : stringValue(nodes.get(0));
    }

    @SuppressWarnings("unchecked")
    private static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        return !((List<Node>) value).isEmpty();
    }

    private static double toNumber(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String s = toStr(value).strip();
        if (s.isEmpty() || !s.matches("-?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    @SuppressWarnings("unchecked")
    private static boolean compare(String op, Object left, Object right) {
        if (left instanceof List || right instanceof List) {
            if (left instanceof List && right instanceof List) {
                for (Node l : (List<Node>) left) {
                    String ls = stringValue(l);
                    for (Node r : (List<Node>) right) {
                        if (compareAtoms(op, ls, stringValue(r))) {
                            return true;
                        }
                    }
                }
                return false;
            }
            boolean listLeft = left instanceof List;
            List<Node> nodes = (List<Node>) (listLeft ? left : right);
            Object other = listLeft ? right : left;
            if (other instanceof Boolean) {
                Object nodesAsBoolean = !nodes.isEmpty();
                return listLeft ? compareAtoms(op, nodesAsBoolean, other) : compareAtoms(op, other, nodesAsBoolean);
            }
            for (Node n : nodes) {
                Object atom = other instanceof Double ? (Object) toNumber(stringValue(n)) : stringValue(n);
                if (listLeft ? compareAtoms(op, atom, other) : compareAtoms(op, other, atom)) {
                    return true;
                }
            }
            return false;
        }
        return compareAtoms(op, left, right);
    }

    private static boolean compareAtoms(String op, Object left, Object right) {
        if (op.equals("=") || op.equals("!=")) {
            boolean equal;
            if (left instanceof Boolean || right instanceof Boolean) {
                equal = toBoolean(left) == toBoolean(right);
            } else if (left instanceof Double || right instanceof Double) {
                equal = toNumber(left) == toNumber(right);
            } else {
                equal = toStr(left).equals(toStr(right));
            }
            return op.equals("=") == equal;
        }
        double l = toNumber(left);
        double r = toNumber(right);
        switch (op) {
            case "<":
                return l < r;
            case "<=":
                return l <= r;
            case ">":
                return l > r;
            default:
                return l >= r;
        }
    }

    // ---------------------------------------------------------------- parsing

    private static final class Parser {
        private final String text;
        private final Map<String, String> namespaces;
        private final List<String> tokens = new ArrayList<>();
        private int index;
        private int positionCalls;

        Parser(String text, Map<String, String> namespaces) {
            this.text = text;
            this.namespaces = namespaces;
            tokenize();
        }

        Expr parseAll() {
            if (tokens.isEmpty()) {
                throw new Unsupported("empty");
            }
            Expr expr = orExpr();
            if (index != tokens.size()) {
                throw new Unsupported("trailing " + peek());
            }
            return expr;
        }

        private void tokenize() {
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'' || c == '"') {
                    int end = text.indexOf(c, i + 1);
                    if (end < 0) {
                        throw new Unsupported("unterminated literal");
                    }
                    tokens.add(text.substring(i, end + 1));
                    i = end + 1;
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                    int start = i;
                    while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                        i++;
                    }
                    tokens.add("#" + text.substring(start, i));
                } else if (text.startsWith("//", i) || text.startsWith("::", i) || text.startsWith("!=", i)
                        || text.startsWith("<=", i) || text.startsWith(">=", i) || text.startsWith("..", i)) {
                    tokens.add(text.substring(i, i + 2));
                    i += 2;
                } else if ("/()[]@,=<>*.|+-$".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (isNameStart(c)) {
                    int start = i;
                    while (i < n && isNameChar(text.charAt(i))) {
                        i++;
                    }
                    // prefix:local or prefix:* (but not axis::)
                    if (i + 1 < n && text.charAt(i) == ':' && text.charAt(i + 1) != ':') {
                        i++;
                        if (i < n && text.charAt(i) == '*') {
                            i++;
                        } else {
                            while (i < n && isNameChar(text.charAt(i))) {
                                i++;
                            }
                        }
                    }
                    tokens.add(text.substring(start, i));
                } else {
                    throw new Unsupported("character " + c);
                }
            }
        }

        private static boolean isNameStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        }

        private String peek() {
            return index < tokens.size() ? tokens.get(index) : null;
        }

        private String peek(int ahead) {
            return index + ahead < tokens.size() ? tokens.get(index + ahead) : null;
        }

        private boolean accept(String token) {
            if (token.equals(peek())) {
                index++;
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw new Unsupported("expected " + token);
            }
        }

        private Expr orExpr() {
            Expr left = andExpr();
            while (accept("or")) {
                left = new Or(left, andExpr());
            }
            return left;
        }

        private Expr andExpr() {
            Expr left = equalityExpr();
            while (accept("and")) {
                left = new And(left, equalityExpr());
            }
            return left;
        }

        private Expr equalityExpr() {
            Expr left = relationalExpr();
            while ("=".equals(peek()) || "!=".equals(peek())) {
                String op = tokens.get(index++);
                Expr l = left;
                Expr r = relationalExpr();
                String attribute = plainAttribute(l);
                if (attribute != null && r instanceof Literal literal) {
                    left = new AttributeEquals(attribute, literal.value(), op.equals("="));
                } else {
                    left = (BoolExpr) ctx -> compare(op, l.eval(ctx), r.eval(ctx));
                }
            }
            return left;
        }

        private Expr relationalExpr() {
            Expr left = additiveExpr();
            while ("<".equals(peek()) || ">".equals(peek()) || "<=".equals(peek()) || ">=".equals(peek())) {
                String op = tokens.get(index++);
                Expr l = left;
                Expr r = additiveExpr();
                left = (BoolExpr) ctx -> compare(op, l.eval(ctx), r.eval(ctx));
            }
            return left;
        }

        private Expr additiveExpr() {
            Expr left = unaryExpr();
            while ("+".equals(peek()) || "-".equals(peek())) {
                boolean plus = tokens.get(index++).equals("+");
                Expr l = left;
                Expr r = unaryExpr();
                left = plus ? ctx -> toNumber(l.eval(ctx)) + toNumber(r.eval(ctx))
                        : ctx -> toNumber(l.eval(ctx)) - toNumber(r.eval(ctx));
            }
            if ("*".equals(peek()) || "div".equals(peek()) || "mod".equals(peek()) || "|".equals(peek())) {
                throw new Unsupported("operator " + peek());
            }
            return left;
        }

        private Expr unaryExpr() {
            if (accept("-")) {
                Expr operand = unaryExpr();
                return ctx -> -toNumber(operand.eval(ctx));
            }
            return pathExpr();
        }

        private Expr pathExpr() {
            String token = peek();
            if (token == null) {
                throw new Unsupported("unexpected end");
            }
            Expr primary = null;
            if (token.startsWith("'") || token.startsWith("\"")) {
                index++;
                return new Literal(token.substring(1, token.length() - 1));
            }
            if (token.startsWith("#")) {
                index++;
                double number = Double.parseDouble(token.substring(1));
                return ctx -> number;
            }
            if (token.equals("$")) {
                throw new Unsupported("variables");
            }
            if (token.equals("(")) {
                index++;
                primary = orExpr();
                expect(")");
            } else if (isName(token) && "(".equals(peek(1)) && !isNodeType(token)) {
                primary = functionCall();
            }
            if (primary != null) {
                if ("[".equals(peek())) {
                    throw new Unsupported("filter predicates");
                }
                if (!"/".equals(peek()) && !"//".equals(peek())) {
                    return primary;
                }
                List<Step> steps = new ArrayList<>();
                relativePath(steps, true);
                return new PathExpr(false, primary, steps);
            }
            List<Step> steps = new ArrayList<>();
            boolean absolute = false;
            if (accept("/")) {
                absolute = true;
                if (canStartStep(peek())) {
                    relativePath(steps, false);
                }
            } else if ("//".equals(peek())) {
                absolute = true;
                relativePath(steps, true);
            } else {
                relativePath(steps, false);
            }
            return new PathExpr(absolute, null, steps);
        }

        /** Steps separated by '/' or '//'; when {@code separatorFirst}, a separator comes first. */
        private void relativePath(List<Step> steps, boolean separatorFirst) {
            boolean needSeparator = separatorFirst;
            while (true) {
                if (needSeparator) {
                    if (accept("//")) {
                        steps.add(new Step(Axis.DESCENDANT_OR_SELF, new Test("node", null, null), List.of()));
                    } else if (!accept("/")) {
                        return;
                    }
                }
                steps.add(step());
                needSeparator = true;
                if (!"/".equals(peek()) && !"//".equals(peek())) {
                    return;
                }
            }
        }

        private boolean canStartStep(String token) {
            return token != null && (token.equals(".") || token.equals("..") || token.equals("@") || token.equals("*")
                    || isName(token));
        }

        private Step step() {
            if (accept(".")) {
                return new Step(Axis.SELF, new Test("node", null, null), List.of());
            }
            if (accept("..")) {
                return new Step(Axis.PARENT, new Test("node", null, null), List.of());
            }
            Axis axis = Axis.CHILD;
            if (accept("@")) {
                axis = Axis.ATTRIBUTE;
            } else if (isName(peek()) && "::".equals(peek(1))) {
                axis = axis(tokens.get(index));
                index += 2;
            }
            Test test = nodeTest();
            List<Predicate> predicates = new ArrayList<>();
            while (accept("[")) {
                int before = positionCalls;
                Expr expr = orExpr();
                predicates.add(new Predicate(expr, positionCalls != before || !(expr instanceof BoolExpr)));
                expect("]");
            }
            return new Step(axis, test, predicates);
        }

        private Axis axis(String name) {
            switch (name) {
                case "child":
                    return Axis.CHILD;
                case "attribute":
                    return Axis.ATTRIBUTE;
                case "self":
                    return Axis.SELF;
                case "parent":
                    return Axis.PARENT;
                case "descendant":
                    return Axis.DESCENDANT;
                case "descendant-or-self":
                    return Axis.DESCENDANT_OR_SELF;
                case "ancestor":
                    return Axis.ANCESTOR;
                case "ancestor-or-self":
                    return Axis.ANCESTOR_OR_SELF;
                case "following-sibling":
                    return Axis.FOLLOWING_SIBLING;
                case "preceding-sibling":
                    return Axis.PRECEDING_SIBLING;
                default:
                    throw new Unsupported("axis " + name);
            }
        }

        private Test nodeTest() {
            String token = peek();
            if (token == null) {
                throw new Unsupported("missing node test");
            }
            index++;
            if (token.equals("*")) {
                return new Test("name", "", null);
            }
            if (!isName(token)) {
                throw new Unsupported("node test " + token);
            }
            if (isNodeType(token) && "(".equals(peek())) {
                index++;
                expect(")");
                return new Test(token, null, null);
            }
            int colon = token.indexOf(':');
            if (colon < 0) {
                return new Test("name", "", token);
            }
            String prefix = token.substring(0, colon);
            String namespace = namespaces.get(prefix);
            if (namespace == null) {
                throw new Unsupported("undeclared prefix " + prefix);
            }
            String local = token.substring(colon + 1);
            return new Test("name", namespace, local.equals("*") ? null : local);
        }

        private static boolean isName(String token) {
            return token != null && isNameStart(token.charAt(0));
        }

        private static boolean isNodeType(String token) {
            return token.equals("node") || token.equals("text") || token.equals("comment");
        }

        /** The attribute name when {@code expr} is {@code @name} with no prefix, else null. */
        private static String plainAttribute(Expr expr) {
            if (expr instanceof PathExpr path && !path.absolute() && path.start() == null && path.steps().size() == 1) {
                Step step = path.steps().get(0);
                if (step.axis() == Axis.ATTRIBUTE && step.predicates().isEmpty() && step.test().kind().equals("name")
                        && step.test().namespace().isEmpty() && step.test().local() != null) {
                    return step.test().local();
                }
            }
            return null;
        }

        private Expr functionCall() {
            String name = tokens.get(index);
            if (name.equals("position") || name.equals("last")) {
                positionCalls++;
            }
            index += 2;
            List<Expr> args = new ArrayList<>();
            if (!accept(")")) {
                do {
                    args.add(orExpr());
                } while (accept(","));
                expect(")");
            }
            return function(name, args);
        }

        private static Expr arg(List<Expr> args, int i) {
            return args.get(i);
        }

        private Expr function(String name, List<Expr> args) {
            int n = args.size();
            switch (name + "/" + n) {
                case "not/1":
                    return (BoolExpr) ctx -> !toBoolean(arg(args, 0).eval(ctx));
                case "true/0":
                    return (BoolExpr) ctx -> Boolean.TRUE;
                case "false/0":
                    return (BoolExpr) ctx -> Boolean.FALSE;
                case "boolean/1":
                    return (BoolExpr) ctx -> toBoolean(arg(args, 0).eval(ctx));
                case "number/1":
                    return ctx -> toNumber(arg(args, 0).eval(ctx));
                case "string/0":
                    return ctx -> stringValue(ctx.node());
                case "string/1":
                    return ctx -> toStr(arg(args, 0).eval(ctx));
                case "position/0":
                    return ctx -> (double) ctx.position();
                case "last/0":
                    return ctx -> (double) ctx.size();
                case "count/1":
                    return ctx -> {
                        Object v = arg(args, 0).eval(ctx);
                        if (!(v instanceof List<?> list)) {
                            throw new IllegalArgumentException("count() needs a node-set");
                        }
                        return (double) list.size();
                    };
                case "contains/2":
                    return (BoolExpr) ctx -> toStr(arg(args, 0).eval(ctx)).contains(toStr(arg(args, 1).eval(ctx)));
                case "starts-with/2":
                    return (BoolExpr) ctx -> toStr(arg(args, 0).eval(ctx)).startsWith(toStr(arg(args, 1).eval(ctx)));
                case "string-length/0":
                    return ctx -> (double) stringValue(ctx.node()).codePointCount(0, stringValue(ctx.node()).length());
                case "string-length/1":
                    return ctx -> {
                        String s = toStr(arg(args, 0).eval(ctx));
                        return (double) s.codePointCount(0, s.length());
                    };
                case "normalize-space/0":
                    return ctx -> normalizeSpace(stringValue(ctx.node()));
                case "normalize-space/1":
                    return ctx -> normalizeSpace(toStr(arg(args, 0).eval(ctx)));
                case "substring-before/2":
                    return ctx -> {
                        String s = toStr(arg(args, 0).eval(ctx));
                        int at = s.indexOf(toStr(arg(args, 1).eval(ctx)));
                        return at < 0 ? "" : s.substring(0, at);
                    };
                case "substring-after/2":
                    return ctx -> {
                        String s = toStr(arg(args, 0).eval(ctx));
                        String t = toStr(arg(args, 1).eval(ctx));
                        int at = s.indexOf(t);
                        return at < 0 ? "" : s.substring(at + t.length());
                    };
                case "translate/3":
                    return ctx -> translate(toStr(arg(args, 0).eval(ctx)), toStr(arg(args, 1).eval(ctx)),
                            toStr(arg(args, 2).eval(ctx)));
                case "local-name/0":
                    return ctx -> localName(ctx.node());
                case "name/0":
                    return ctx -> ctx.node().getNodeType() == Node.DOCUMENT_NODE ? "" : ctx.node().getNodeName();
                default:
                    if (name.equals("concat") && n >= 2) {
                        return ctx -> {
                            StringBuilder out = new StringBuilder();
                            for (Expr a : args) {
                                out.append(toStr(a.eval(ctx)));
                            }
                            return out.toString();
                        };
                    }
                    throw new Unsupported("function " + name);
            }
        }

        private static String localName(Node node) {
            if (node.getNodeType() != Node.ELEMENT_NODE && node.getNodeType() != Node.ATTRIBUTE_NODE) {
                return "";
            }
            return node.getLocalName() == null ? node.getNodeName() : node.getLocalName();
        }

        private static String normalizeSpace(String s) {
            return s.strip().replaceAll("[ \\t\\r\\n]+", " ");
        }

        private static String translate(String s, String from, String to) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                int at = from.indexOf(c);
                if (at < 0) {
                    out.append(c);
                } else if (at < to.length()) {
                    out.append(to.charAt(at));
                }
            }
            return out.toString();
        }
    }
}
