package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Writing a step type" shows samples/plugin as it is, the plugin the integration
 * tests build and load from plugins/, so the README cannot show a plugin that does not work.
 */
class ReadmeStepTypeTest {

    private static final Path PLUGIN = Path.of("../samples/plugin");
    private static final Path HANDLER = PLUGIN.resolve("src/main/java/com/example/deploy/WriteMarkerStepHandler.java");

    private static String section() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("\n## Writing a step type\n");
        assertTrue(start >= 0, "README.md has a section 'Writing a step type'");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    @Test
    void theReadmeShowsTheSamplePluginsHandlerAsItIs() throws Exception {
        assertTrue(section().contains("```java\n" + Files.readString(HANDLER) + "```\n"),
                "README.md's step type example differs from " + HANDLER);
    }

    @Test
    void theReadmeShowsTheSamplePluginsPomAsItIs() throws Exception {
        assertTrue(section().contains("```xml\n" + Files.readString(PLUGIN.resolve("pom.xml")) + "```\n"),
                "README.md's plugin pom differs from " + PLUGIN.resolve("pom.xml"));
    }

    @Test
    void theCompletePluginIsUnderSixtyLines() throws Exception {
        assertTrue(Files.readAllLines(HANDLER).size() < 60, HANDLER + " has grown past 60 lines");
    }

    @Test
    void thePluginBuildsOnDeployApiAloneAsProvided() throws Exception {
        String pom = Files.readString(PLUGIN.resolve("pom.xml"));
        String dependencies = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
        Matcher dependency = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<scope>([^<]+)</scope>")
                .matcher(dependencies);
        List<String> found = dependency.results().map(m -> m.group(1) + ":" + m.group(2)).toList();

        assertEquals(List.of("deploy-api:provided", "auto-service-annotations:provided"), found);
        assertEquals(2, dependencies.split("<dependency>").length - 1, "no other dependency");
    }
}
