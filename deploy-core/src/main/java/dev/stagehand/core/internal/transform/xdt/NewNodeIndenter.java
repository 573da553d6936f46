package dev.stagehand.core.internal.transform.xdt;

import java.util.Set;
import org.w3c.dom.Node;

/**
 * Gives inserted nodes the indentation of their new siblings and closes the gaps that removed nodes
 * leave, as the reference's XmlFormatter does. Only parents the transform changed are visited, so
 * an untouched part of the document keeps its text exactly.
 */
final class NewNodeIndenter {

    private static final String DEFAULT_TAB = "\t";

    private final Set<Node> newNodes;

    NewNodeIndenter(Set<Node> newNodes) {
        this.newNodes = newNodes;
    }

    void indent(Set<Node> changedParents) {
        for (Node parent : changedParents) {
            if (parent.getNodeType() == Node.ELEMENT_NODE && parent.getParentNode() != null) {
                format(parent);
            }
        }
    }

    private void format(Node parent) {
        collapseAdjacentWhitespace(parent);
        if (!newNodes.contains(parent)) {
            moveClosingWhitespaceToEnd(parent);
        }
        String indent = null;
        Node previous = null;
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (needsIndent(child, previous)) {
                if (indent == null) {
                    indent = childIndent(parent);
                }
                parent.insertBefore(parent.getOwnerDocument().createTextNode(indent), child);
            }
            if (newNodes.contains(child) && child.getNodeType() == Node.ELEMENT_NODE) {
                format(child);
            }
            previous = child;
        }
        Node last = parent.getLastChild();
        if (last != null && !isWhitespace(last) && !isText(last) && (newNodes.contains(parent) || newNodes.contains(last))) {
            String own = indentBefore(parent);
            parent.appendChild(parent.getOwnerDocument().createTextNode(own == null ? "\n" : own));
        }
    }

    private boolean needsIndent(Node node, Node previous) {
        // As in the reference, only elements and comments are indented; text keeps its place.
        short type = node.getNodeType();
        return (type == Node.ELEMENT_NODE || type == Node.COMMENT_NODE)
                && !isWhitespace(previous) && !isText(previous) && (newNodes.contains(node) || newNodes.contains(previous));
    }

    /** Two whitespace runs in a row mean a node between them was removed; keep the one that breaks the line. */
    private static void collapseAdjacentWhitespace(Node parent) {
        Node child = parent.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            if (next != null && isWhitespace(child) && isWhitespace(next)) {
                Node remove = lastNewline(next.getNodeValue()) < 0 && lastNewline(child.getNodeValue()) >= 0 ? next : child;
                parent.removeChild(remove);
                child = remove == child ? next : child;
            } else {
                child = next;
            }
        }
    }

    /**
     * Elements appended after the whitespace before the end tag go before that whitespace, so the end
     * tag stays on its own line.
     */
    private void moveClosingWhitespaceToEnd(Node parent) {
        Node iter = parent.getLastChild();
        if (iter == null || isWhitespace(iter)) {
            return;
        }
        while (iter != null && iter.getNodeType() == Node.ELEMENT_NODE && newNodes.contains(iter)) {
            iter = iter.getPreviousSibling();
        }
        if (iter != null && isWhitespace(iter)) {
            parent.removeChild(iter);
            parent.appendChild(iter);
        }
    }

    /** The indentation children of {@code parent} use, guessed from existing children or one tab deeper. */
    private String childIndent(Node parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (isWhitespace(child) && child.getNextSibling() != null && !newNodes.contains(child)) {
                int at = lastNewline(child.getNodeValue());
                if (at >= 0) {
                    return child.getNodeValue().substring(at);
                }
            }
        }
        String own = indentBefore(parent);
        String outer = parent.getParentNode() == null ? null : indentBefore(parent.getParentNode());
        String tab = DEFAULT_TAB;
        if (own != null && outer != null && own.startsWith(outer) && own.length() > outer.length()) {
            tab = own.substring(outer.length());
        }
        return (own == null ? "\n" : own) + tab;
    }

    /** The newline and indentation before {@code node}, or null when it does not start a line. */
    private static String indentBefore(Node node) {
        Node previous = node.getPreviousSibling();
        if (previous != null && isWhitespace(previous)) {
            int at = lastNewline(previous.getNodeValue());
            if (at >= 0) {
                return previous.getNodeValue().substring(at);
            }
        }
        return null;
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

    private static boolean isWhitespace(Node node) {
        return node != null && node.getNodeType() == Node.TEXT_NODE && node.getNodeValue().isBlank();
    }

    private static boolean isText(Node node) {
        return node != null && node.getNodeType() == Node.TEXT_NODE && !node.getNodeValue().isBlank();
    }
}
