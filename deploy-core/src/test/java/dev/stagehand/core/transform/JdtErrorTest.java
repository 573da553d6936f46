package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Location;
import org.junit.jupiter.api.Test;

/** Errors name the transform file, the line and column of the offending node, and its JSON path. */
class JdtErrorTest {

    @Test
    void unknownVerbIsAnErrorNamingIt() {
        TransformException e = fail("error-unknown-verb");
        assertEquals(Location.ofFile("transform.json", 3, 5), e.location());
        assertTrue(e.reason().startsWith("@jdt.delete is not a valid JDT verb"));
        assertTrue(e.reason().contains("$.settings['@jdt.delete']"));
    }

    @Test
    void removingTheRootIsAnError() {
        TransformException e = fail("error-remove-root");
        assertEquals(Location.ofFile("transform.json", 2, 3), e.location());
        assertTrue(e.reason().contains("cannot remove the root"));
        assertTrue(e.reason().contains("$['@jdt.remove']"));
    }

    @Test
    void removingTheRootThroughAPathIsAnError() {
        TransformException e = fail("error-remove-root-by-path");
        assertEquals(Location.ofFile("transform.json", 3, 5), e.location());
        assertTrue(e.reason().contains("$['@jdt.remove'][0]"));
    }

    @Test
    void replacingTheRootWithANonObjectIsAnError() {
        TransformException e = fail("error-replace-root");
        assertTrue(e.reason().contains("cannot replace the root of the document with a string"));
    }

    @Test
    void mergingANonObjectIntoTheRootIsAnError() {
        TransformException e = fail("error-merge-root-with-scalar");
        assertEquals(Location.ofFile("transform.json", 2, 19), e.location());
    }

    @Test
    void replaceWithPathButNoValueIsAnError() {
        TransformException e = fail("error-replace-path-without-value");
        assertEquals(Location.ofFile("transform.json", 3, 5), e.location());
        assertTrue(e.reason().contains("requires both @jdt.path and @jdt.value"));
        assertTrue(e.reason().contains("$['@jdt.replace'][0]"));
    }

    @Test
    void mergeWithValueButNoPathIsAnError() {
        assertTrue(fail("error-merge-value-without-path").reason().contains("@jdt.merge requires both"));
    }

    @Test
    void removeWithANumberIsAnErrorNamingTheType() {
        assertTrue(fail("error-bad-remove-value").reason().startsWith("number is not a valid value for @jdt.remove"));
    }

    @Test
    void renameToANonStringIsAnError() {
        TransformException e = fail("error-rename-value-not-string");
        assertEquals(Location.ofFile("transform.json", 4, 5), e.location());
    }

    @Test
    void renameOntoAnExistingKeyIsAnError() {
        assertTrue(fail("error-rename-to-existing-name").reason().contains("already has a property"));
    }

    @Test
    void renameOfAnArrayElementIsAnError() {
        assertTrue(fail("error-rename-array-element").reason().contains("not an object property"));
    }

    @Test
    void attributeNotAcceptedByTheVerbIsAnError() {
        TransformException e = fail("error-unknown-attribute");
        assertEquals(Location.ofFile("transform.json", 4, 5), e.location());
        assertTrue(e.reason().startsWith("@jdt.value is not a valid attribute for @jdt.remove"));
    }

    @Test
    void attributesMixedWithOtherKeysAreAnError() {
        assertTrue(fail("error-attributes-mixed-with-keys").reason().contains("may not hold other properties"));
    }

    @Test
    void pathThatIsNotAStringIsAnError() {
        TransformException e = fail("error-path-not-string");
        assertEquals(Location.ofFile("transform.json", 2, 21), e.location());
    }

    @Test
    void invalidJsonPathIsAnErrorAtThePathAttribute() {
        TransformException e = fail("error-invalid-jsonpath");
        assertEquals(Location.ofFile("transform.json", 3, 5), e.location());
        assertTrue(e.reason().contains("is not a valid JSONPath"));
    }

    @Test
    void invalidTransformJsonGivesTheLineAndColumn() {
        TransformException e = fail("error-invalid-transform-json");
        assertEquals(Location.ofFile("transform.json", 4, 1), e.location());
        assertTrue(e.reason().startsWith("the transform is not valid JSON"));
        assertTrue(e.reason().contains("(at $.b[1])"));
    }

    @Test
    void invalidSourceJsonGivesTheLineAndColumnInTheMessage() {
        TransformException e = fail("error-invalid-source-json");
        assertEquals(Location.ofFile("transform.json"), e.location());
        assertTrue(e.reason().contains("not valid JSON at line 3, column 10"));
    }

    @Test
    void sourceThatIsNotAnObjectIsAnError() {
        assertTrue(fail("error-source-not-object").reason().contains("must be a JSON object"));
    }

    private static TransformException fail(String fixture) {
        return assertThrows(TransformException.class, () -> JdtFixture.named(fixture).apply());
    }
}
