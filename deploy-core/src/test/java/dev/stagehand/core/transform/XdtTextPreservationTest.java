package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class XdtTextPreservationTest {

    private static final String XDT = "xmlns:xdt=\"" + XmlDocumentTransform.NAMESPACE + "\"";

    @Test
    void untouchedTextKeepsItsWhitespaceCommentsAttributeOrderAndLineEnds() {
        String source = "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\r\n"
                + "<!-- before the root -->\r\n"
                + "<root   z=\"1\" a='2'\tm=\"&amp;&lt;\">\r\n"
                + "\t<keep  b=\"x\"\r\n          a=\"y\"/>   <!-- odd   spacing -->\r\n"
                + "  <![CDATA[ <raw> ]]><?pi data?>\r\n"
                + "  <gone/>\r\n"
                + "  <text>a &gt; b &amp; c</text>\r\n"
                + "</root>\r\n<!-- after the root -->\r\n";
        String transform = "<root " + XDT + "><gone xdt:Transform=\"Remove\"/></root>";
        String expected = "<?xml version='1.0' encoding='utf-8' standalone='yes'?>\r\n"
                + "<!-- before the root -->\r\n"
                + "<root   z=\"1\" a='2'\tm=\"&amp;&lt;\">\r\n"
                + "\t<keep  b=\"x\"\r\n          a=\"y\"/>   <!-- odd   spacing -->\r\n"
                + "  <![CDATA[ <raw> ]]><?pi data?>\r\n"
                + "  <text>a &gt; b &amp; c</text>\r\n"
                + "</root>\r\n<!-- after the root -->\r\n";
        assertEquals(expected, XmlDocumentTransform.apply(source, transform, "t.xml").output());
    }

    @Test
    void sourceWithoutXmlDeclarationGetsNone() {
        String output = XmlDocumentTransform.apply("<a><b/></a>", "<a " + XDT + "><c xdt:Transform=\"Insert\"/></a>", "t.xml").output();
        assertFalse(output.startsWith("<?xml"), output);
        assertEquals("<a><b/><c/></a>", output.replaceAll("\\s+<", "<"));
    }

    @Test
    void xdtAttributesAndDeclarationNeverReachTheOutputEvenFromTheRoot() {
        String transform = "<configuration " + XDT + " xmlns:x=\"urn:x\" mode=\"prod\" xdt:Transform=\"SetAttributes\">"
                + "<section xdt:Transform=\"Replace\" xdt:Locator=\"Match(name)\" name=\"s\"><x:item/></section>"
                + "</configuration>";
        String output = XmlDocumentTransform.apply("<configuration><section name=\"s\"/></configuration>", transform, "t.xml").output();
        assertFalse(output.contains("xdt"), output);
        // The prefix x is declared only on the transform's root, so the copy declares it itself.
        assertEquals("<configuration mode=\"prod\"><section name=\"s\"><x:item xmlns:x=\"urn:x\"/></section></configuration>",
                output.replaceAll(">\\s+<", "><"));
    }

    @Test
    void withoutTheXdtNamespaceNothingIsTransformed() {
        String source = "<a><b k=\"1\"/></a>";
        TransformResult result = XmlDocumentTransform.apply(source, "<a><b Transform=\"Remove\"/></a>", "t.xml");
        assertEquals(source, result.output());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void elementsInADefaultNamespaceAreFoundThroughTheTransformsOwnDeclaration() {
        String source = "<configuration xmlns=\"urn:cfg\">\n  <item k=\"1\"/>\n  <item k=\"2\"/>\n</configuration>";
        String transform = "<configuration xmlns=\"urn:cfg\" " + XDT + "><item k=\"2\" xdt:Transform=\"Remove\" xdt:Locator=\"Match(k)\"/>"
                + "<item k=\"3\" xdt:Transform=\"Insert\"/></configuration>";
        String output = XmlDocumentTransform.apply(source, transform, "t.xml").output();
        assertEquals("<configuration xmlns=\"urn:cfg\">\n  <item k=\"1\"/>\n  <item k=\"3\"/>\n</configuration>", output);
    }

    @Test
    void matchValuesWithQuotesAreComparedLiterally() {
        String source = "<a><b k=\"it's &quot;x&quot;\"/><b k=\"other\"/></a>";
        String transform = "<a " + XDT + "><b k=\"it's &quot;x&quot;\" xdt:Transform=\"Remove\" xdt:Locator=\"Match(k)\"/></a>";
        assertEquals("<a><b k=\"other\"/></a>", XmlDocumentTransform.apply(source, transform, "t.xml").output());
    }

    @Test
    void childrenOfAReplacedElementSeeTheReplacement() {
        String source = "<a><b><old/></b></a>";
        String transform = "<a " + XDT + "><b xdt:Transform=\"Replace\"><new/><c xdt:Transform=\"SetAttributes\" v=\"1\"/></b></a>";
        String output = XmlDocumentTransform.apply(source, transform, "t.xml").output();
        assertTrue(output.contains("<c v=\"1\"/>"), output);
        assertFalse(output.contains("old"), output);
    }
}
