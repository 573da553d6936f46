package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;

/** Reads the fixture folders under {@code transform/xdt} and checks results against them. */
final class XdtFixtures {

    static final String TRANSFORM_NAME = "transform.xml";
    private static final Pattern COMMENT = Pattern.compile("<!--(.*?)-->", Pattern.DOTALL);

    private XdtFixtures() {
    }

    static Path folder(String fixture) {
        try {
            return Path.of(XdtFixtures.class.getResource("/transform/xdt/" + fixture).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String fixture, String file) {
        try {
            return Files.readString(folder(fixture).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TransformResult apply(String fixture) {
        return XmlDocumentTransform.apply(read(fixture, "source.xml"), read(fixture, "transform.xml"), TRANSFORM_NAME);
    }

    /**
     * Applies the fixture's transform and checks the output against {@code expected.xml}: identical
     * as XML (comments and whitespace included), the same text, the source's comments kept and no
     * trace of the XDT syntax.
     */
    static TransformResult assertFixture(String fixture) {
        TransformResult result = apply(fixture);
        String expected = read(fixture, "expected.xml");
        Diff diff = DiffBuilder.compare(expected).withTest(result.output()).checkForIdentical().build();
        assertFalse(diff.hasDifferences(), () -> fixture + ": " + diff + "\n" + result.output());
        assertSameLines(fixture, expected, result.output());
        assertEquals(expected, result.output(), fixture + ": the output's text differs from expected.xml");
        assertFalse(result.output().contains("xdt"), fixture + ": xdt syntax reached the output");
        Matcher comments = COMMENT.matcher(read(fixture, "source.xml"));
        while (comments.find()) {
            String comment = comments.group(1);
            assertTrue(result.output().contains(comment), fixture + ": comment lost: " + comment);
        }
        return result;
    }

    /** Compares line by line, so that a failure names the first line of expected.xml that differs. */
    static void assertSameLines(String fixture, String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            int line = i + 1;
            assertEquals(want.get(i), got.get(i), () -> fixture + ": line " + line + " of expected.xml differs; output:\n" + actual);
        }
        assertEquals(want.size(), got.size(), () -> fixture + ": the output has another number of lines; output:\n" + actual);
    }
}
