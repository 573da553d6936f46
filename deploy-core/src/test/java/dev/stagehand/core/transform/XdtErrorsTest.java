package dev.stagehand.core.transform;

import static dev.stagehand.core.transform.XdtFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Location;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XdtErrorsTest {

    private static final String MARKER = "STAGEHAND-SECRET-7f3a9c";
    private static final String SOURCE = "<configuration><appSettings><add key=\"a\" value=\"1\"/></appSettings></configuration>";

    @Test
    void unknownTransformIsAnErrorNamingIt() {
        TransformException e = assertThrows(TransformException.class, () -> XdtFixtures.apply("error-unknown-transform"));
        assertTrue(e.reason().contains("'Obliterate'"), e::getMessage);
        assertEquals(Location.ofFile("transform.xml", 3, 5), e.location());
    }

    @Test
    void unknownLocatorIsAnErrorNamingIt() {
        TransformException e = assertThrows(TransformException.class, () -> XdtFixtures.apply("error-unknown-locator"));
        assertTrue(e.reason().contains("'Nearest'"), e::getMessage);
        assertEquals(Location.ofFile("transform.xml", 3, 5), e.location());
    }

    @Test
    void insertWithoutParentIsAnError() {
        TransformException e = assertThrows(TransformException.class, () -> XdtFixtures.apply("error-insert-missing-parent"));
        assertTrue(e.reason().contains("'/configuration/system.webServer'"), e::getMessage);
        assertEquals(Location.ofFile("transform.xml", 4, 7), e.location());
    }

    @Test
    void malformedTransformReportsLineAndColumn() {
        TransformException e = assertThrows(TransformException.class, () -> XdtFixtures.apply("error-malformed-transform"));
        assertEquals("transform.xml", e.location().file());
        assertEquals(4, e.location().line(), e::getMessage);
        assertTrue(e.location().column() > 0, e::getMessage);
        assertTrue(e.getMessage().startsWith("transform.xml:4:"), e::getMessage);
    }

    @Test
    void doctypeInTheTransformIsRefused() {
        TransformException e = assertThrows(TransformException.class, () -> XdtFixtures.apply("error-doctype-transform"));
        assertTrue(e.reason().contains("DTD"), e::getMessage);
        assertEquals("transform.xml", e.location().file());
    }

    @Test
    void externalEntityInTheSourceIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), MARKER);
        String source = "<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<configuration><appSettings><add key=\"a\" value=\"&xxe;\"/></appSettings></configuration>";
        String transform = read("replace", "transform.xml");
        TransformException e = assertThrows(TransformException.class, () -> XmlDocumentTransform.apply(source, transform, "t.xml"));
        assertRefusedWithoutMarker(e);
    }

    @Test
    void externalEntityInTheTransformIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), MARKER);
        String transform = "<!DOCTYPE configuration [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<configuration xmlns:xdt=\"" + XmlDocumentTransform.NAMESPACE + "\"><appSettings>"
                + "<add key=\"a\" value=\"&xxe;\" xdt:Transform=\"SetAttributes\" xdt:Locator=\"Match(key)\"/>"
                + "</appSettings></configuration>";
        TransformException e = assertThrows(TransformException.class, () -> XmlDocumentTransform.apply(SOURCE, transform, "t.xml"));
        assertRefusedWithoutMarker(e);
        assertEquals("t.xml", e.location().file());
    }

    @Test
    void parameterEntityIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.dtd"), "<!ENTITY leak \"" + MARKER + "\">");
        String transform = "<!DOCTYPE c [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]>\n<c>&leak;</c>";
        TransformException e = assertThrows(TransformException.class, () -> XmlDocumentTransform.apply(SOURCE, transform, "t.xml"));
        assertRefusedWithoutMarker(e);
    }

    private static void assertRefusedWithoutMarker(TransformException e) {
        assertTrue(e.reason().contains("DTD"), e::getMessage);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(MARKER), "the referenced file was read");
    }
}
