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
 * Elements copied from the transform keep the start tag the transform file gave them, without the
 * xdt attributes, with the namespace declarations they need and with continuation lines moved to
 * where the element now starts. As in the reference's writer, a {@code >} in an attribute value is
 * written {@code &gt;}; everything else in a copied tag keeps the form its file gave it.
 */
final class PreservingXmlWriter {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("\\s([^\\s=/>]+)\\s*=\\s*(?:\"[^\"]*\"|'[^']*')");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\s+)([^\\s=/>]+)(\\s*=\\s*)(\"[^\"]*\"|'[^']*')");

    private final ParsedXml source;
    private final ParsedXml transform;
    private final Map<Element, Element> copiedFrom;
    private final Map<Element, Set<String>> changedValues;
    private final Map<Element, List<String>> attributeOrder;
    private final String newline;
    private final List<String[]> scope = new ArrayList<>();

    /**
     * @param transform      the transform file, whose tags copied elements keep
     * @param copiedFrom     per element copied from the transform, the transform element it came from
     * @param changedValues  per element whose attributes changed, the attributes set by the transform
     * @param attributeOrder attribute names in writing order, for attributes the text does not hold
     */
    PreservingXmlWriter(ParsedXml source, ParsedXml transform, Map<Element, Element> copiedFrom,
            Map<Element, Set<String>> changedValues, Map<Element, List<String>> attributeOrder) {
        this.source = source;
        this.transform = transform;
        this.copiedFrom = copiedFrom;
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
        Element original = copiedFrom.get(element);
        ParsedXml origin = original == null ? source : transform;
        ParsedXml.TagSpan span = origin.tag(original == null ? element : original);
        if (span != null) {
            declareFrom(element);
            String tag = origin.text().substring(span.start(), span.end());
            Set<String> changed = changedValues.get(element);
            if (original != null) {
                tag = copiedStartTag(element, tag, changed == null ? Set.of() : changed, indentInText(transform.text(), span.start()));
            } else if (changed != null) {
                tag = patchStartTag(element, tag, changed, null, null, false);
            }
            tag = escapeGreaterThan(tag);
            if (span.selfClosing() && hasChildren) {
                // As the reference writes it: the whitespace before "/>" stays before ">".
                out.append(tag, 0, tag.length() - 2).append('>');
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
                out.append("/>");
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
     * The start tag of an element copied from the transform: its own text there, patched as a changed
     * source tag is, with the line breaks of the target and continuation lines that keep their
     * offset from the element's new indentation.
     */
    private String copiedStartTag(Element element, String tag, Set<String> changed, String oldIndent) {
        String text = tag.indexOf('\r') >= 0 ? tag.replace("\r\n", "\n").replace('\r', '\n') : tag;
        String newIndent = null;
        Node before = element.getPreviousSibling();
        if (before != null && before.getNodeType() == Node.TEXT_NODE) {
            int at = before.getNodeValue().lastIndexOf('\n');
            String indent = at < 0 ? null : before.getNodeValue().substring(at + 1);
            newIndent = indent != null && indent.isBlank() ? indent : null;
        }
        String patched = patchStartTag(element, text, changed, oldIndent, newIndent, true);
        return newline.equals("\n") ? patched : patched.replace("\n", newline);
    }

    /** The spaces and tabs between the line break before an offset and the offset, or null if the line holds more. */
    private static String indentInText(String text, int offset) {
        int i = offset;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        return i == 0 || text.charAt(i - 1) == '\n' || text.charAt(i - 1) == '\r' ? text.substring(i, offset) : null;
    }

    /** Whitespace that ends a line and then indents by {@code from} or more, moved to indent by {@code to} instead. */
    private static String reindent(String whitespace, String from, String to) {
        int at = whitespace.lastIndexOf('\n');
        if (from == null || to == null || at < 0 || !whitespace.startsWith(from, at + 1)) {
            return whitespace;
        }
        return whitespace.substring(0, at + 1) + to + whitespace.substring(at + 1 + from.length());
    }

    /**
     * The start tag with the DOM's attribute changes made in place: the untouched attributes keep
     * their text and the whitespace before them, new ones follow the last, on a line of their own
     * when the tag puts attributes on lines of their own. Whitespace of removed attributes is dropped
     * as the reference's writer does: what the first attribute had is kept, and so is a line break.
     */
    private String patchStartTag(Element element, String tag, Set<String> changed, String oldIndent, String newIndent,
            boolean declare) {
        Matcher m = ATTRIBUTE.matcher(tag);
        StringBuilder out = new StringBuilder(tag.length() + 64);
        int end = 1 + element.getTagName().length();
        out.append(tag, 0, end);
        Set<String> seen = new HashSet<>();
        String separator = " ";
        boolean first = true;
        String freedWhitespace = null;
        while (m.find()) {
            String name = m.group(2);
            seen.add(name);
            String leading = m.group(1);
            if (hasLineBreak(leading)) {
                separator = leading;
            }
            end = m.end();
            Attr attribute = element.getAttributeNode(name);
            if (attribute == null) {
                if (first ? freedWhitespace == null : hasLineBreak(leading)) {
                    freedWhitespace = leading;
                }
                continue;
            }
            if (freedWhitespace != null) {
                if (first || !hasLineBreak(leading)) {
                    leading = freedWhitespace;
                }
                freedWhitespace = null;
            }
            first = false;
            leading = reindent(leading, oldIndent, newIndent);
            if (changed.contains(name)) {
                char quote = m.group(4).charAt(0);
                out.append(leading).append(name).append(m.group(3)).append(quote);
                escapeAttribute(attribute.getValue(), out, quote);
                out.append(quote);
            } else {
                out.append(leading).append(m.group(0), m.group(1).length(), m.group(0).length());
            }
        }
        int written = out.length();
        separator = reindent(separator, oldIndent, newIndent);
        List<String> order = attributeOrder.getOrDefault(element, List.of());
        for (String name : order) {
            Attr attribute = element.getAttributeNode(name);
            if (attribute != null && seen.add(name)) {
                out.append(separator).append(name).append("=\"");
                escapeAttribute(attribute.getValue(), out, '"');
                out.append('"');
            }
        }
        if (declare) {
            declareWhatIsMissing(element, out);
        }
        String rest = tag.substring(end);
        if (out.length() == written && element.getAttributes().getLength() == 0 && !seen.isEmpty()) {
            // As the reference: a tag that lost all its attributes loses the whitespace before its end too.
            rest = rest.stripLeading();
        } else if (!rest.isEmpty() && Character.isWhitespace(rest.charAt(0))) {
            int ws = 0;
            while (ws < rest.length() && Character.isWhitespace(rest.charAt(ws))) {
                ws++;
            }
            rest = reindent(rest.substring(0, ws), oldIndent, newIndent) + rest.substring(ws);
        }
        out.append(rest);
        return out.toString();
    }

    private static boolean hasLineBreak(String whitespace) {
        return whitespace.indexOf('\n') >= 0 || whitespace.indexOf('\r') >= 0;
    }

    /**
     * A start tag's text with each {@code >} inside an attribute value written {@code &gt;}, whether
     * the text had it literally or as a character reference.
     */
    static String escapeGreaterThan(String tag) {
        if (tag.indexOf('>') == tag.length() - 1 && tag.indexOf("&#") < 0) {
            return tag;
        }
        StringBuilder out = new StringBuilder(tag.length() + 8);
        char quote = 0;
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (quote == 0) {
                if (c == '"' || c == '\'') {
                    quote = c;
                }
            } else if (c == quote) {
                quote = 0;
            } else if (c == '>') {
                out.append("&gt;");
                continue;
            } else if (c == '&' && tag.startsWith("&#", i)) {
                int semicolon = tag.indexOf(';', i);
                if (semicolon > 0 && isGreaterThanReference(tag.substring(i + 2, semicolon))) {
                    out.append("&gt;");
                    i = semicolon;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isGreaterThanReference(String number) {
        try {
            return number.startsWith("x") ? Integer.parseInt(number.substring(1), 16) == '>' : Integer.parseInt(number) == '>';
        } catch (NumberFormatException e) {
            return false;
        }
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
        declareWhatIsMissing(element, out);
    }

    /** Declarations that the element or its attributes need but nothing in scope provides. */
    private void declareWhatIsMissing(Element element, StringBuilder out) {
        ensureDeclared(element.getPrefix(), element.getNamespaceURI(), true, out);
        NamedNodeMap attributes = element.getAttributes();
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
