package dev.stagehand.core.transform;

import static dev.stagehand.core.transform.XdtFixtures.assertFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The output's text is what Microsoft's XDT writes for the same files, so that a transformed file
 * diffs cleanly against it: elements from the transform keep the transform's start tags, inserted
 * elements are indented as the target is where they land, and {@code >} in attribute values is
 * written {@code &gt;}. One fixture folder per case under {@code src/test/resources/transform/xdt},
 * each compared with its expected.xml line by line and as a whole.
 */
class XdtOutputFormatTest {

    @Test
    void attributesLaidOutOverSeveralLinesInTheTransformStaySoAlignedToTheirNewIndentation() {
        assertNoWarnings(assertFixture("format-multiline-attributes"));
    }

    @Test
    void insertingIntoASelfClosingElementOpensItAndKeepsEachInsertedTagsSpaceOrNoSpaceBeforeTheSlash() {
        assertNoWarnings(assertFixture("format-insert-into-self-closing"));
    }

    @Test
    void insertingIntoAnElementWithOnlyAStartAndAnEndTagPutsTheEndTagOnItsOwnLineWithTheTargetsTabs() {
        assertNoWarnings(assertFixture("format-insert-into-start-and-end-tag"));
    }

    @Test
    void insertingBetweenSiblingsIndentsTheNewElementAndTheSiblingAfterIt() {
        assertNoWarnings(assertFixture("format-insert-between-siblings"));
    }

    @Test
    void insertedSubtreesAreIndentedAsTheTargetIsAtEveryDepthWhateverTheTransformsIndentation() {
        assertNoWarnings(assertFixture("format-insert-at-depth"));
    }

    @Test
    void greaterThanInAnAttributeValueIsWrittenAsAnEntityEverywhereAndOtherCharactersKeepTheirForm() {
        assertNoWarnings(assertFixture("format-greater-than-in-attribute"));
    }

    @Test
    void oneLetterElementAndAttributeNamesAreCopiedPatchedAndIndentedLikeAnyOther() {
        assertNoWarnings(assertFixture("format-one-letter-names"));
    }

    @Test
    void copiedTagsAndCommentsTakeTheTargetsLineEndings() {
        assertNoWarnings(assertFixture("format-crlf-target"));
    }

    private static void assertNoWarnings(TransformResult result) {
        assertEquals(List.of(), result.warnings());
    }
}
