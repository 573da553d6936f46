package dev.stagehand.api.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

class SecureXmlTest {

    @TempDir
    Path temp;

    private static java.io.InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDocumentIsReadWithItsNamespaces() throws Exception {
        var document = SecureXml.parse(bytes("<a:root xmlns:a=\"urn:a\"><a:child>text</a:child></a:root>"));

        assertEquals("urn:a", document.getDocumentElement().getNamespaceURI());
        assertEquals("text", document.getElementsByTagNameNS("urn:a", "child").item(0).getTextContent());
    }

    @Test
    void aDtdWithAnExternalEntityIsRefusedAndTheFileIsNeverRead() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "TOP-SECRET");
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<r>&x;</r>";

        SAXException e = assertThrows(SAXException.class, () -> SecureXml.parse(bytes(hostile)));
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
    }

    @Test
    void entityExpansionWithoutBoundIsRefused() {
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<l>&c;</l>";

        assertThrows(SAXException.class, () -> SecureXml.parse(bytes(billionLaughs)));
    }
}
