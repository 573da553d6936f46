package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Documents nested deeper than anyone writes them: a located error, never a StackOverflowError. */
class DeepDocumentsTest {

    @TempDir
    Path dir;

    private static String deepXml(int depth) {
        return "<a>".repeat(depth) + "</a>".repeat(depth);
    }

    private static String deepJson(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** The error names the transform file, and the document to transform when that is the deep one. */
    private static void assertLocatedRefusal(CliRun run, String file) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(file.startsWith("deep") ? file : "the document to transform"), run.err());
        assertTrue(run.err().contains("nested deeper than 1000"), run.err());
        assertFalse(run.err().contains("StackOverflowError") || run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 100_000})
    void aDeepXmlTargetIsRefusedWithItsLocation(int depth) throws Exception {
        Path target = Files.writeString(dir.resolve("deep.config"), deepXml(depth));
        Path transform = Files.writeString(dir.resolve("t.config"), "<a xmlns:xdt=\"http://schemas.microsoft.com/"
                + "XML-Document-Transform\"><b xdt:Transform=\"Insert\"/></a>");

        assertLocatedRefusal(CliRun.of("transform", target.toString(), transform.toString()), "target");
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 100_000})
    void aDeepXmlTransformIsRefusedWithItsLocation(int depth) throws Exception {
        Path target = Files.writeString(dir.resolve("web.config"), "<a/>");
        Path transform = Files.writeString(dir.resolve("deep.config"), deepXml(depth));

        assertLocatedRefusal(CliRun.of("transform", target.toString(), transform.toString()), "deep.config");
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 100_000})
    void aDeepJsonTargetIsRefusedWithItsLocation(int depth) throws Exception {
        Path target = Files.writeString(dir.resolve("deep.json"), deepJson(depth));
        Path transform = Files.writeString(dir.resolve("t.json"), "{\"b\":1}");

        assertLocatedRefusal(CliRun.of("transform", target.toString(), transform.toString()), "target");
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 100_000})
    void aDeepJsonTransformIsRefusedWithItsLocation(int depth) throws Exception {
        Path target = Files.writeString(dir.resolve("app.json"), "{\"b\":1}");
        Path transform = Files.writeString(dir.resolve("deep.json"), deepJson(depth));

        assertLocatedRefusal(CliRun.of("transform", target.toString(), transform.toString()), "deep.json");
    }
}
