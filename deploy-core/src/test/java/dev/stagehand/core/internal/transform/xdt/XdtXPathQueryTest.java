package dev.stagehand.core.internal.transform.xdt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/** The direct evaluator must select what the JDK's XPath selects. */
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
    void directEvaluationSelectsWhatTheJdkSelects(String expression) throws Exception {
        Document document = SecureXmlReader.read(XML).document();
        List<Node> direct = XPathQuery.compile(expression, NAMESPACES).select(document);
        List<Node> jdk = XPathQuery.compileWithJdk(expression, NAMESPACES).select(document);
        assertEquals(jdk, direct, expression);
    }
}
