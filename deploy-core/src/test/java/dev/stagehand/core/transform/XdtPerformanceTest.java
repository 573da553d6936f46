package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * A 5 MiB document with 100 transforms must cost at most about three bare DOM reads and writes.
 * The bound checked here is looser, so that a busy build machine does not fail it; the release
 * benchmark holds the real one.
 */
class XdtPerformanceTest {

    private static final int ENTRIES = 45_000;

    @Test
    void hundredTransformsOnFiveMebibytesCostAFewDomRoundTrips() throws Exception {
        String source = bigSource();
        assertTrue(source.length() >= 5 * 1024 * 1024, () -> "source is only " + source.length() + " chars");
        String transform = hundredTransforms();

        long dom = Long.MAX_VALUE;
        long xdt = Long.MAX_VALUE;
        TransformResult result = null;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            domRoundTrip(source);
            dom = Math.min(dom, System.nanoTime() - start);
            start = System.nanoTime();
            result = XmlDocumentTransform.apply(source, transform, "perf.xml");
            xdt = Math.min(xdt, System.nanoTime() - start);
        }
        assertEquals(0, result.warnings().size(), result.warnings()::toString);
        assertTrue(result.output().contains("<add key=\"new-99\" value=\"v\" />"));
        long domMillis = dom / 1_000_000;
        long xdtMillis = xdt / 1_000_000;
        assertTrue(xdt <= 6 * dom + 300_000_000L, () -> "XDT took " + xdtMillis + " ms, a DOM round trip " + domMillis + " ms");
    }

    private static String bigSource() {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <appSettings>\n");
        for (int i = 0; i < ENTRIES; i++) {
            out.append("    <!-- entry ").append(i).append(" -->\n")
                    .append("    <add key=\"key-").append(i).append("\" value=\"value number ").append(i)
                    .append(" with some padding text\" enabled=\"true\" />\n");
        }
        return out.append("  </appSettings>\n</configuration>\n").toString();
    }

    private static String hundredTransforms() {
        StringBuilder out = new StringBuilder("<configuration xmlns:xdt=\"" + XmlDocumentTransform.NAMESPACE + "\">\n  <appSettings>\n");
        for (int i = 0; i < 25; i++) {
            int k = i * 1_700 + 3;
            out.append("    <add key=\"key-").append(k).append("\" value=\"replaced\" xdt:Transform=\"Replace\" xdt:Locator=\"Match(key)\" />\n");
            out.append("    <add key=\"key-").append(k + 1).append("\" value=\"set\" xdt:Transform=\"SetAttributes(value)\" xdt:Locator=\"Match(key)\" />\n");
            out.append("    <add xdt:Transform=\"Remove\" xdt:Locator=\"Condition(@key='key-").append(k + 2).append("')\" />\n");
        }
        for (int i = 75; i < 100; i++) {
            out.append("    <add key=\"new-").append(i).append("\" value=\"v\" xdt:Transform=\"Insert\" />\n");
        }
        return out.append("  </appSettings>\n</configuration>\n").toString();
    }

    private static void domRoundTrip(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
    }
}
