package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.ManifestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void readsAFlatObjectKeepingFileOrderAndTakingScalarsAsText() throws Exception {
        Map<String, String> values = Parameters.read(Fixtures.resource("parameters/valid.json"));

        assertEquals(List.of("Product.SystemName", "Product.Database.Online.Port", "Product.Debug", "Product.Ratio"),
                List.copyOf(values.keySet()));
        assertEquals("MES", values.get("Product.SystemName"));
        assertEquals("5432", values.get("Product.Database.Online.Port"));
        assertEquals("false", values.get("Product.Debug"));
        assertEquals("0.5", values.get("Product.Ratio"));
    }

    @Test
    void badJsonIsAnErrorWithLineAndColumn() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Parameters.read(Fixtures.resource("parameters/bad-json.json")));

        assertTrue(e.reason().startsWith("not valid JSON"), e.reason());
        assertTrue(e.location().file().endsWith("parameters/bad-json.json"));
        assertEquals(4, e.location().line());
        assertEquals(3, e.location().column());
    }

    @Test
    void aNestedValueIsAnErrorNamingTheKey() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Parameters.read(Fixtures.resource("parameters/nested.json")));

        assertTrue(e.reason().startsWith("'Product.Database' is an object"), e.reason());
        assertEquals(3, e.location().line());
    }

    @Test
    void aDuplicateKeyIsAnError() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Parameters.read(Fixtures.resource("parameters/duplicate.json")));

        assertTrue(e.reason().contains("Duplicate field 'A'"), e.reason());
        assertEquals(3, e.location().line());
    }

    @Test
    void anArrayAtTheTopIsAnError() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Parameters.read(Fixtures.resource("parameters/not-object.json")));

        assertEquals("parameters must be a JSON object of name to value", e.reason());
        assertEquals(1, e.location().line());
    }

    @Test
    void theSampleParametersAreValid() throws Exception {
        assertEquals("SAMPLE", Parameters.read(Fixtures.samples().resolve("parameters.json")).get("Product.SystemName"));
    }

    @Test
    void aBadValueIsNotRepeatedInTheErrorForItMightBeAPassword(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        java.nio.file.Path file = temp.resolve("parameters.json");
        java.nio.file.Files.writeString(file, "{\n  \"Db.Password\": hunter2secret\n}\n");

        ManifestException e = assertThrows(ManifestException.class, () -> Parameters.read(file));

        assertTrue(e.reason().startsWith("not valid JSON"), e.reason());
        assertEquals(2, e.location().line());
        assertTrue(!e.getMessage().contains("hunter2secret"), e.getMessage());
    }

    @Test
    void namesThatDifferOnlyInCaseAreAnErrorAsVariablesMatchIgnoringCase() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> Parameters.read(Fixtures.resource("parameters/case-twins.json")));

        assertEquals("'product.name' differs from 'Product.Name' only in case; variable names match ignoring case, so"
                + " which value is meant would be a guess", e.reason());
        assertEquals(3, e.location().line());
    }

    @Test
    void aValueLongerThanTheLimitIsAnErrorNamingTheFileAndKey() {
        String json = "{\"Small\": \"x\",\n \"Big\": \"" + "v".repeat(Parameters.MAX_VALUE_LENGTH + 1) + "\"}";

        ManifestException e = assertThrows(ManifestException.class, () -> Parameters.read(
                new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "big.json"));

        assertEquals("the value of 'Big' is too long: parameters hold at most 1048576 characters per value", e.reason());
        assertEquals("big.json", e.location().file());
        assertEquals(2, e.location().line());
    }

    @Test
    void aValueAtTheLimitIsTaken() throws Exception {
        String json = "{\"Big\": \"" + "v".repeat(Parameters.MAX_VALUE_LENGTH) + "\"}";

        assertEquals(Parameters.MAX_VALUE_LENGTH, Parameters.read(new java.io.ByteArrayInputStream(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "big.json").get("Big").length());
    }

    @Test
    void writtenParametersReadBackInOrderAndOnlyTheirOwnerCanReadThem(@org.junit.jupiter.api.io.TempDir
                                                                      java.nio.file.Path temp) throws Exception {
        java.nio.file.Path file = temp.resolve("parameters.json");
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("Product.SystemName", "SAMPLE");
        values.put("Product.Database.Online.Password", "p\"w\\d");
        values.put("Product.Web.Port", "8080");

        Parameters.write(file, values);
        Parameters.write(file, values);

        assertEquals(values, Parameters.read(file));
        assertEquals(List.of("Product.SystemName", "Product.Database.Online.Password", "Product.Web.Port"),
                List.copyOf(Parameters.read(file).keySet()));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)));
        try (var left = java.nio.file.Files.list(temp)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
    }
}
