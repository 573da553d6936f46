package dev.stagehand.core.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.spi.StepHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The README's code is this package's code, so the README cannot show an example that does not compile. */
class ReadmeExamplesTest {

    private static String body(String javaFile) throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/stagehand/core/readme", javaFile));
        return source.substring(source.indexOf("import "));
    }

    @Test
    void theReadmeShowsTheStepHandlerExampleAsCompiled() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(body("WriteMarkerStepHandler.java")),
                "README.md's step handler example differs from WriteMarkerStepHandler.java");
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

    @Test
    void theExampleHandlerIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(StepHandler.class).stream()
                .anyMatch(p -> p.type() == WriteMarkerStepHandler.class));
    }
}
