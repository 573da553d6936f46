package dev.stagehand.core.internal.transform.xdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Writes a transformed document so that whatever the transform did not touch reads as it did in
 * the source: start tags of unchanged elements are copied from the source text (attribute order,
 * quotes, line breaks inside the tag), and so are the prolog and what follows the root element.
 * Elements that are new or whose attributes changed are written from the DOM in their recorded
 * attribute order, with the namespace declarations they need.
 */
final class PreservingXmlWriter {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("\\s([^\\s=/>]+)\\s*=\\s*(?:\"[^\"]*\"|'[^']*')");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\s+)([^\\s=/>]+)(\\s*=\\s*)(\"[^\"]*\"|'[^']*')");

    private final ParsedXml source;
    private final Map<Element, Set<String>> changedValues;
    private final Map<Element, List<String>> attributeOrder;
    private final String newline;
    private final List<String[]> scope = new ArrayList<>();

    /**
     * @param changedValues  per source element whose attributes changed, the attributes set by the transform
     * @param attributeOrder attribute names in writing order, for elements written from the DOM
     */
    PreservingXmlWriter(ParsedXml source, Map<Element, Set<String>> changedValues, Map<Element, List<String>> attributeOrder) {
        this.source = source;
        this.changedValues = changedValues;
        this.attributeOrder = attributeOrder;
        this.newline = source.text().contains("\r\n") ? "\r\n" : "\n";
    }

    /** Attribute names of a start tag as written in the text, in their order. */
    static List<String> attributeNames(String startTag) {
        List<String> names = new ArrayList<>();
        Matcher m = ATTRIBUTE_NAME.matcher(startTag);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    String writeDocument() {
        StringBuilder out = new StringBuilder(source.text().length() + 256);
        out.append(source.prolog());
        Element root = source.document().getDocumentElement();
        if (root != null) {
            writeNode(root, out);
        }
        out.append(source.epilog());
        return out.toString();
    }

    /** One node as XML, for a comment that stands for it. */
    String writeFragment(Node node) {
        StringBuilder out = new StringBuilder();
        scope.clear();
        for (Node a = node.getParentNode(); a != null && a.getNodeType() == Node.ELEMENT_NODE; a = a.getParentNode()) {
            declareFrom((Element) a);
        }
        writeNode(node, out);
        scope.clear();
        return out.toString();
    }

    private void writeNode(Node node, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE:
                writeElement((Element) node, out);
                break;
            case Node.TEXT_NODE:
                escapeText(node.getNodeValue(), out);
                break;
            case Node.CDATA_SECTION_NODE:
                out.append("<![CDATA[").append(node.getNodeValue().replace("]]>", "]]]]><![CDATA[>")).append("]]>");
                break;
            case Node.COMMENT_NODE:
                out.append("<!--").append(lines(node.getNodeValue())).append("-->");
                break;
            case Node.PROCESSING_INSTRUCTION_NODE:
                ProcessingInstruction pi = (ProcessingInstruction) node;
                out.append("<?").append(pi.getTarget());
                if (!pi.getData().isEmpty()) {
                    out.append(' ').append(lines(pi.getData()));
                }
                out.append("?>");
                break;
            default:
                break;
        }
    }

    private void writeElement(Element element, StringBuilder out) {
        int mark = scope.size();
        boolean hasChildren = element.hasChildNodes();
        ParsedXml.TagSpan span = source.tag(element);
        if (span != null) {
            declareFrom(element);
            String tag = source.text().substring(span.start(), span.end());
            Set<String> changed = changedValues.get(element);
            if (changed != null) {
                tag = patchStartTag(element, tag, changed);
            }
            if (span.selfClosing() && hasChildren) {
                out.append(tag.substring(0, tag.length() - 2).stripTrailing()).append('>');
            } else {
                out.append(tag);
            }
            if (span.selfClosing() && !hasChildren) {
                truncate(mark);
                return;
            }
        } else {
            writeStartTag(element, out);
            if (!hasChildren) {
                out.append(" />");
                truncate(mark);
                return;
            }
            out.append('>');
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            writeNode(child, out);
        }
        out.append("</").append(element.getTagName()).append('>');
        truncate(mark);
    }

    /**
     * The source's start tag with the transform's attribute changes made in place: the untouched
     * attributes keep their text and the whitespace before them, new ones follow the last, on a line
     * of their own when the source puts attributes on lines of their own.
     */
    private String patchStartTag(Element element, String tag, Set<String> changed) {
        Matcher m = ATTRIBUTE.matcher(tag);
        StringBuilder out = new StringBuilder(tag.length() + 64);
        int end = 1 + element.getTagName().length();
        out.append(tag, 0, end);
        Set<String> seen = new HashSet<>();
        String separator = " ";
        // A removed attribute hands its leading whitespace to the next one kept, so the tag keeps its shape.
        String freedWhitespace = null;
        while (m.find()) {
            String name = m.group(2);
            seen.add(name);
            if (m.group(1).indexOf('\n') >= 0 || m.group(1).indexOf('\r') >= 0) {
                separator = m.group(1);
            }
            end = m.end();
            Attr attribute = element.getAttributeNode(name);
            if (attribute == null) {
                if (freedWhitespace == null) {
                    freedWhitespace = m.group(1);
                }
                continue;
            }
            String leading = freedWhitespace == null ? m.group(1) : freedWhitespace;
            freedWhitespace = null;
            if (changed.contains(name)) {
                char quote = m.group(4).charAt(0);
                out.append(leading).append(name).append(m.group(3)).append(quote);
                escapeAttribute(attribute.getValue(), out, quote);
                out.append(quote);
            } else {
                out.append(leading).append(m.group(0), m.group(1).length(), m.group(0).length());
            }
        }
        List<String> order = attributeOrder.getOrDefault(element, List.of());
        for (String name : order) {
            Attr attribute = element.getAttributeNode(name);
            if (attribute != null && seen.add(name)) {
                out.append(separator).append(name).append("=\"");
                escapeAttribute(attribute.getValue(), out, '"');
                out.append('"');
            }
        }
        out.append(tag, end, tag.length());
        return out.toString();
    }

    private void writeStartTag(Element element, StringBuilder out) {
        out.append('<').append(element.getTagName());
        NamedNodeMap attributes = element.getAttributes();
        Set<String> written = new HashSet<>();
        List<String> order = attributeOrder.get(element);
        if (order != null) {
            for (String name : order) {
                Attr attribute = element.getAttributeNode(name);
                if (attribute != null && written.add(name)) {
                    writeAttribute(attribute, out);
                }
            }
        }
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (written.add(attribute.getName())) {
                writeAttribute(attribute, out);
            }
        }
        // Declarations that the element or its attributes need but nothing in scope provides.
        ensureDeclared(element.getPrefix(), element.getNamespaceURI(), true, out);
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (attribute.getPrefix() != null && !isNamespaceDeclaration(attribute)) {
                ensureDeclared(attribute.getPrefix(), attribute.getNamespaceURI(), false, out);
            }
        }
    }

    private void writeAttribute(Attr attribute, StringBuilder out) {
        if (isNamespaceDeclaration(attribute)) {
            String prefix = attribute.getPrefix() == null ? "" : attribute.getLocalName();
            if (attribute.getValue().equals(lookup(prefix))) {
                return;
            }
            scope.add(new String[] {prefix, attribute.getValue()});
        }
        out.append(' ').append(attribute.getName()).append("=\"");
        escapeAttribute(attribute.getValue(), out, '"');
        out.append('"');
    }

    private void ensureDeclared(String prefix, String namespace, boolean element, StringBuilder out) {
        String p = prefix == null ? "" : prefix;
        String uri = namespace == null ? "" : namespace;
        if (p.equals("xml") || (!element && p.isEmpty()) || uri.equals(lookup(p))) {
            return;
        }
        scope.add(new String[] {p, uri});
        out.append(' ').append(p.isEmpty() ? "xmlns" : "xmlns:" + p).append("=\"");
        escapeAttribute(uri, out, '"');
        out.append('"');
    }

    private void declareFrom(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (isNamespaceDeclaration(attribute)) {
                scope.add(new String[] {attribute.getPrefix() == null ? "" : attribute.getLocalName(), attribute.getValue()});
            }
        }
    }

    private String lookup(String prefix) {
        for (int i = scope.size() - 1; i >= 0; i--) {
            if (scope.get(i)[0].equals(prefix)) {
                return scope.get(i)[1];
            }
        }
        return prefix.isEmpty() ? "" : null;
    }

    private void truncate(int size) {
        while (scope.size() > size) {
            scope.remove(scope.size() - 1);
        }
    }

    static boolean isNamespaceDeclaration(Attr attribute) {
        return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI());
    }

    private String lines(String text) {
        return newline.equals("\n") ? text : text.replace("\n", newline);
    }

    private void escapeText(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\n' -> out.append(newline);
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
    }

    private static void escapeAttribute(String text, StringBuilder out, char quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(quote == '"' ? "&quot;" : "\"");
                case '\'' -> out.append(quote == '\'' ? "&apos;" : "'");
                case '\n' -> out.append("&#xA;");
                case '\r' -> out.append("&#xD;");
                case '\t' -> out.append("&#x9;");
                default -> out.append(c);
            }
        }
    }
}
