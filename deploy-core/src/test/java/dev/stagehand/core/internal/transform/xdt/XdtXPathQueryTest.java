package dev.stagehand.core.internal.transform.xdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Locators are evaluated by Jaxen; for the forms locators use it must select what the JDK's XPath selects. */
class XdtXPathQueryTest {

    private static final String XML = "<configuration xmlns:p=\"urn:p\">"
            + "<appSettings><add key=\"a\" value=\"1\"/><add key=\"b\" value=\"2\"/><!-- c --><add key=\"c\" value=\"10\"/></appSettings>"
            + "<p:section><p:item id=\"x\">text</p:item></p:section>"
            + "<system.web><compilation debug=\"true\" targetFramework=\"4.8\"/></system.web>"
            + "</configuration>";
    private static final Map<String, String> NAMESPACES = Map.of("q", "urn:p");

    @ParameterizedTest
    @ValueSource(strings = {
        "/configuration/appSettings/add",
        "/configuration/appSettings/add[@key='b']",
        "/configuration/appSettings/add[@key='a' or @key=\"c\"]",
        "/configuration/appSettings/add[@key!='a' and not(@value='2')]",
        "/configuration/appSettings/add[2]",
        "/configuration/appSettings/add[last()]",
        "/configuration/appSettings/add[position() > 1]",
        "/configuration/appSettings/add[@value > 1]",
        "/configuration/appSettings/add[contains(@key, 'b') or starts-with(@value, '1')]",
        "/configuration/appSettings/*",
        "/configuration/appSettings/node()",
        "/configuration/appSettings/comment()",
        "//add[@value='10']",
        "/configuration//compilation[@debug='true']",
        "/configuration/q:section/q:item[@id='x']",
        "/configuration/q:section/q:item[text()='text']",
        "/configuration/q:section/q:*",
        "/configuration/appSettings/add/..",
        "/configuration/appSettings/add[@key='b']/following-sibling::add",
        "/configuration/appSettings/add[@key='c']/preceding-sibling::add[1]",
        "/configuration/appSettings/add/@key",
        "/configuration/system.web/compilation/self::node()[@targetFramework='4.8']",
        "/configuration/appSettings[count(add) = 3]",
        "/configuration/appSettings/add[string-length(@key) = 1 and normalize-space(concat(' ', @key, ' ')) = 'a']",
        "/configuration/appSettings/add[translate(@key, 'abc', 'ABC') = 'B']",
        "/configuration/appSettings/add[@key='a'] | /configuration/appSettings/add[@key='c']",
        "/configuration/appSettings/add[@value * 2 = 20]",
    })
    void selectsWhatTheJdkSelectsInDocumentOrder(String expression) throws Exception {
        Document document = SecureXmlReader.read(XML).document();
        List<Node> selected = XPathQuery.compile(expression, NAMESPACES).select(document);
        assertEquals(selectWithJdk(expression, document), selected, expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@key='b'", "'b' = @key", "@key='a' and @value=\"1\"", "@key='a' and @value='2'", "@key='zz'"})
    void attributeComparisonsFoundInAPredicateSelectWhatTheXPathSelects(String predicate) throws Exception {
        Document document = SecureXmlReader.read(XML).document();
        List<XPathQuery.AttributeEquals> comparisons = XPathQuery.attributeEqualities(predicate);
        List<Node> direct = new ArrayList<>();
        for (Node add : XPathQuery.compile("/configuration/appSettings/add", NAMESPACES).select(document)) {
            if (comparisons.stream().allMatch(c -> {
                Attr attribute = ((Element) add).getAttributeNode(c.name());
                return attribute != null && attribute.getValue().equals(c.value());
            })) {
                direct.add(add);
            }
        }
        assertEquals(XPathQuery.compile("/configuration/appSettings/add[" + predicate + "]", NAMESPACES).select(document),
                direct, predicate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@key!='a'", "@key='a' or @key='b'", "@q:key='a'", "@*='a'", "key='a'", "@key=concat('a', '')",
        "@value=1", "not(@key='a')", "@key='a' and position()=1", "@key=", "(@key='a')[1]"})
    void predicatesOtherThanAttributeEqualsLiteralAreLeftToTheXPathEngine(String predicate) {
        assertNull(XPathQuery.attributeEqualities(predicate), predicate);
    }

    @Test
    void malformedExpressionIsRejectedWhenCompiledNamingIt() {
        XPathQuery.InvalidException e = assertThrows(XPathQuery.InvalidException.class,
                () -> XPathQuery.compile("/configuration/add[@key=", NAMESPACES));
        assertTrue(e.getMessage().contains("'/configuration/add[@key='"), e.getMessage());
    }

    @Test
    void expressionThatYieldsAValueInsteadOfNodesIsRejected() throws Exception {
        Document document = SecureXmlReader.read(XML).document();
        XPathQuery query = XPathQuery.compile("count(/configuration/appSettings/add)", NAMESPACES);
        XPathQuery.InvalidException e = assertThrows(XPathQuery.InvalidException.class, () -> query.select(document));
        assertTrue(e.getMessage().contains("does not select elements"), e.getMessage());
    }

    @Test
    void undeclaredPrefixIsAnErrorNotAnEmptySelection() throws Exception {
        Document document = SecureXmlReader.read(XML).document();
        XPathQuery query = XPathQuery.compile("/configuration/nope:section", NAMESPACES);
        XPathQuery.InvalidException e = assertThrows(XPathQuery.InvalidException.class, () -> query.select(document));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    private static List<Node> selectWithJdk(String expression, Document document) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return NAMESPACES.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
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
        NodeList list = (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            nodes.add(list.item(i));
        }
        return nodes;
    }
}
