package dev.stagehand.core.internal.transform.xdt;

import dev.stagehand.api.io.TextEncoding;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.core.transform.TransformException;
import dev.stagehand.core.transform.TransformResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Applies one XDT file to one XML document, the way Microsoft.Web.XmlTransform does: the transform
 * file is walked in document order; each element stands for the target elements its locator path
 * selects, and its {@code xdt:Transform} (if any) runs before its children are looked at.
 */
public final class XdtTransformer {

    public static final String NAMESPACE = "http://schemas.microsoft.com/XML-Document-Transform";

    private static final Logger LOG = LoggerFactory.getLogger(XdtTransformer.class);
    private static final Pattern NAME_AND_ARGUMENTS = Pattern.compile("\\A\\s*(\\w+)(?:\\s*\\((.*)\\))?\\s*\\z", Pattern.DOTALL);
    private static final String DEFAULT_NAMESPACE_PREFIX = "_defaultNamespace";

    private final String transformName;
    private final ParsedXml transform;
    private final ParsedXml target;
    private final Document document;
    private final List<Problem> warnings = new ArrayList<>();
    private final Map<Element, Set<String>> changedValues = new IdentityHashMap<>();
    private final Map<Element, List<String>> attributeOrder = new IdentityHashMap<>();
    private final Set<Node> newNodes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> changedParents = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Each element copied from the transform file, to the transform element it came from. */
    private final Map<Element, Element> copiedFrom = new IdentityHashMap<>();

    private XdtTransformer(String transformName, ParsedXml transform, ParsedXml target) {
        this.transformName = transformName;
        this.transform = transform;
        this.target = target;
        this.document = target.document();
    }

    /** See {@link dev.stagehand.core.transform.XmlDocumentTransform#apply(String, String, String)}. */
    public static TransformResult apply(String sourceXml, String transformXml, String transformName) {
        ParsedXml transform;
        try {
            transform = SecureXmlReader.read(TextEncoding.withoutBom(transformXml));
        } catch (SecureXmlReader.ReadException e) {
            throw new TransformException("the transform cannot be read: " + e.getMessage(),
                    Location.ofFile(transformName, e.line(), e.column()), e);
        }
        String bom = sourceXml.startsWith("\uFEFF") ? "\uFEFF" : "";
        ParsedXml target;
        try {
            target = SecureXmlReader.read(TextEncoding.withoutBom(sourceXml));
        } catch (SecureXmlReader.ReadException e) {
            String where = e.line() > 0 ? " (line " + e.line() + ", column " + e.column() + ")" : "";
            throw new TransformException("the document to transform cannot be read" + where + ": " + e.getMessage(),
                    Location.ofFile(transformName), e);
        }
        XdtTransformer transformer = new XdtTransformer(transformName, transform, target);
        Element root = transform.document().getDocumentElement();
        if (root != null && target.document().getDocumentElement() != null) {
            transformer.walk(new Context(transformer, null, root));
            if (!transformer.changedParents.isEmpty()) {
                new NewNodeIndenter(transformer.newNodes, transformer::writtenSelfClosing)
                        .format(target.document(), NewNodeIndenter.lastIndent(target.prolog()));
            }
        }
        String output = transformer.writer().writeDocument();
        return new TransformResult(bom + output, transformer.warnings);
    }

    private void walk(Context context) {
        Attr transformAttribute = context.element.getAttributeNodeNS(NAMESPACE, "Transform");
        if (transformAttribute != null) {
            execute(context, transformAttribute.getValue());
        }
        for (Node child = context.element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                walk(new Context(this, context, (Element) child));
            }
        }
    }

    // ---------------------------------------------------------------- transforms

    private enum Kind {
        REPLACE("Replace", false, false, false),
        REMOVE("Remove", false, false, false),
        REMOVE_ALL("RemoveAll", true, false, false),
        INSERT("Insert", false, true, true),
        INSERT_IF_MISSING("InsertIfMissing", false, true, true),
        INSERT_BEFORE("InsertBefore", false, true, true),
        INSERT_AFTER("InsertAfter", false, true, true),
        SET_ATTRIBUTES("SetAttributes", true, false, false),
        REMOVE_ATTRIBUTES("RemoveAttributes", true, false, false),
        COMMENT_OUT("CommentOut", false, false, false);

        final String xdtName;
        final boolean allTargets;
        final boolean parentIsTarget;
        final boolean missingTargetIsError;

        Kind(String xdtName, boolean allTargets, boolean parentIsTarget, boolean missingTargetIsError) {
            this.xdtName = xdtName;
            this.allTargets = allTargets;
            this.parentIsTarget = parentIsTarget;
            this.missingTargetIsError = missingTargetIsError;
        }

        static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.xdtName.equals(name)) {
                    return kind;
                }
            }
            return null;
        }

        static String known() {
            StringBuilder out = new StringBuilder();
            for (Kind kind : values()) {
                out.append(out.length() == 0 ? "" : ", ").append(kind.xdtName);
            }
            return out.toString();
        }
    }

    private void execute(Context context, String value) {
        String[] parsed = parseNameAndArguments(context, value, "Transform");
        Kind kind = Kind.named(parsed[0]);
        if (kind == null) {
            throw error(context, "unknown transform '" + parsed[0] + "' in xdt:Transform; known transforms: " + Kind.known());
        }
        List<String> arguments = parsed[1] == null ? List.of() : XdtArguments.split(parsed[1]);
        if (!arguments.isEmpty() && (kind == Kind.REPLACE || kind == Kind.REMOVE || kind == Kind.REMOVE_ALL
                || kind == Kind.INSERT || kind == Kind.INSERT_IF_MISSING || kind == Kind.COMMENT_OUT)) {
            warn(context, "the '" + kind.xdtName + "' transform does not expect arguments; '" + parsed[1] + "' is ignored");
        }
        List<Node> targets = kind.parentIsTarget ? context.targetParents() : context.targets();
        if (targets.isEmpty()) {
            missingTarget(context, kind);
            return;
        }
        if (kind.allTargets) {
            for (Node node : targets) {
                applyOnce(context, kind, arguments, asElement(context, node));
            }
        } else {
            if (targets.size() > 1 && (kind == Kind.REPLACE || kind == Kind.REMOVE || kind == Kind.COMMENT_OUT)) {
                warn(context, "found " + targets.size() + " target elements for '" + context.xpath()
                        + "', but the '" + kind.xdtName + "' transform only applies to the first match");
            }
            applyOnce(context, kind, arguments, asElement(context, targets.get(0)));
        }
    }

    private void missingTarget(Context context, Kind kind) {
        Context failed = context;
        if (kind.parentIsTarget) {
            if (context.parent == null) {
                throw error(context, "the '" + kind.xdtName + "' transform cannot be used on the root element");
            }
            failed = context.parent;
        }
        while (failed.parent != null && failed.parent.targets().isEmpty()) {
            failed = failed.parent;
        }
        String message = "no element in the source document matches '" + failed.xpath() + "'";
        if (kind.missingTargetIsError) {
            throw error(context, message + ", so the '" + kind.xdtName + "' transform has nothing to insert into");
        }
        warn(context, message + "; the '" + kind.xdtName + "' transform is skipped");
    }

    private Element asElement(Context context, Node node) {
        if (node instanceof Element element) {
            return element;
        }
        throw error(context, "'" + context.xpath() + "' selects a " + node.getNodeName() + " node, not an element");
    }

    private void applyOnce(Context context, Kind kind, List<String> arguments, Element targetNode) {
        switch (kind) {
            case REPLACE -> {
                Node parent = targetNode.getParentNode();
                Element replacement = context.copyForTarget();
                parent.replaceChild(replacement, targetNode);
                changedParents.add(parent);
            }
            case REMOVE, REMOVE_ALL -> {
                Node parent = targetNode.getParentNode();
                parent.removeChild(targetNode);
                changedParents.add(parent);
            }
            case INSERT -> insert(targetNode, context.copyForTarget(), null);
            case INSERT_IF_MISSING -> {
                if (context.targets().isEmpty()) {
                    insert(targetNode, context.copyForTarget(), null);
                }
            }
            case INSERT_BEFORE, INSERT_AFTER -> {
                Element sibling = sibling(context, kind, arguments, targetNode);
                Node before = kind == Kind.INSERT_BEFORE ? sibling : sibling.getNextSibling();
                insert((Element) sibling.getParentNode(), context.copyForTarget(), before);
            }
            case SET_ATTRIBUTES -> setAttributes(context, arguments, targetNode);
            case REMOVE_ATTRIBUTES -> removeAttributes(context, arguments, targetNode);
            case COMMENT_OUT -> {
                Node parent = targetNode.getParentNode();
                if (parent == null || parent.getNodeType() != Node.ELEMENT_NODE) {
                    throw error(context, "the root element cannot be commented out");
                }
                String xml = writer().writeFragment(targetNode);
                // "--" may not appear inside a comment; keep the result well-formed.
                Node comment = document.createComment(" " + xml.replace("--", "- -") + " ");
                parent.replaceChild(comment, targetNode);
                changedParents.add(parent);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        LOG.debug("{} applied {} to '{}'", transformName, kind.xdtName, context.xpath());
    }

    private PreservingXmlWriter writer() {
        return new PreservingXmlWriter(target, transform, copiedFrom, changedValues, attributeOrder);
    }

    /** Whether the element's start tag, in the target or in the transform it was copied from, is {@code <a/>}. */
    private boolean writtenSelfClosing(Element element) {
        Element original = copiedFrom.get(element);
        ParsedXml.TagSpan span = original == null ? target.tag(element) : transform.tag(original);
        return span == null || span.selfClosing();
    }

    private void insert(Element parent, Element element, Node before) {
        parent.insertBefore(element, before);
        changedParents.add(parent);
    }

    private Element sibling(Context context, Kind kind, List<String> arguments, Element parent) {
        if (arguments.size() != 1) {
            throw error(context, "the '" + kind.xdtName + "' transform needs exactly one argument, an XPath to a sibling element");
        }
        List<Node> siblings = select(context, context.compile(arguments.get(0)), parent);
        if (siblings.isEmpty()) {
            throw error(context, "the XPath '" + arguments.get(0) + "' of '" + kind.xdtName + "' matches no element");
        }
        if (!(siblings.get(0) instanceof Element sibling) || sibling.getParentNode() == null
                || sibling.getParentNode().getNodeType() != Node.ELEMENT_NODE) {
            throw error(context, "the XPath '" + arguments.get(0) + "' of '" + kind.xdtName + "' must select an element below the root");
        }
        return sibling;
    }

    private void setAttributes(Context context, List<String> arguments, Element targetNode) {
        Element source = context.element;
        List<Attr> chosen = new ArrayList<>();
        for (String name : context.attributeNames()) {
            Attr attribute = source.getAttributeNode(name);
            if (!isTransformSyntax(attribute) && (arguments.isEmpty() || arguments.contains(name))) {
                chosen.add(attribute);
            }
        }
        for (String argument : arguments) {
            if (source.getAttributeNode(argument) == null) {
                warn(context, "'" + argument + "' names no attribute of the transform element; nothing to set for it");
            }
        }
        if (chosen.isEmpty()) {
            warn(context, "no attributes found to set");
            return;
        }
        List<String> order = startChanging(targetNode);
        Set<String> changed = changedValues.get(targetNode);
        for (Attr attribute : chosen) {
            if (!targetNode.hasAttribute(attribute.getName())) {
                order.add(attribute.getName());
            }
            changed.add(attribute.getName());
            if (attribute.getNamespaceURI() == null) {
                targetNode.setAttribute(attribute.getName(), attribute.getValue());
            } else {
                targetNode.setAttributeNS(attribute.getNamespaceURI(), attribute.getName(), attribute.getValue());
            }
        }
    }

    private void removeAttributes(Context context, List<String> arguments, Element targetNode) {
        List<String> names = new ArrayList<>();
        if (arguments.isEmpty()) {
            NamedNodeMap attributes = targetNode.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                if (!PreservingXmlWriter.isNamespaceDeclaration(attribute)) {
                    names.add(attribute.getName());
                }
            }
        } else {
            for (String argument : arguments) {
                if (targetNode.hasAttribute(argument)) {
                    names.add(argument);
                } else {
                    warn(context, "'" + argument + "' names no attribute of the target element; nothing to remove for it");
                }
            }
        }
        if (names.isEmpty()) {
            warn(context, "no attributes found to remove");
            return;
        }
        startChanging(targetNode);
        for (String name : names) {
            targetNode.removeAttribute(name);
        }
    }

    /** Marks the element's attributes as changed; returns its attribute order, for new attributes to extend. */
    private List<String> startChanging(Element element) {
        List<String> order = attributeOrder.get(element);
        if (order == null) {
            ParsedXml.TagSpan span = target.tag(element);
            order = span == null ? new ArrayList<>()
                    : PreservingXmlWriter.attributeNames(target.text().substring(span.start(), span.end()));
            attributeOrder.put(element, order);
        }
        changedValues.computeIfAbsent(element, e -> new HashSet<>());
        return order;
    }

    private static boolean isTransformSyntax(Attr attribute) {
        return NAMESPACE.equals(attribute.getNamespaceURI()) || PreservingXmlWriter.isNamespaceDeclaration(attribute);
    }

    // ---------------------------------------------------------------- helpers

    private List<Node> select(Context context, XPathQuery query, Node from) {
        try {
            return query.select(from);
        } catch (XPathQuery.InvalidException e) {
            throw error(context, e.getMessage());
        }
    }

    private String[] parseNameAndArguments(Context context, String value, String attribute) {
        Matcher m = NAME_AND_ARGUMENTS.matcher(value);
        if (!m.matches()) {
            throw error(context, "xdt:" + attribute + "=\"" + value + "\" is not of the form Name or Name(arguments)");
        }
        String arguments = m.group(2);
        return new String[] {m.group(1), arguments == null || arguments.isEmpty() ? null : arguments};
    }

    private TransformException error(Context context, String message) {
        return new TransformException(message, context.location());
    }

    private void warn(Context context, String message) {
        LOG.debug("{}: warning: {}", context.location(), message);
        warnings.add(Problem.warning(message, context.location()));
    }

    /** One element of the transform file: where its path points in the target, lazily worked out. */
    private static final class Context {
        private final XdtTransformer owner;
        private final Context parent;
        private final Element element;
        private Map<String, String> namespaces;
        private String xpath;
        private String parentXPath;
        private XPathQuery query;
        private List<XPathQuery.AttributeEquals> matchAttributes;
        private List<Node> targets;
        private List<Node> targetParents;

        Context(XdtTransformer owner, Context parent, Element element) {
            this.owner = owner;
            this.parent = parent;
            this.element = element;
        }

        Location location() {
            ParsedXml.TagSpan span = owner.transform.tag(element);
            if (span == null) {
                return Location.ofFile(owner.transformName);
            }
            return Location.ofFile(owner.transformName, owner.transform.line(span.start()), owner.transform.column(span.start()));
        }

        /** Prefixes in scope at this element; the default namespace is reachable as {@code _defaultNamespace}. */
        Map<String, String> namespaces() {
            if (namespaces == null) {
                Map<String, String> map = parent == null ? new HashMap<>() : new HashMap<>(parent.namespaces());
                NamedNodeMap attributes = element.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr attribute = (Attr) attributes.item(i);
                    if (PreservingXmlWriter.isNamespaceDeclaration(attribute)) {
                        String prefix = attribute.getPrefix() == null ? DEFAULT_NAMESPACE_PREFIX : attribute.getLocalName();
                        map.put(prefix, attribute.getValue());
                    }
                }
                map.put(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI);
                namespaces = map;
            }
            return namespaces;
        }

        XPathQuery compile(String text) {
            try {
                return XPathQuery.compile(text, namespaces());
            } catch (XPathQuery.InvalidException e) {
                throw owner.error(this, e.getMessage());
            }
        }

        String xpath() {
            if (xpath == null) {
                buildPaths();
            }
            return xpath;
        }

        String parentXPath() {
            if (xpath == null) {
                buildPaths();
            }
            return parentXPath;
        }

        List<Node> targets() {
            if (targets == null) {
                targets = evaluate();
            }
            return targets;
        }

        List<Node> targetParents() {
            if (targetParents == null) {
                String path = parentXPath();
                targetParents = path.equals(parent.xpath()) ? parent.freshTargets()
                        : owner.select(this, compile(path), owner.document);
            }
            return targetParents;
        }

        /** The parent's matches as the document is now, not as they were when the parent ran. */
        private List<Node> freshTargets() {
            return evaluate();
        }

        private List<Node> evaluate() {
            if (xpath == null) {
                buildPaths();
            }
            if (matchAttributes != null) {
                return matchAmongChildren(parent.freshTargets());
            }
            if (query == null) {
                query = compile(xpath);
            }
            return owner.select(this, query, owner.document);
        }

        /**
         * What {@code parent/name[@a='x' and @b='y']} selects, found by comparing attributes directly:
         * a Match locator, or a Condition of that shape, among thousands of siblings would otherwise
         * cost a full XPath predicate evaluation per sibling, most of the time of a large transform.
         */
        private List<Node> matchAmongChildren(List<Node> parents) {
            String namespace = element.getNamespaceURI();
            String localName = element.getLocalName();
            List<Node> matches = new ArrayList<>();
            for (Node parentNode : parents) {
                for (Node child = parentNode.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child.getNodeType() == Node.ELEMENT_NODE && localName.equals(child.getLocalName())
                            && Objects.equals(namespace, child.getNamespaceURI()) && hasMatchAttributes((Element) child)) {
                        matches.add(child);
                    }
                }
            }
            return matches;
        }

        private boolean hasMatchAttributes(Element candidate) {
            for (XPathQuery.AttributeEquals wanted : matchAttributes) {
                Attr attribute = candidate.getAttributeNode(wanted.name());
                if (attribute == null || attribute.getNamespaceURI() != null || !attribute.getValue().equals(wanted.value())) {
                    return false;
                }
            }
            return true;
        }

        private String nodeTest() {
            if (element.getNamespaceURI() != null && element.getPrefix() == null) {
                return DEFAULT_NAMESPACE_PREFIX + ":" + element.getLocalName();
            }
            return element.getTagName();
        }

        private void buildPaths() {
            String base = parent == null ? "" : parent.xpath();
            Attr locator = element.getAttributeNodeNS(NAMESPACE, "Locator");
            if (locator == null) {
                xpath = appendStep(base, nodeTest(), null);
                parentXPath = base;
                return;
            }
            String[] parsed = owner.parseNameAndArguments(this, locator.getValue(), "Locator");
            List<String> arguments = parsed[1] == null ? List.of() : XdtArguments.split(parsed[1]);
            switch (parsed[0]) {
                case "Condition" -> {
                    exactlyOne(parsed[0], arguments);
                    xpath = appendStep(base, nodeTest(), arguments.get(0));
                    parentXPath = base;
                    List<XPathQuery.AttributeEquals> comparisons = XPathQuery.attributeEqualities(arguments.get(0));
                    matchAttributes = comparisons == null ? null : directMatch(comparisons);
                }
                case "Match" -> {
                    if (arguments.isEmpty()) {
                        throw owner.error(this, "the 'Match' locator needs at least one attribute name");
                    }
                    StringBuilder predicate = new StringBuilder();
                    for (String name : arguments) {
                        Attr attribute = element.getAttributeNode(name);
                        if (attribute == null) {
                            throw owner.error(this, "the 'Match' locator names attribute '" + name
                                    + "', which the transform element does not have");
                        }
                        predicate.append(predicate.length() == 0 ? "" : " and ")
                                .append('@').append(name).append('=').append(literal(attribute.getValue()));
                    }
                    xpath = appendStep(base, nodeTest(), predicate.toString());
                    parentXPath = base;
                    List<XPathQuery.AttributeEquals> comparisons = new ArrayList<>();
                    for (String name : arguments) {
                        comparisons.add(new XPathQuery.AttributeEquals(name, element.getAttributeNode(name).getValue()));
                    }
                    matchAttributes = directMatch(comparisons);
                }
                case "XPath" -> {
                    exactlyOne(parsed[0], arguments);
                    String path = arguments.get(0);
                    if (!path.startsWith("/")) {
                        path = (appendStep(appendStep(base, nodeTest(), null), path, null)).replace("/./", "/");
                    }
                    xpath = path;
                    // As in the reference, an XPath locator also stands for the parent of what it inserts.
                    parentXPath = path;
                }
                default -> throw owner.error(this, "unknown locator '" + parsed[0]
                        + "' in xdt:Locator; known locators: Condition, Match, XPath");
            }
        }

        /**
         * The attributes to compare when the match can be found without XPath: below the root, with
         * names that need no namespace prefix resolved. Otherwise null, and the XPath is evaluated.
         */
        private List<XPathQuery.AttributeEquals> directMatch(List<XPathQuery.AttributeEquals> comparisons) {
            if (parent == null || element.getLocalName() == null) {
                return null;
            }
            for (XPathQuery.AttributeEquals comparison : comparisons) {
                if (comparison.name().indexOf(':') >= 0) {
                    return null;
                }
            }
            return comparisons;
        }

        private void exactlyOne(String locator, List<String> arguments) {
            if (arguments.size() != 1) {
                throw owner.error(this, "the '" + locator + "' locator needs exactly one argument, found " + arguments.size());
            }
        }

        private static String appendStep(String base, String step, String predicate) {
            StringBuilder out = new StringBuilder(base);
            if (!base.endsWith("/")) {
                out.append('/');
            }
            out.append(step);
            if (predicate != null && !predicate.isEmpty()) {
                out.append(predicate.startsWith("[") ? "" : "[").append(predicate).append(predicate.endsWith("]") ? "" : "]");
            }
            return out.toString();
        }

        private static String literal(String value) {
            if (!value.contains("'")) {
                return "'" + value + "'";
            }
            if (!value.contains("\"")) {
                return "\"" + value + "\"";
            }
            return "concat('" + value.replace("'", "', \"'\", '") + "')";
        }

        /** Attribute names of this element in the order the transform file wrote them. */
        List<String> attributeNames() {
            ParsedXml.TagSpan span = owner.transform.tag(element);
            Set<String> names = new LinkedHashSet<>();
            if (span != null) {
                names.addAll(PreservingXmlWriter.attributeNames(owner.transform.text().substring(span.start(), span.end())));
            }
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                names.add(attributes.item(i).getNodeName());
            }
            names.removeIf(name -> element.getAttributeNode(name) == null);
            return new ArrayList<>(names);
        }

        /** A copy of this element for the target document, without any trace of the transform syntax. */
        Element copyForTarget() {
            return (Element) owner.copy(element);
        }
    }

    /**
     * A copy of a transform node for the target. As in the reference, which reads the transform file
     * without preserving whitespace, text that is only whitespace is left out (unless xml:space says
     * to keep it): the formatter indents the copy as the target is indented where it lands.
     */
    private Node copy(Node node) {
        return copy(node, preservesSpace(node.getParentNode()));
    }

    private Node copy(Node node, boolean preserveSpace) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                Element original = (Element) node;
                Element copy = document.createElementNS(original.getNamespaceURI(), original.getTagName());
                List<String> order = new ArrayList<>();
                ParsedXml.TagSpan span = transform.tag(original);
                List<String> written = span == null ? List.of()
                        : PreservingXmlWriter.attributeNames(transform.text().substring(span.start(), span.end()));
                NamedNodeMap attributes = original.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr attribute = (Attr) attributes.item(i);
                    boolean xdtDeclaration = PreservingXmlWriter.isNamespaceDeclaration(attribute) && NAMESPACE.equals(attribute.getValue());
                    if (NAMESPACE.equals(attribute.getNamespaceURI()) || xdtDeclaration) {
                        continue;
                    }
                    copy.setAttributeNS(attribute.getNamespaceURI(), attribute.getName(), attribute.getValue());
                }
                for (String name : written) {
                    if (copy.hasAttribute(name)) {
                        order.add(name);
                    }
                }
                attributeOrder.put(copy, order);
                copiedFrom.put(copy, original);
                boolean preserve = preserveSpace;
                Attr space = original.getAttributeNodeNS(XMLConstants.XML_NS_URI, "space");
                if (space != null) {
                    preserve = "preserve".equals(space.getValue());
                }
                for (Node child = original.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (preserve || !NewNodeIndenter.isWhitespace(child)) {
                        copy.appendChild(copy(child, preserve));
                    }
                }
                newNodes.add(copy);
                return copy;
            }
            default -> {
                Node copy = document.importNode(node, false);
                newNodes.add(copy);
                return copy;
            }
        }
    }

    private static boolean preservesSpace(Node node) {
        for (Node n = node; n instanceof Element element; n = n.getParentNode()) {
            Attr space = element.getAttributeNodeNS(XMLConstants.XML_NS_URI, "space");
            if (space != null) {
                return "preserve".equals(space.getValue());
            }
        }
        return false;
    }
}
