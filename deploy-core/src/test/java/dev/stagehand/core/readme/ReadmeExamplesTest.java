package dev.stagehand.core.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example is this package's code, so the README cannot show one that does
 * not compile; its step type example is checked against samples/plugin by deploy-cli-sample's tests.
 */
class ReadmeExamplesTest {

    private static String body(String javaFile) throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/stagehand/core/readme", javaFile));
        return source.substring(source.indexOf("import "));
    }

    @Test
    void theReadmeShowsTheEmbeddingExampleAsCompiled() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(body("EmbeddingExample.java")),
                "README.md's embedding example differs from EmbeddingExample.java");
    }

    @Test
    void theEmbeddingExampleDeploys(@org.junit.jupiter.api.io.TempDir Path state) throws Exception {
        Path parameters = state.resolve("parameters.json");
        Files.writeString(parameters, "{}");

        var result = EmbeddingExample.deploy(Path.of("src/test/resources/engine/basic"), parameters,
                state.resolve(".deploy"), "Root");

        assertTrue(result.succeeded(), result.problems()::toString);
        org.junit.jupiter.api.Assertions.assertEquals(3, result.packages().size());
    }
}
