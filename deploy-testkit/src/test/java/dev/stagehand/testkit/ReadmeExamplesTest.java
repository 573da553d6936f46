package dev.stagehand.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README shows lines of these tests, so it cannot show an example that does not compile or pass. */
class ReadmeExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    /** The README's code blocks in that language, each as its lines without indentation. */
    private static List<List<String>> blocks(String language) throws Exception {
        Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md")));
        List<List<String>> blocks = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(language)) {
                blocks.add(stripped(m.group(2)));
            }
        }
        return blocks;
    }

    private static List<String> stripped(String text) {
        return text.lines().map(String::strip).toList();
    }

    @Test
    void everyJavaExampleOfTheReadmeIsLinesOfATest() throws Exception {
        List<List<String>> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.java")).toList()) {
                tests.add(stripped(Files.readString(file)));
            }
        }
        List<List<String>> examples = blocks("java");

        assertEquals(2, examples.size(), "the README's Java examples");
        for (List<String> example : examples) {
            assertTrue(tests.stream().anyMatch(test -> Collections.indexOfSubList(test, example) >= 0),
                    () -> "no test has these lines:\n" + String.join("\n", example));
        }
    }

    @Test
    void theMavenSnippetIsWhatTheSqlModuleUses() throws Exception {
        List<String> pom = stripped(Files.readString(Path.of("../deploy-steps-sql/pom.xml")));

        for (List<String> snippet : blocks("xml")) {
            assertTrue(Collections.indexOfSubList(pom, snippet) >= 0, () -> String.join("\n", snippet));
        }
    }
}
