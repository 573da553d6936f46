package dev.stagehand.core.internal.transform.xdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Gives inserted nodes the indentation of the place they land in and closes the gaps that removed
 * nodes leave, following the reference's XmlFormatter: one walk through the document in order keeps
 * the indentation in effect (the last line break seen among the siblings, else one found further on,
 * else the parent's plus one step), and whitespace is only added next to a new node, so an untouched
 * part of the document keeps its text exactly.
 */
final class NewNodeIndenter {

    private static final String DEFAULT_TAB = "\t";

    private final Set<Node> newNodes;
    private final Predicate<Element> selfClosing;
    /** The indentation of each open element, outermost first. */
    private final List<String> indents = new ArrayList<>();
    private String currentIndent;
    private String oneTab;
    private Node current;
    private Node previous;

    /**
     * @param newNodes    the nodes copied from the transform
     * @param selfClosing whether an element is written {@code <a/>} when it has no children
     */
    NewNodeIndenter(Set<Node> newNodes, Predicate<Element> selfClosing) {
        this.newNodes = newNodes;
        this.selfClosing = selfClosing;
    }

    /**
     * @param rootIndent the indentation before the root element, from the text before it
     *                   ({@link #lastIndent(String)})
     */
    void format(Document document, String rootIndent) {
        Element root = document.getDocumentElement();
        if (root == null) {
            return;
        }
        currentIndent = rootIndent;
        setCurrent(root);
        handleElement(root);
    }

    /** The indentation the last line break outside markup of a text sets ("" when there is none). */
    static String lastIndent(String prolog) {
        String indent = "";
        int run = -1;
        int i = 0;
        while (i < prolog.length()) {
            char c = prolog.charAt(i);
            if (c == '<') {
                if (run >= 0) {
                    indent = indentOf(prolog.substring(run, i), indent);
                    run = -1;
                }
                String close = prolog.startsWith("<!--", i) ? "-->" : ">";
                int end = prolog.indexOf(close, i);
                i = end < 0 ? prolog.length() : end + close.length();
                continue;
            }
            if (isXmlSpace(c)) {
                run = run < 0 ? i : run;
            } else {
                run = -1;
            }
            i++;
        }
        return run >= 0 ? indentOf(prolog.substring(run), indent) : indent;
    }

    private static String indentOf(String whitespace, String otherwise) {
        String normalized = whitespace.replace("\r\n", "\n").replace('\r', '\n');
        int at = lastNewline(normalized);
        return at < 0 ? otherwise : normalized.substring(at);
    }

    private void setCurrent(Node node) {
        previous = current;
        current = node;
    }

    private void formatChildren(Node parent) {
        Node child = parent.getFirstChild();
        while (child != null) {
            // Whitespace is only ever added before the child or inside it, so the next sibling stays the next.
            Node next = child.getNextSibling();
            setCurrent(child);
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> handleElement((Element) child);
                case Node.TEXT_NODE -> {
                    if (isWhitespace(child)) {
                        handleWhitespace(child);
                    }
                }
                case Node.COMMENT_NODE -> ensureIndent(child, false);
                default -> {
                    // Processing instructions, CDATA and text keep their place and get no indentation.
                }
            }
            child = next;
        }
    }

    private void handleElement(Element element) {
        ensureIndent(element, false);
        indents.add(currentIndent());
        currentIndent = null;
        moveClosingWhitespaceToEnd(element);
        formatChildren(element);
        setCurrent(element);
        currentIndent = indents.remove(indents.size() - 1);
        if (element.hasChildNodes() || !selfClosing.test(element)) {
            ensureIndent(element, true);
        }
    }

    /** Two whitespace runs in a row mean a node between them was removed; keep the one that breaks the line. */
    private void handleWhitespace(Node whitespace) {
        if (isWhitespace(previous)) {
            Node remove = lastNewline(whitespace.getNodeValue()) < 0 && lastNewline(previous.getNodeValue()) >= 0
                    ? whitespace : previous;
            remove.getParentNode().removeChild(remove);
        }
        int at = lastNewline(whitespace.getNodeValue());
        if (at >= 0) {
            String indent = whitespace.getNodeValue().substring(at);
            if (!indent.equals(currentIndent)) {
                currentIndent = indent;
                oneTab = null;
            }
        }
    }

    private void ensureIndent(Node node, boolean beforeEnd) {
        if (isWhitespace(previous) || isText(previous) || !(isNew(node) || isNew(previous))) {
            return;
        }
        if (beforeEnd) {
            node.appendChild(node.getOwnerDocument().createTextNode(currentIndent()));
        } else if (node.getParentNode().getNodeType() == Node.ELEMENT_NODE) {
            // A DOM document holds no text, so a replaced root element gets no indentation before it.
            node.getParentNode().insertBefore(node.getOwnerDocument().createTextNode(currentIndent()), node);
        }
    }

    /**
     * Elements appended after the whitespace before the end tag go before that whitespace, so the end
     * tag stays on its own line.
     */
    private void moveClosingWhitespaceToEnd(Element element) {
        if (isNew(element)) {
            return;
        }
        Node iter = element.getLastChild();
        if (iter == null || isWhitespace(iter)) {
            return;
        }
        while (iter != null && iter.getNodeType() == Node.ELEMENT_NODE && isNew(iter)) {
            iter = iter.getPreviousSibling();
        }
        if (iter != null && isWhitespace(iter)) {
            element.removeChild(iter);
            element.appendChild(iter);
        }
    }

    private String currentIndent() {
        if (currentIndent == null) {
            String ahead = lookAheadForIndent();
            currentIndent = ahead != null ? ahead : indents.get(indents.size() - 1) + oneTab();
        }
        return currentIndent;
    }

    /** The first line break among the current node's siblings that is not the last child. */
    private String lookAheadForIndent() {
        Node parent = current.getParentNode();
        if (parent == null) {
            return null;
        }
        for (Node sibling = parent.getFirstChild(); sibling != null; sibling = sibling.getNextSibling()) {
            if (isWhitespace(sibling) && sibling.getNextSibling() != null) {
                int at = lastNewline(sibling.getNodeValue());
                if (at >= 0) {
                    return sibling.getNodeValue().substring(at);
                }
            }
        }
        return null;
    }

    /**
     * One step of indentation: what the innermost open element's indentation adds to its parent's,
     * looking further out when one does not extend the other. Unlike the reference, an outer
     * indentation that starts no line (the root of a file without an XML declaration) does not count,
     * as the step would then hold a line break.
     */
    private String oneTab() {
        if (oneTab == null) {
            oneTab = computeOneTab();
        }
        return oneTab;
    }

    private String computeOneTab() {
        for (int i = indents.size() - 1; i > 0; i--) {
            String inner = indents.get(i);
            String outer = indents.get(i - 1);
            if (lastNewline(outer) >= 0 && inner.startsWith(outer)) {
                return inner.substring(outer.length());
            }
        }
        for (String indent : indents) {
            int at = lastNewline(indent);
            if (at >= 0 && at + 1 < indent.length()) {
                return indent.substring(at + 1);
            }
        }
        return DEFAULT_TAB;
    }

    /** As in the reference: a node is new when the element it is in (or is) came from the transform. */
    private boolean isNew(Node node) {
        Node element = node;
        while (element != null && element.getNodeType() != Node.ELEMENT_NODE) {
            element = element.getParentNode();
        }
        return element != null && newNodes.contains(element);
    }

    private static int lastNewline(String whitespace) {
        for (int i = whitespace.length() - 1; i >= 0; i--) {
            char c = whitespace.charAt(i);
            if (c == '\n') {
                return i;
            }
            if (c != ' ' && c != '\t') {
                return -1;
            }
        }
        return -1;
    }

    static boolean isWhitespace(Node node) {
        if (node == null || node.getNodeType() != Node.TEXT_NODE) {
            return false;
        }
        String text = node.getNodeValue();
        for (int i = 0; i < text.length(); i++) {
            if (!isXmlSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isText(Node node) {
        return node != null && node.getNodeType() == Node.TEXT_NODE && !isWhitespace(node);
    }
}
