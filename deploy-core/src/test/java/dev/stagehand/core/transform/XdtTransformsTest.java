package dev.stagehand.core.transform;

import static dev.stagehand.core.transform.XdtFixtures.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One fixture folder per transform, locator and example; see {@code src/test/resources/transform/xdt}. */
class XdtTransformsTest {

    @Test
    void replaceSwapsTheMatchForTheTransformElement() {
        assertNoWarnings(assertFixture("replace"));
    }

    @Test
    void removeDeletesTheMatchAndTheGapItLeaves() {
        assertNoWarnings(assertFixture("remove"));
    }

    @Test
    void removeWithSeveralMatchesRemovesOnlyTheFirstAndWarns() {
        List<Problem> warnings = assertFixture("remove-first-of-several").warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).message().contains("only applies to the first match"), warnings::toString);
        assertEquals(Location.ofFile("transform.xml", 3, 5), warnings.get(0).location());
    }

    @Test
    void removeAllDeletesEveryMatch() {
        assertNoWarnings(assertFixture("remove-all"));
    }

    @Test
    void insertAppendsAsLastChildOfTheParentWithItsSiblingsIndentation() {
        assertNoWarnings(assertFixture("insert"));
    }

    @Test
    void insertIfMissingInsertsOnlyWhenNothingMatches() {
        assertNoWarnings(assertFixture("insert-if-missing"));
    }

    @Test
    void insertBeforePlacesTheElementBeforeTheFirstXPathMatch() {
        assertNoWarnings(assertFixture("insert-before"));
    }

    @Test
    void insertAfterEvaluatesARelativeXPathFromTheParent() {
        assertNoWarnings(assertFixture("insert-after"));
    }

    @Test
    void setAttributesCopiesEveryAttributeOfTheTransformElementKeepingTheTagsLayout() {
        assertNoWarnings(assertFixture("set-attributes"));
    }

    @Test
    void setAttributesWithNamesCopiesOnlyThose() {
        assertNoWarnings(assertFixture("set-attributes-named"));
    }

    @Test
    void removeAttributesRemovesTheNamedAttributes() {
        assertNoWarnings(assertFixture("remove-attributes"));
    }

    @Test
    void commentOutReplacesTheElementWithACommentHoldingIt() {
        assertNoWarnings(assertFixture("comment-out"));
    }

    @Test
    void conditionLocatorAddsItsExpressionAsAPredicate() {
        assertNoWarnings(assertFixture("locator-condition"));
    }

    @Test
    void matchLocatorComparesTheNamedAttributesWithTheTransformElements() {
        assertNoWarnings(assertFixture("locator-match"));
    }

    @Test
    void absoluteXPathLocatorReplacesThePath() {
        assertNoWarnings(assertFixture("locator-xpath-absolute"));
    }

    @Test
    void relativeXPathLocatorIsAppendedToTheElementsPath() {
        assertNoWarnings(assertFixture("locator-xpath-relative"));
    }

    @Test
    void defaultLocatorFindsTheSameNameUnderTheParentsMatch() {
        assertNoWarnings(assertFixture("locator-default"));
    }

    @Test
    void namespacedElementsAreFoundByNamespaceWithTheDefaultOneReachableAsDefaultNamespacePrefix() {
        assertNoWarnings(assertFixture("namespaces"));
    }

    @Test
    void webConfigGetsItsProductionSettings() {
        assertNoWarnings(assertFixture("web-config"));
    }

    @Test
    void appSettingsValueIsReplacedByMatchOnKey() {
        assertNoWarnings(assertFixture("app-settings-replace"));
    }

    @Test
    void noMatchIsAWarningNamingThePathAndTheTransformIsSkipped() {
        List<Problem> warnings = assertFixture("no-match").warnings();
        assertEquals(2, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).message().contains("/configuration/appSettings/add[@key='Missing']"), warnings::toString);
        assertEquals(Location.ofFile("transform.xml", 3, 5), warnings.get(0).location());
        // The first ancestor that matched nothing is named, as in the reference.
        assertTrue(warnings.get(1).message().contains("'/configuration/system.webServer'"), warnings::toString);
        assertEquals(Location.ofFile("transform.xml", 6, 5), warnings.get(1).location());
    }

    private static void assertNoWarnings(TransformResult result) {
        assertEquals(List.of(), result.warnings());
    }
}
